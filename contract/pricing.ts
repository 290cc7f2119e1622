/**
 * Pricing oversight and disclosure (issue 27, 发改价格〔2025〕65号): prices against their caps per region, operator and
 * product; each agreement's revenue against its maximum allowed revenue with the excess to deduct next period; price
 * distributions by sector and charge basis; and the annual disclosure of implementing agencies and operators (due
 * 31 March). The oversight worklist is /api/operators/findings (contract/operators.ts). Every answer is record-level:
 * a reader with a regional scope sees the agreements of their regions only.
 */
import { z } from 'zod';
import { filterShape, table } from './common.ts';
import { FINDING_RULES, operatorsQuery } from './operators.ts';
import { optionalInt, param, ParamProblem, required } from './params.ts';

export const PRICE_LEVELS = ['product', 'operator', 'region'] as const;
export type PriceLevel = (typeof PRICE_LEVELS)[number];

const choice = <const T extends string>(allowed: readonly T[], fallback: T) =>
  param<T>((text) => {
    if (!(allowed as readonly string[]).includes(text))
      throw new ParamProblem('choice', { value: text, allowed: allowed.join(', ') });
    return text as T;
  }, fallback);

/** The operators' filters (regions, sectors, modes, year) and the level rows are summed at. */
export const pricesQuery = operatorsQuery.extend({ level: choice(PRICE_LEVELS, 'product') });
export type PricesQuery = z.output<typeof pricesQuery>;
/** The operators' filters; year is the revenue period. */
export const revenueQuery = operatorsQuery;
export type RevenueQuery = z.output<typeof revenueQuery>;
export const distributionQuery = operatorsQuery;
export type DistributionQuery = z.output<typeof distributionQuery>;

/** region: one region (default every region the reader may see); year: the disclosed year (default the last complete one). */
export const disclosureQuery = z.object({
  region: filterShape.regions.transform((list, ctx) => {
    if (list.length > 1) {
      ctx.issues.push({
        code: 'custom',
        input: list.join(','),
        message: 'choice',
        params: { reason: 'choice', value: list.join(','), allowed: 'one region code' },
      });
      return z.NEVER;
    }
    return list[0] ?? null;
  }),
  year: optionalInt(2000, 2100),
});
export type DisclosureQuery = z.output<typeof disclosureQuery>;

const tableMeta = { year: z.number().optional(), last_month: z.string().optional() };

/**
 * One product, or the products of an operator or region with one charge basis. Unit prices of an aggregate are
 * weighted by the paid units (Σ cap × units ÷ Σ units); effective_to_cap is Σ paid amount ÷ Σ cap × units over the
 * capped products: ratios of sums, never means of per-product ratios.
 */
export const priceRow = z.object({
  region_code: z.string().nullable(),
  operator_org_id: z.string().nullable(),
  operator_name: z.string().nullable(),
  product_id: z.string().nullable(),
  product_name: z.string().nullable(),
  sector_code: z.string().nullable(),
  charge_basis: z.string(),
  products: z.number(),
  products_above_cap: z.number(),
  products_without_cap: z.number(),
  cap_unit_price_cny: z.number().nullable(),
  list_unit_price_cny: z.number().nullable(),
  /** Σ paid amount ÷ Σ paid units of the charge basis (calls, GB, customer-months, delivered products). */
  effective_unit_price_cny: z.number().nullable(),
  effective_to_cap: z.number().nullable(),
  paid_amount_cny: z.number(),
  paid_units: z.number(),
  calls: z.number(),
  free_calls: z.number(),
  /** Amount charged for free purposes (public governance and welfare): to refund. */
  free_purpose_amount_cny: z.number(),
  free_purpose_rows: z.number(),
});
export type PriceRow = z.infer<typeof priceRow>;
export const prices = table(priceRow, tableMeta);

/** One agreement's revenue of the period against its maximum allowed revenue. */
export const revenueRow = z.object({
  auth_id: z.string(),
  operator_org_id: z.string(),
  operator_name: z.string().nullable(),
  region_code: z.string(),
  sector_code: z.string().nullable(),
  auth_mode: z.string(),
  auth_status: z.string(),
  tariff_status: z.string().nullable(),
  term_start: z.string(),
  term_end: z.string(),
  /** Months of the period within the term (a term starting or ending within the year has fewer than 12). */
  term_months_in_period: z.number(),
  first_usage_month: z.string().nullable(),
  /** Months from the first month of usage to the data's last month. */
  months_of_operation: z.number().nullable(),
  revenue_reported_cny: z.number().nullable(),
  /** Σ amount of the usage records of the period. */
  revenue_usage_cny: z.number(),
  /** As reported, else from the usage records. */
  revenue_cny: z.number().nullable(),
  max_allowed_revenue_cny: z.number().nullable(),
  revenue_to_max: z.number().nullable(),
  /** Revenue above the maximum: deducted when the next period's allowed revenue is set. */
  excess_cny: z.number().nullable(),
  /** The maximum less the excess: what the next period may allow at most if the maximum stays. */
  next_period_max_cny: z.number().nullable(),
  /** A trial tariff kept after the first full year of operations. */
  trial_past_first_year: z.boolean(),
});
export type RevenueRow = z.infer<typeof revenueRow>;
export const revenue = table(revenueRow, tableMeta);

export const DISTRIBUTION_MEASURES = ['effective', 'cap'] as const;
/** The quantiles of one measure's unit prices over the products of a sector with one charge basis. */
export const distributionRow = z.object({
  sector_code: z.string(),
  charge_basis: z.string(),
  measure: z.enum(DISTRIBUTION_MEASURES),
  n: z.number(),
  min: z.number(),
  q1: z.number(),
  median: z.number(),
  q3: z.number(),
  max: z.number(),
});
export type DistributionRow = z.infer<typeof distributionRow>;
export const distribution = table(distributionRow, tableMeta);

/** One disclosed item of an agreement: an authorized resource with its registration, or a product with its cap. */
export const disclosureRow = z.object({
  region_code: z.string(),
  implementing_agency_org_id: z.string().nullable(),
  implementing_agency_name: z.string().nullable(),
  operator_org_id: z.string(),
  operator_name: z.string().nullable(),
  auth_id: z.string(),
  auth_mode: z.string(),
  sector_code: z.string().nullable(),
  scenario_name: z.string().nullable(),
  term_start: z.string(),
  term_end: z.string(),
  tariff_status: z.string().nullable(),
  /** null for an agreement that authorized no resource and offers no product. */
  item: z.enum(['resource', 'product']).nullable(),
  item_id: z.string().nullable(),
  item_name: z.string().nullable(),
  registration_code: z.string().nullable(),
  /** The registration's status at the end of the year (reg_status), null when the resource was never registered. */
  registration_status: z.string().nullable(),
  charge_basis: z.string().nullable(),
  cap_unit_price_cny: z.number().nullable(),
  list_unit_price_cny: z.number().nullable(),
  /** 31 March of the next year. */
  disclosure_due: z.string(),
});
export type DisclosureRow = z.infer<typeof disclosureRow>;
export const disclosure = table(disclosureRow, { year: z.number().optional(), region: z.string().optional() });

/** A record key (auth_id, product_id) as written by the ingestion. */
const recordKey = (text: string) => {
  if (!/^[A-Za-z0-9_.-]{1,80}$/.test(text)) throw new ParamProblem('format', { message: 'must be a record key' });
  return text;
};

/** One row of the worklist: its rule, agreement and product (for a product's rule), and its revenue year. */
export const evidenceQuery = z.object({
  rule: required((text) => {
    if (!(FINDING_RULES as readonly string[]).includes(text))
      throw new ParamProblem('choice', { value: text, allowed: FINDING_RULES.join(', ') });
    return text as (typeof FINDING_RULES)[number];
  }),
  auth_id: required(recordKey),
  product_id: param<string | null>(recordKey, null),
  year: optionalInt(2000, 2100),
});
export type EvidenceQuery = z.output<typeof evidenceQuery>;

/** The most evidence records one answer holds. */
export const EVIDENCE_LIMIT = 500;

/** A usage record behind a worklist row, with its unit price (amount ÷ units of the charge basis) beside the cap. */
export const evidenceRow = z.object({
  usage_id: z.string(),
  period_month: z.string(),
  product_id: z.string(),
  product_name: z.string().nullable(),
  charge_basis: z.string(),
  user_org_id: z.string(),
  user_name: z.string().nullable(),
  user_type: z.string(),
  use_purpose: z.string(),
  calls: z.number(),
  data_volume_gb: z.number().nullable(),
  amount_cny: z.number(),
  unit_price_cny: z.number().nullable(),
  cap_unit_price_cny: z.number().nullable(),
});
export type EvidenceRow = z.infer<typeof evidenceRow>;
/** truncated: more records than EVIDENCE_LIMIT stand behind the row (the worklist's evidence_rows counts them all). */
export const evidence = table(evidenceRow, { ...tableMeta, truncated: z.boolean().optional() });
