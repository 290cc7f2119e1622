/**
 * The filters of the record-level pages (operators, pricing): one region, sector, authorization mode and revenue year,
 * read from the same URL parameters (docs/url-state.md) so a reader moving between the pages keeps them.
 */
import type { FindingRule } from '../../../contract/operators.ts';
import { defineMessages } from './i18n.ts';

export const MODES = ['OVERALL', 'DOMAIN', 'SCENARIO'] as const;
export type Mode = (typeof MODES)[number];

/** The worklist's rules (URL `rule`), in the order both pages list them. */
export const RULES: readonly FindingRule[] = [
  'PRICE_ABOVE_CAP',
  'EFFECTIVE_PRICE_ABOVE_CAP',
  'FREE_PURPOSE_CHARGED',
  'REVENUE_ABOVE_MAX',
  'TERM_OVER_5_YEARS',
  'TRIAL_PAST_FIRST_YEAR',
  'NO_CAP',
  'TERM_ENDING',
];

export interface RecordFilters {
  region: string | null;
  sector: string | null;
  mode: Mode | null;
  year: number | null;
}

/** The filters from the URL; a value the pages do not know is ignored rather than sent. */
export function recordFiltersOf(get: (name: string) => string | null): RecordFilters {
  const region = get('region');
  const sector = get('sector');
  const mode = get('mode');
  const year = Number(get('year'));
  return {
    region: region && /^\d{6}$/.test(region) ? region : null,
    sector: sector && /^(DEX\d{2}|OTH_[A-Z]+)$/.test(sector) ? sector : null,
    mode: (MODES as readonly string[]).includes(mode ?? '') ? (mode as Mode) : null,
    year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : null,
  };
}

/** The years a reader may choose: the data's last and the one before, none before 2025 (the notice's first year). */
export function recordYears(lastMonth: string | null | undefined): number[] {
  const last = Number(lastMonth?.slice(0, 4) ?? 0);
  return last ? [last, last - 1].filter((y) => y >= 2025) : [];
}

export const recordFilterText = defineMessages(
  { region: '地区', sector: '行业', mode: '授权模式', all: '全部', latest: '最近完整年度' },
  { region: 'Region', sector: 'Sector', mode: 'Authorization mode', all: 'All', latest: 'Last complete year' },
);
