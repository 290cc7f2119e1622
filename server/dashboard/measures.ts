/**
 * The dashboard's own measures (until the indicator engine adds indices) and how they are scaled. Names are the API's
 * `measure` and `basis` values; they are checked against these lists, never used as SQL text.
 */
import { badRequest } from '../errors.ts';

export const MEASURES = [
  'registrations',
  'authorizations',
  'products',
  'calls',
  'amount',
  'paid_amount',
  'records',
  'users',
] as const;
export type Measure = (typeof MEASURES)[number];

/**
 * absolute: the value; per_capita: per 10,000 residents (2020 census); per_gdp: per 100 million CNY of 2023 GDP.
 * Regions without a sourced population or GDP (XPCC, the national pseudo-region) have no per-capita or per-GDP value.
 */
export const BASES = ['absolute', 'per_capita', 'per_gdp'] as const;
export type Basis = (typeof BASES)[number];

export interface MeasureRow {
  /** 'previous' rows are the totals (level 'all') of the period before the filters' period. */
  period: 'current' | 'previous';
  level: 'all' | 'region' | 'sector' | 'cell' | 'month';
  region_code: string | null;
  sector_code: string | null;
  /** 'YYYY-MM' on level 'month', else null. */
  month: string | null;
  registrations: number;
  authorizations: number;
  products: number;
  calls: number;
  amount: number;
  paid_amount: number;
  records: number;
  users: number;
}

export function parseChoice<T extends string>(
  query: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = query[name];
  if (v === undefined || v === '') return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw badRequest('invalid_parameter', `${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`, {
      field: name,
      value: v,
    });
  }
  return v as T;
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
