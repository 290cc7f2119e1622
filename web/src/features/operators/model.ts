/**
 * The operators page's state and figures: its choices read from the URL (docs/url-state.md), the API query they make,
 * and the series of its charts, computed from the three answers of /api/operators….
 */
import type { FindingRow, FindingRule, OperatorRow, ProductRow } from '../../../../contract/operators.ts';
import { recordFiltersOf, RULES, type RecordFilters } from '../../app/record-filters.ts';

export { RULES };

export interface Choices extends RecordFilters {
  rule: FindingRule | null;
  /** The operator whose findings the worklist shows (an org_id), or all. */
  operator: string | null;
}

/** The page's choices from the URL; a value the page does not know is ignored rather than sent. */
export function choicesOf(get: (name: string) => string | null): Choices {
  const rule = get('rule');
  return {
    ...recordFiltersOf(get),
    rule: (RULES as readonly string[]).includes(rule ?? '') ? (rule as FindingRule) : null,
    operator: get('operator') || null,
  };
}

/** The API query of the choices (the rule only for the worklist: the operators and prices cover every rule). */
export function apiQuery(c: Choices, opts: { rule?: boolean; format?: 'json' | 'csv' } = {}): string {
  const q = new URLSearchParams();
  if (c.region) q.set('regions', c.region);
  if (c.sector) q.set('sectors', c.sector);
  if (c.mode) q.set('modes', c.mode);
  if (c.year) q.set('year', String(c.year));
  if (opts.rule && c.rule) q.set('rules', c.rule);
  if (opts.format) q.set('format', opts.format);
  return q.toString();
}

export interface Totals {
  operators: number;
  dataGroups: number;
  agreements: number;
  violations: number;
  risks: number;
  atStake: number;
  excess: number;
}

export function totals(ops: OperatorRow[], findings: FindingRow[]): Totals {
  const sum = (f: (o: OperatorRow) => number) => ops.reduce((s, o) => s + f(o), 0);
  return {
    operators: ops.length,
    dataGroups: ops.filter((o) => o.is_data_group).length,
    agreements: sum((o) => o.agreements),
    violations: findings.filter((f) => f.severity === 'violation').length,
    risks: findings.filter((f) => f.severity === 'risk').length,
    atStake: findings.filter((f) => f.severity === 'violation').reduce((s, f) => s + (f.amount_cny ?? 0), 0),
    excess: sum((o) => o.revenue_excess_cny),
  };
}

/**
 * Revenue against the maximum allowed revenue: the operators with a maximum, those furthest above it first (then the
 * closest to it), at most `limit`.
 */
export function revenueVsMax(ops: OperatorRow[], limit = 12): OperatorRow[] {
  return ops
    .filter((o) => o.max_allowed_revenue_cny !== null && o.revenue_to_max !== null)
    .sort((a, b) => b.revenue_to_max! - a.revenue_to_max! || a.operator_org_id.localeCompare(b.operator_org_id))
    .slice(0, limit);
}

export interface RuleTally {
  rule: FindingRule;
  count: number;
  amount: number;
}

/** Findings and amount at stake per rule, in the rules' order, rules without findings left out. */
export function byRule(findings: FindingRow[]): RuleTally[] {
  const at = new Map<FindingRule, RuleTally>();
  for (const f of findings) {
    const t = at.get(f.rule) ?? { rule: f.rule, count: 0, amount: 0 };
    t.count++;
    t.amount += f.amount_cny ?? 0;
    at.set(f.rule, t);
  }
  return RULES.filter((r) => at.has(r)).map((r) => at.get(r)!);
}

export interface PricePoint {
  name: string;
  x: number;
  y: number;
  /** 0 within the cap, 1 above it (list or effective price). */
  group: number;
}

/**
 * Each product with a cap and paid use as (list ÷ cap, effective ÷ cap): beyond 1 on either axis it charges above its
 * cap.
 */
export function pricePoints(products: ProductRow[], name: (p: ProductRow) => string): PricePoint[] {
  return products
    .filter((p) => p.cap_unit_price_cny && p.list_unit_price_cny !== null && p.effective_unit_price_cny !== null)
    .map((p) => {
      const x = p.list_unit_price_cny! / p.cap_unit_price_cny!;
      const y = p.effective_unit_price_cny! / p.cap_unit_price_cny!;
      return { name: name(p), x, y, group: x > 1 || y > 1.01 ? 1 : 0 };
    });
}

/** The worklist as shown: one operator's findings when one is chosen. */
export function worklist(findings: FindingRow[], operator: string | null): FindingRow[] {
  return operator ? findings.filter((f) => f.operator_org_id === operator) : findings;
}
