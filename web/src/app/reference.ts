/** Region, sector and enumeration names in both languages, from GET /api/reference. */
import type { Lang } from './format.ts';
import type { EnumRef, ReferenceData, RegionRef, SectorRef } from '../../../contract/dashboard.ts';

export type { EnumRef, ReferenceData, RegionRef, SectorRef };

/** Map features that are not in ref_region (the atlas has no records for them) still need names. */
const EXTRA_REGIONS: Record<string, [string, string]> = {
  '710000': ['台湾', 'Taiwan'],
  '810000': ['香港', 'Hong Kong'],
  '820000': ['澳门', 'Macao'],
  // The inset ECharts draws for the map named 'china' is named in Chinese only.
  南海诸岛: ['南海诸岛', 'South China Sea Islands'],
};

export class Reference {
  private regions = new Map<string, RegionRef>();
  private sectors = new Map<string, SectorRef>();
  private enums = new Map<string, Map<string, EnumRef>>();

  constructor(readonly data: ReferenceData) {
    for (const r of data.regions) this.regions.set(r.region_code, r);
    for (const s of data.sectors) this.sectors.set(s.sector_code, s);
    for (const [name, list] of Object.entries(data.enums)) this.enums.set(name, new Map(list.map((e) => [e.code, e])));
  }

  static empty(): Reference {
    return new Reference({
      regions: [],
      sectors: [],
      enums: {},
      period: { first: null, last: null, default_months: 0, last_complete: null, partial: [], last_import: null },
    });
  }

  region(code: string, lang: Lang): string {
    const r = this.regions.get(code);
    if (r) return lang === 'zh-CN' ? r.name_zh : r.name_en;
    const extra = EXTRA_REGIONS[code];
    return extra ? extra[lang === 'zh-CN' ? 0 : 1] : code;
  }

  /** Short name for maps and narrow axes: 北京 / Beijing. */
  regionShort(code: string, lang: Lang): string {
    const r = this.regions.get(code);
    if (r) return lang === 'zh-CN' ? r.name_zh_short : r.name_en_short;
    return this.region(code, lang);
  }

  sector(code: string | null, lang: Lang): string {
    if (!code) return lang === 'zh-CN' ? '未分类' : 'Unclassified';
    const s = this.sectors.get(code);
    return s ? (lang === 'zh-CN' ? s.name_zh : s.name_en) : code;
  }

  /** Short name for narrow axes: 金融服务 / Finance (Chinese names are short already). */
  sectorShort(code: string | null, lang: Lang): string {
    const s = code ? this.sectors.get(code) : undefined;
    return s && lang === 'en' ? s.name_en_short || s.name_en : this.sector(code, lang);
  }

  label(enumName: string, code: string, lang: Lang): string {
    const e = this.enums.get(enumName)?.get(code);
    return e ? (lang === 'zh-CN' ? e.label_zh : e.label_en) : code;
  }

  options(enumName: string, lang: Lang): { value: string; label: string }[] {
    return [...(this.enums.get(enumName)?.values() ?? [])].map((e) => ({
      value: e.code,
      label: lang === 'zh-CN' ? e.label_zh : e.label_en,
    }));
  }

  regionOptions(lang: Lang): { value: string; label: string }[] {
    return this.data.regions.map((r) => ({ value: r.region_code, label: lang === 'zh-CN' ? r.name_zh : r.name_en }));
  }

  sectorOptions(lang: Lang): { value: string; label: string }[] {
    return this.data.sectors.map((s) => ({ value: s.sector_code, label: lang === 'zh-CN' ? s.name_zh : s.name_en }));
  }
}
