/**
 * The glossary's entries: the dashboard measures, the indicators of the catalog (GET /api/indicators), the indices
 * (GET /api/methodologies) and the terms of terms.ts, each with one name, its unit and its definition in the page's
 * language. One list, so that the page, its search and the tooltips of other pages say the same.
 */
import type { IndicatorCatalog, Methodology } from '../../../../contract/indicators.ts';
import type { Lang } from '../../app/format.ts';
import { local } from '../../app/indicators/names.ts';
import { TERMS } from './terms.ts';

export const SECTIONS = ['measures', 'indicators', 'indices', 'terms'] as const;
export type Section = (typeof SECTIONS)[number];

export interface Entry {
  /** A measure, indicator, index or term id (a measure and an indicator may share one: calls, products). */
  id: string;
  /** Its anchor on the glossary page (/glossary#calls; a measure's is m-<id>). */
  anchor: string;
  section: Section;
  name: string;
  unit?: string;
  definition: string;
  /** What else a reader needs: how it combines, its direction, an index's parts. */
  notes: string[];
}

export interface MeasureText {
  id: string;
  name: string;
  definition: string;
  unit: string;
}

export interface GlossaryWords {
  sum: string;
  ratio_of_sums: string;
  distinct_count: string;
  lowerIsBetter: string;
  parts: (list: string) => string;
  side: (side: string) => string;
}

export function glossaryEntries(
  lang: Lang,
  words: GlossaryWords,
  measures: MeasureText[],
  catalog: IndicatorCatalog | undefined,
  methodologies: Methodology[] | undefined,
): Entry[] {
  const l = (t: { zh?: string; en?: string } | null | undefined) => local(t ?? undefined, lang);
  const out: Entry[] = measures.map((m) => ({ ...m, anchor: `m-${m.id}`, section: 'measures', notes: [] }));
  for (const i of catalog?.indicators ?? [])
    out.push({
      id: i.id,
      anchor: i.id,
      section: 'indicators',
      name: l(i.name),
      unit: l(i.unit),
      definition: l(i.definition),
      notes: [words.side(i.side), words[i.aggregation], ...(i.higherIsBetter ? [] : [words.lowerIsBetter])],
    });
  for (const m of methodologies ?? []) {
    const leaves = m.nodes.filter((n) => n.kind === 'leaf').map((n) => l(n.title) || n.id);
    out.push({
      id: m.id,
      anchor: m.id,
      section: 'indices',
      name: l(m.title) || m.id,
      definition: l(m.description),
      notes: leaves.length ? [words.parts(leaves.join(lang === 'zh-CN' ? '、' : ', '))] : [],
    });
  }
  for (const t of TERMS) {
    const text = lang === 'zh-CN' ? t.zh : t.en;
    out.push({ id: t.id, anchor: t.id, section: 'terms', name: text.name, definition: text.definition, notes: [] });
  }
  return out;
}

/** Entries whose id, name, definition or notes hold every word of the query (any case). */
export function search(entries: Entry[], query: string): Entry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return entries;
  return entries.filter((e) => {
    const text = [e.id, e.name, e.unit ?? '', e.definition, ...e.notes].join(' ').toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** A term's definition by id, for tooltips on other pages. */
export function termText(id: string, lang: Lang): string {
  const t = TERMS.find((x) => x.id === id);
  return t ? (lang === 'zh-CN' ? t.zh : t.en).definition : '';
}
