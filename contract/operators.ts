/**
 * Operators and pricing oversight (issue 27): who operates which public data, where, on what terms and with what
 * results, and the compliance checks of the pricing notice (发改价格〔2025〕65号) as an actionable worklist. Every
 * answer is record-level: a reader with a regional scope sees the agreements of their regions only (docs/security.md).
 */
import { z } from 'zod';
import { filterShape, table } from './common.ts';
import { int, items, optionalInt, param, ParamProblem, parseItems, required } from './params.ts';

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

/** An organisation id as the records write it (`org_id`). */
function parseOrgId(t: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(t))
    throw new ParamProblem('format', {
      message: 'must be an organisation id (letters, digits, _ . -)',
      message_zh: '应为机构编号（字母、数字、_ . -）',
    });
  return t;
}

export const operatorParams = z.object({ id: required(parseOrgId) });
/** year: the revenue period of each agreement's revenue (default: the data's last complete year). */
export const operatorDetailQuery = z.object({ year: optionalInt(2000, 2100), top: int(1, 50, 5) });
export type OperatorDetailQuery = z.output<typeof operatorDetailQuery>;

/** One agreement on the operator's timeline, with the worklist's term rules as flags. */
export const detailAgreement = z.object({
  auth_id: z.string(),
  auth_mode: z.string(),
  region_code: z.string(),
  sector_code: z.string().nullable(),
  scenario_name: z.string().nullable(),
  status: z.string(),
  tariff_status: z.string().nullable(),
  term_start: z.string(),
  term_end: z.string(),
  term_months: z.number(),
  /** TERM_OVER_5_YEARS: the term ends more than 5 years after it starts. */
  over_5_years: z.boolean(),
  /** TERM_ENDING: active and ending before the end of the 6th month after the data's last month. */
  ending_within_6_months: z.boolean(),
  /** Days from the end of the data's last month to the term's end (negative: already over). */
  days_left: z.number().nullable(),
  /** The earlier agreement of the same operator, region, mode, sector and scenario that this one continues. */
  renewal_of: z.string().nullable(),
  is_replicated_from: z.string().nullable(),
  resources: z.number(),
  products: z.number(),
  max_allowed_revenue_cny: z.number().nullable(),
  /** Revenue of the year: as reported, else the amount of the usage records. */
  revenue_cny: z.number().nullable(),
});
export type DetailAgreement = z.infer<typeof detailAgreement>;

export const detailProduct = z.object({
  product_id: z.string(),
  product_name: z.string().nullable(),
  auth_id: z.string(),
  sector_code: z.string(),
  product_form: z.string(),
  charge_basis: z.string(),
  cap_unit_price_cny: z.number().nullable(),
  list_unit_price_cny: z.number().nullable(),
  effective_unit_price_cny: z.number().nullable(),
  calls: z.number(),
  free_calls: z.number(),
  amount_cny: z.number(),
  customers: z.number(),
});
export type DetailProduct = z.infer<typeof detailProduct>;

export const detailMonth = z.object({
  month: z.string(),
  calls: z.number(),
  free_calls: z.number(),
  amount_cny: z.number(),
  customers: z.number(),
});
export type DetailMonth = z.infer<typeof detailMonth>;

/** A customer named within the reader's scope. */
export const namedCustomer = z.object({
  user_org_id: z.string(),
  name: z.string().nullable(),
  calls: z.number(),
  amount_cny: z.number(),
});
/** Customers of one user type: all are counted, only those within the reader's regions are named (`top`). */
export const customerType = z.object({
  user_type: z.string(),
  customers: z.number(),
  /** Customers outside the reader's regions: counted, never named. */
  unnamed_customers: z.number(),
  calls: z.number(),
  amount_cny: z.number(),
  top: z.array(namedCustomer),
});
export type CustomerType = z.infer<typeof customerType>;

/** The model an agreement copies; the source's details only when the reader may see its region. */
export const replication = z.object({
  auth_id: z.string(),
  source_auth_id: z.string(),
  source_region_code: z.string().nullable(),
  source_visible: z.boolean(),
  source_operator_org_id: z.string().nullable(),
  source_operator_name: z.string().nullable(),
  source_scenario_name: z.string().nullable(),
  source_term_start: z.string().nullable(),
});
export type Replication = z.infer<typeof replication>;

export const operatorDetail = z.object({
  period: oversightPeriod,
  operator: z.object({
    operator_org_id: z.string(),
    operator_name: z.string().nullable(),
    home_region_code: z.string().nullable(),
    org_type: z.string().nullable(),
    is_data_group: z.boolean(),
  }),
  totals: z.object({
    calls: z.number(),
    free_calls: z.number(),
    /** Σ free-purpose calls ÷ Σ calls; null without calls. */
    free_call_share: z.number().nullable(),
    amount_cny: z.number(),
    customers: z.number(),
  }),
  agreements: z.array(detailAgreement),
  products: z.array(detailProduct),
  months: z.array(detailMonth),
  customers: z.array(customerType),
  replicated_from: z.array(replication),
});
export type OperatorDetail = z.infer<typeof operatorDetail>;

/** The outcome indicators of the comparison, in the order the page shows them. */
export const COMPARE_INDICATORS = ['revenue_per_resource', 'monthly_customers', 'growth', 'free_call_share'] as const;
export type CompareIndicator = (typeof COMPARE_INDICATORS)[number];

/** ids: the operators to answer for (absent: all); the ranks are among every comparable operator of the selection. */
export const compareQuery = operatorsQuery.extend({
  ids: items(50, 64),
  draws: int(100, 5000, 1000),
  seed: int(0, 2_147_483_647, 1),
});
export type CompareQuery = z.output<typeof compareQuery>;

/** An indicator's value with its 5–95 % bootstrap interval, and its rank (1 = highest) with the rank interval. */
export const estimate = z.object({
  value: z.number().nullable(),
  lo: z.number().nullable(),
  hi: z.number().nullable(),
  rank: z.number().nullable(),
  rank_median: z.number().nullable(),
  rank_lo: z.number().nullable(),
  rank_hi: z.number().nullable(),
  /** The rank interval stays within ROBUSTNESS_PLACES of the rank (as the rankings' flag); null without a rank. */
  robust: z.boolean().nullable(),
});
export type Estimate = z.infer<typeof estimate>;

export const NOT_COMPARABLE = ['no_usage', 'too_few_months'] as const;
export const comparedOperator = z.object({
  operator_org_id: z.string(),
  operator_name: z.string().nullable(),
  resources: z.number(),
  first_month: z.string().nullable(),
  months_of_operation: z.number(),
  comparable: z.boolean(),
  reason: z.enum(NOT_COMPARABLE).nullable(),
  indicators: z.object({
    revenue_per_resource: estimate,
    monthly_customers: estimate,
    growth: estimate,
    free_call_share: estimate,
  }),
});
export type ComparedOperator = z.infer<typeof comparedOperator>;

export const operatorComparison = z.object({
  period: oversightPeriod,
  /** The 12 months ending with the data's last month, 'YYYY-MM'. */
  window: z.object({ from: z.string().nullable(), to: z.string().nullable(), months: z.number() }),
  min_months: z.number(),
  draws: z.number(),
  /** How many operators of the selection are comparable: the ranks are out of this many. */
  comparable: z.number(),
  operators: z.array(comparedOperator),
});
export type OperatorComparison = z.infer<typeof operatorComparison>;
