/**
 * Operators and pricing oversight (issue 27): who operates which public data, where, on what terms and with what
 * results, and the compliance checks of the pricing notice (发改价格〔2025〕65号) as an actionable worklist. Every
 * answer is record-level: a reader with a regional scope sees the agreements of their regions only (docs/security.md).
 */
import { z } from 'zod';
import { filterShape, table } from './common.ts';
import { optionalInt, param, ParamProblem, parseItems } from './params.ts';

export const AUTH_MODES = ['OVERALL', 'DOMAIN', 'SCENARIO'] as const;

/** The checks of the worklist; docs/api.md says what each compares and what its amount at stake is. */
export const FINDING_RULES = [
  'PRICE_ABOVE_CAP',
  'EFFECTIVE_PRICE_ABOVE_CAP',
  'FREE_PURPOSE_CHARGED',
  'REVENUE_ABOVE_MAX',
  'TERM_OVER_5_YEARS',
  'TRIAL_PAST_FIRST_YEAR',
  'NO_CAP',
  'TERM_ENDING',
] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

/** A comma-separated list of codes from a fixed list; absent or empty means all. */
const oneOf = <const T extends string>(allowed: readonly T[]) =>
  param<T[]>((text) => {
    const list = parseItems(text);
    const bad = list.find((x) => !(allowed as readonly string[]).includes(x));
    if (bad !== undefined) throw new ParamProblem('choice', { value: bad, allowed: allowed.join(', ') });
    return list as T[];
  }, []);

/**
 * regions: the agreement's region; sectors: the agreement's or one of its products' sector; modes: authorization
 * modes; year: the revenue period compared with the maximum allowed revenue (default: the data's last complete year).
 */
export const operatorsQuery = z.object({
  regions: filterShape.regions,
  sectors: filterShape.sectors,
  modes: oneOf(AUTH_MODES),
  year: optionalInt(2000, 2100),
});
export const findingsQuery = operatorsQuery.extend({ rules: oneOf(FINDING_RULES) });
export type OperatorsQuery = z.output<typeof operatorsQuery>;
export type FindingsQuery = z.output<typeof findingsQuery>;

/** The period of the checks: the data's last usage month and the revenue year. */
export const oversightPeriod = z.object({ last_month: z.string().nullable(), year: z.number().nullable() });

const money = z.number();
export const operatorRow = z.object({
  operator_org_id: z.string(),
  operator_name: z.string().nullable(),
  home_region_code: z.string().nullable(),
  is_data_group: z.boolean(),
  agreements: z.number(),
  active_agreements: z.number(),
  trial_agreements: z.number(),
  regions: z.array(z.string()),
  sectors: z.array(z.string()),
  modes: z.array(z.string()),
  first_term_start: z.string(),
  last_term_end: z.string(),
  resources: z.number(),
  products: z.number(),
  products_without_cap: z.number(),
  products_above_cap: z.number(),
  charge_bases: z.array(z.string()),
  calls: z.number(),
  free_calls: z.number(),
  /** Free-purpose calls ÷ all calls; null without calls. */
  free_call_share: z.number().nullable(),
  amount_cny: money,
  customers: z.number(),
  /** Revenue of the year (as reported, else from the usage records); null when no agreement has either. */
  revenue_cny: money.nullable(),
  /** Sum of the maximum allowed revenue of its agreements with a formal tariff; null when none has one. */
  max_allowed_revenue_cny: money.nullable(),
  /** Σ over its agreements of the revenue above the maximum: to deduct from the next period's allowed revenue. */
  revenue_excess_cny: money,
  /** Revenue of the agreements with a maximum ÷ their maximum. */
  revenue_to_max: z.number().nullable(),
  /** Violations and risks of the worklist, and the amount at stake of the violations. */
  violations: z.number(),
  risks: z.number(),
  amount_at_stake_cny: money,
});
export type OperatorRow = z.infer<typeof operatorRow>;
export const operators = z.object({ period: oversightPeriod, operators: z.array(operatorRow) });
export type Operators = z.infer<typeof operators>;

/** The period of a table's checks, absent on an empty database. */
const tableMeta = { year: z.number().optional(), last_month: z.string().optional() };

export const findingRow = z.object({
  rule: z.enum(FINDING_RULES),
  severity: z.enum(['violation', 'risk']),
  operator_org_id: z.string(),
  operator_name: z.string().nullable(),
  region_code: z.string(),
  sector_code: z.string().nullable(),
  auth_id: z.string(),
  product_id: z.string().nullable(),
  product_name: z.string().nullable(),
  charge_basis: z.string().nullable(),
  /** The months, dates or year the evidence covers. */
  period: z.string(),
  observed: z.number().nullable(),
  limit_value: z.number().nullable(),
  excess: z.number().nullable(),
  excess_ratio: z.number().nullable(),
  /** What to refund, deduct or put under a verified cap, in CNY; null where the rule has no amount. */
  amount_cny: z.number().nullable(),
  evidence_rows: z.number(),
});
export type FindingRow = z.infer<typeof findingRow>;
export const findings = table(findingRow, tableMeta);

export const productRow = z.object({
  product_id: z.string(),
  product_name: z.string().nullable(),
  operator_org_id: z.string(),
  auth_id: z.string(),
  region_code: z.string(),
  sector_code: z.string(),
  charge_basis: z.string(),
  cap_unit_price_cny: z.number().nullable(),
  list_unit_price_cny: z.number().nullable(),
  /** list ÷ cap. */
  list_to_cap: z.number().nullable(),
  /** Σ paid amount ÷ Σ units of the charge basis (calls, GB, customer-months); null without paid use. */
  effective_unit_price_cny: z.number().nullable(),
  paid_amount_cny: z.number(),
  calls: z.number(),
  free_calls: z.number(),
});
export type ProductRow = z.infer<typeof productRow>;
export const products = table(productRow, tableMeta);
