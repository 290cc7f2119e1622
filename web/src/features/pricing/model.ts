/**
 * The pricing page's state and figures: its choices read from the URL (docs/url-state.md), the API queries they make,
 * and what its charts and tables show, computed from the answers of /api/pricing… and the worklist of
 * /api/operators/findings.
 */
import type { FindingRow, FindingRule } from '../../../../contract/operators.ts';
import type { JsonTable } from '../../../../contract/common.ts';
import type { DisclosureRow, DistributionRow, PriceLevel, PriceRow, RevenueRow } from '../../../../contract/pricing.ts';
import { recordFiltersOf, RULES, type RecordFilters } from '../../app/record-filters.ts';
import type { Box } from '../../charts/types.ts';

/** A JSON answer of /api/pricing… or the worklist, with the period it covers (and, for the evidence, whether cut). */
export type Answer<R> = JsonTable<R> & { year?: number; last_month?: string; truncated?: boolean };

export const TABS = ['prices', 'worklist', 'disclosure'] as const;
export type Tab = (typeof TABS)[number];
export const LEVELS: readonly PriceLevel[] = ['product', 'operator', 'region'];
export const BASES = ['PER_CALL', 'PER_DATA_VOLUME', 'PER_TIME', 'PER_PRODUCT'] as const;
export type Basis = (typeof BASES)[number];
export { RULES };

/** The worklist row whose records are shown: its rule, agreement and product. */
export interface EvidenceKey {
  rule: FindingRule;
  auth_id: string;
  product_id: string | null;
}

export interface Choices extends RecordFilters {
  tab: Tab;
  level: PriceLevel;
  basis: Basis;
  rule: FindingRule | null;
  evidence: EvidenceKey | null;
}

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | null =>
  (list as readonly string[]).includes(v ?? '') ? (v as T) : null;

/** The page's choices from the URL; a value the page does not know is ignored rather than sent. */
export function choicesOf(get: (name: string) => string | null): Choices {
  return {
    tab: oneOf(TABS, get('tab')) ?? 'prices',
    ...recordFiltersOf(get),
    level: oneOf(LEVELS, get('level')) ?? 'product',
    basis: oneOf(BASES, get('basis')) ?? 'PER_CALL',
    rule: oneOf(RULES, get('rule')),
    evidence: evidenceOf(get('evidence')),
  };
}

/** `rule~auth_id~product_id` (the product may be empty), as the URL carries the chosen worklist row. */
export function evidenceParam(f: Pick<FindingRow, 'rule' | 'auth_id' | 'product_id'>): string {
  return [f.rule, f.auth_id, f.product_id ?? ''].join('~');
}
function evidenceOf(text: string | null): EvidenceKey | null {
  const [rule, auth, product] = (text ?? '').split('~');
  const r = oneOf(RULES, rule ?? null);
  const key = /^[A-Za-z0-9_.-]{1,80}$/;
  if (!r || !auth || !key.test(auth) || (product && !key.test(product))) return null;
  return { rule: r, auth_id: auth, product_id: product || null };
}

/** The API query of the filters, with the extra parameters of one endpoint. */
export function apiQuery(c: Choices, extra: Record<string, string | null | undefined> = {}): string {
  const q = new URLSearchParams();
  if (c.region) q.set('regions', c.region);
  if (c.sector) q.set('sectors', c.sector);
  if (c.mode) q.set('modes', c.mode);
  if (c.year) q.set('year', String(c.year));
  for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
  return q.toString();
}

export function disclosureQuery(c: Choices, format: string, lang?: string): string {
  const q = new URLSearchParams({ format });
  if (c.region) q.set('region', c.region);
  if (c.year) q.set('year', String(c.year));
  if (lang) q.set('lang', lang);
  return q.toString();
}

export function evidenceQuery(e: EvidenceKey, year: number | null): string {
  const q = new URLSearchParams({ format: 'json', rule: e.rule, auth_id: e.auth_id });
  if (e.product_id) q.set('product_id', e.product_id);
  if (year) q.set('year', String(year));
  return q.toString();
}

export interface Totals {
  aboveCap: number;
  withoutCap: number;
  refund: number;
  freeRows: number;
  excess: number;
  overMax: number;
  trialPastYear: number;
}

/** The headline figures: from the region rows (every product once) and the agreements' revenue. */
export function totals(regions: PriceRow[], revenue: RevenueRow[]): Totals {
  const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    aboveCap: sum(regions, (r) => r.products_above_cap),
    withoutCap: sum(regions, (r) => r.products_without_cap),
    refund: Math.round(sum(regions, (r) => r.free_purpose_amount_cny) * 100) / 100,
    freeRows: sum(regions, (r) => r.free_purpose_rows),
    excess: Math.round(sum(revenue, (r) => r.excess_cny ?? 0) * 100) / 100,
    overMax: revenue.filter((r) => (r.excess_cny ?? 0) > 0).length,
    trialPastYear: revenue.filter((r) => r.trial_past_first_year).length,
  };
}

/** The agreements worth a regulator's look: a maximum allowed revenue to compare with, or a trial tariff past a year. */
export function revenueWatch(rows: RevenueRow[]): RevenueRow[] {
  return rows
    .filter((r) => r.max_allowed_revenue_cny !== null || r.trial_past_first_year)
    .sort(
      (a, b) =>
        (b.excess_cny ?? 0) - (a.excess_cny ?? 0) ||
        (b.revenue_to_max ?? -1) - (a.revenue_to_max ?? -1) ||
        a.auth_id.localeCompare(b.auth_id),
    );
}

/** The box plot of one charge basis: sectors that have a box in either measure, in the answer's (sector) order. */
export function boxesOf(
  rows: DistributionRow[],
  basis: string,
): { sectors: string[]; cap: (Box | null)[]; effective: (Box | null)[] } {
  const mine = rows.filter((r) => r.charge_basis === basis);
  const sectors = [...new Set(mine.map((r) => r.sector_code))];
  const box = (sector: string, measure: string) => {
    const r = mine.find((x) => x.sector_code === sector && x.measure === measure);
    return r ? { min: r.min, q1: r.q1, median: r.median, q3: r.q3, max: r.max, n: r.n } : null;
  };
  return {
    sectors,
    cap: sectors.map((s) => box(s, 'cap')),
    effective: sectors.map((s) => box(s, 'effective')),
  };
}

/** Whether the prices of a basis span so many orders of magnitude that a log axis reads better. */
export function wantsLog(boxes: (Box | null)[]): boolean {
  const values = boxes.filter((b): b is Box => b !== null && b.min > 0);
  if (values.length === 0) return false;
  const lo = Math.min(...values.map((b) => b.min));
  const hi = Math.max(...values.map((b) => b.max));
  return hi / lo > 100;
}

export interface DisclosedAgreement {
  first: DisclosureRow;
  resources: DisclosureRow[];
  products: DisclosureRow[];
}
export interface DisclosedOperator {
  operator_org_id: string;
  operator_name: string | null;
  agreements: DisclosedAgreement[];
}
export interface DisclosedAgency {
  key: string;
  agency_name: string | null;
  region_code: string;
  operators: DisclosedOperator[];
}

/** The disclosure rows grouped as the disclosure reads: implementing agency, then operator, then agreement. */
export function groupDisclosure(rows: DisclosureRow[]): DisclosedAgency[] {
  const agencies = new Map<string, DisclosedAgency>();
  for (const r of rows) {
    const key = `${r.region_code}|${r.implementing_agency_org_id ?? ''}`;
    let agency = agencies.get(key);
    if (!agency) {
      agency = { key, agency_name: r.implementing_agency_name, region_code: r.region_code, operators: [] };
      agencies.set(key, agency);
    }
    let op = agency.operators.find((o) => o.operator_org_id === r.operator_org_id);
    if (!op) {
      op = { operator_org_id: r.operator_org_id, operator_name: r.operator_name, agreements: [] };
      agency.operators.push(op);
    }
    let ag = op.agreements.find((a) => a.first.auth_id === r.auth_id);
    if (!ag) {
      ag = { first: r, resources: [], products: [] };
      op.agreements.push(ag);
    }
    if (r.item === 'resource') ag.resources.push(r);
    else if (r.item === 'product') ag.products.push(r);
  }
  return [...agencies.values()];
}
