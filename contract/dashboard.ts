/** Reference names and the dashboard's own endpoints: overview, trend, map regions, heatmap cells (docs/api.md). */
import { z } from 'zod';
import { choice } from './params.ts';
import { filters, filterShape, filtersInOrder, month, table } from './common.ts';

// ---- GET /api/reference

export const regionRef = z.object({
  region_code: z.string(),
  name_zh: z.string(),
  name_zh_short: z.string(),
  name_en: z.string(),
  name_en_short: z.string(),
  is_province: z.boolean(),
  pop_2020: z.number().nullable(),
  gdp_2023_100m_cny: z.number().nullable(),
});
export const sectorRef = z.object({
  sector_code: z.string(),
  name_zh: z.string(),
  name_en: z.string(),
  name_en_short: z.string(),
  is_data_elements_x: z.boolean(),
});
export const enumRef = z.object({ code: z.string(), label_zh: z.string(), label_en: z.string() });
/** A month after the last complete one: how many of the regions expected to report it have (server/coverage.ts). */
export const partialMonth = z.object({
  month,
  reported: z.number(),
  expected: z.number(),
  /** reported / expected */
  share: z.number(),
});
/**
 * The data's months: first and last month with usage ('YYYY-MM', null on an empty database), the open-from length, the
 * last complete month (what an open `to` means everywhere), the partial months after it, and when the last file was
 * committed (ISO 8601 UTC).
 */
export const dataMonths = z.object({
  first: month.nullable(),
  last: month.nullable(),
  default_months: z.number(),
  last_complete: month.nullable(),
  partial: z.array(partialMonth),
  last_import: z.string().nullable(),
});
export const reference = z.object({
  regions: z.array(regionRef),
  sectors: z.array(sectorRef),
  enums: z.record(z.string(), z.array(enumRef)),
  period: dataMonths,
});
export type RegionRef = z.infer<typeof regionRef>;
export type SectorRef = z.infer<typeof sectorRef>;
export type EnumRef = z.infer<typeof enumRef>;
export type DataMonths = z.infer<typeof dataMonths>;
export type PartialMonth = z.infer<typeof partialMonth>;
export type ReferenceData = z.infer<typeof reference>;

// ---- measures

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

const measureValues = Object.fromEntries(MEASURES.map((m) => [m, z.number()])) as Record<Measure, z.ZodNumber>;

// ---- GET /api/dashboard/overview

export const kpi = z.object({
  value: z.number(),
  /** The previous period's value; null when that period has no data at all (change unknown, not zero). */
  previous: z.number().nullable(),
  /** (value - previous) / previous; null when previous is null or 0. */
  change: z.number().nullable(),
});
export const measureRow = z.object({
  region_code: z.string().nullable(),
  sector_code: z.string().nullable(),
  ...measureValues,
});
const monthsPeriod = z.object({ from: month, to: month, months: z.number() });
export const overview = z.object({
  period: monthsPeriod.nullable(),
  previous: monthsPeriod.extend({ has_data: z.boolean(), months_with_data: z.number() }).nullable(),
  /** The period's months after the last complete one (chosen by the user): no comparison is made (previous.has_data
   *  false, every change null). */
  partial_months: z.array(month),
  kpis: z.object(Object.fromEntries(MEASURES.map((m) => [m, kpi])) as Record<Measure, typeof kpi>),
  regions: z.array(measureRow),
  sectors: z.array(measureRow),
});
export type Kpi = z.infer<typeof kpi>;
export type MeasureRow = z.infer<typeof measureRow>;
export type Overview = z.infer<typeof overview>;

// ---- GET /api/dashboard/trend (a table)

export const trendRow = z.object({
  month,
  calls: z.number(),
  amount: z.number(),
  paid_amount: z.number(),
  records: z.number(),
  users: z.number(),
  registrations: z.number(),
});
export const TREND_COLUMNS = ['month', 'calls', 'amount', 'paid_amount', 'records', 'users', 'registrations'] as const;
export const trend = table(trendRow);
export type TrendRow = z.infer<typeof trendRow>;

// ---- GET /api/dashboard/regions and /cells (tables)

export const measureQuery = z
  .object({ ...filterShape, measure: choice(MEASURES, 'calls'), basis: choice(BASES, 'absolute') })
  .superRefine(filtersInOrder);
export type MeasureQuery = z.output<typeof measureQuery>;

export const regionValue = z.object({
  region_code: z.string(),
  /** The measure on the chosen basis; null where the region has no denominator. */
  value: z.number().nullable(),
  raw: z.number(),
  /** Rank among the regions that have a value (1 = highest). */
  rank: z.number().nullable(),
});
export const regionValues = table(regionValue, {
  measure: z.enum(MEASURES),
  basis: z.enum(BASES),
  ranked: z.number(),
});
export type RegionValue = z.infer<typeof regionValue>;

export const cellValue = z.object({
  sector_code: z.string().nullable(),
  region_code: z.string(),
  value: z.number().nullable(),
  raw: z.number(),
});
export const cellValues = table(cellValue, { measure: z.enum(MEASURES), basis: z.enum(BASES) });
export type CellValue = z.infer<typeof cellValue>;

export const dashboardQuery = filters;
