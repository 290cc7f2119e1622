/**
 * The dashboard's own measures (until the indicator engine adds indices) and how they are scaled. Names are the API's
 * `measure` and `basis` values (contract/dashboard.ts); they are checked against those lists, never used as SQL text.
 */
import type { Basis, Measure } from '../../contract/dashboard.ts';

export { MEASURES, type Measure } from '../../contract/dashboard.ts';

export interface MeasureRow extends Record<Measure, number> {
  /** 'previous' rows are the totals (level 'all') of the period before the filters' period. */
  period: 'current' | 'previous';
  level: 'all' | 'region' | 'sector' | 'cell' | 'month';
  region_code: string | null;
  sector_code: string | null;
  /** 'YYYY-MM' on level 'month', else null. */
  month: string | null;
}

export interface Denominators {
  pop_2020: number | null;
  gdp_2023_100m_cny: number | null;
}

/** Scale a value by the region's denominator; null when the region has none. */
export function scaled(value: number, basis: Basis, d: Denominators | undefined): number | null {
  if (basis === 'absolute') return value;
  if (!d) return null;
  if (basis === 'per_capita') return d.pop_2020 ? (value / d.pop_2020) * 10_000 : null;
  return d.gdp_2023_100m_cny ? value / d.gdp_2023_100m_cny : null;
}
