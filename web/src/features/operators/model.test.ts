import { describe, expect, it } from 'vitest';
import type { FindingRow, OperatorRow, ProductRow } from '../../../../contract/operators.ts';
import { apiQuery, byRule, choicesOf, pricePoints, revenueVsMax, totals, worklist } from './model.ts';

const params = (q: string) => {
  const u = new URLSearchParams(q);
  return (k: string) => u.get(k);
};

const op = (id: string, o: Partial<OperatorRow> = {}) =>
  ({
    operator_org_id: id,
    is_data_group: false,
    agreements: 1,
    max_allowed_revenue_cny: null,
    revenue_to_max: null,
    revenue_excess_cny: 0,
    ...o,
  }) as OperatorRow;
const finding = (rule: FindingRow['rule'], o: Partial<FindingRow> = {}) =>
  ({ rule, severity: 'violation', operator_org_id: 'A', amount_cny: 10, ...o }) as FindingRow;

describe('the operators page', () => {
  it('reads its choices from the URL and ignores what it does not know', () => {
    expect(choicesOf(params('region=320000&sector=DEX05&mode=SCENARIO&rule=NO_CAP&year=2025&operator=OP-1'))).toEqual({
      region: '320000',
      sector: 'DEX05',
      mode: 'SCENARIO',
      rule: 'NO_CAP',
      year: 2025,
      operator: 'OP-1',
    });
    expect(choicesOf(params('region=32&sector=x&mode=ALL&rule=BOGUS&year=25'))).toEqual({
      region: null,
      sector: null,
      mode: null,
      rule: null,
      year: null,
      operator: null,
    });
  });

  it('sends the rule to the worklist only', () => {
    const c = choicesOf(params('region=320000&rule=NO_CAP'));
    expect(apiQuery(c)).toBe('regions=320000');
    expect(apiQuery(c, { rule: true, format: 'csv' })).toBe('regions=320000&rules=NO_CAP&format=csv');
  });

  it('counts violations and their amount at stake, risks apart', () => {
    const f = [finding('PRICE_ABOVE_CAP'), finding('NO_CAP', { severity: 'risk', amount_cny: 99 })];
    expect(totals([op('A', { is_data_group: true, agreements: 2, revenue_excess_cny: 5 }), op('B')], f)).toEqual({
      operators: 2,
      dataGroups: 1,
      agreements: 3,
      violations: 1,
      risks: 1,
      atStake: 10,
      excess: 5,
    });
  });

  it('puts the operators furthest above their maximum first, and leaves out those without one', () => {
    const ops = [
      op('A', { max_allowed_revenue_cny: 100, revenue_to_max: 0.5 }),
      op('B', { max_allowed_revenue_cny: 100, revenue_to_max: 1.4 }),
      op('C'),
    ];
    expect(revenueVsMax(ops).map((o) => o.operator_org_id)).toEqual(['B', 'A']);
    expect(revenueVsMax(ops, 1)).toHaveLength(1);
  });

  it('tallies findings per rule in the rules’ order', () => {
    const f = [finding('REVENUE_ABOVE_MAX', { amount_cny: 5 }), finding('PRICE_ABOVE_CAP'), finding('PRICE_ABOVE_CAP')];
    expect(byRule(f)).toEqual([
      { rule: 'PRICE_ABOVE_CAP', count: 2, amount: 20 },
      { rule: 'REVENUE_ABOVE_MAX', count: 1, amount: 5 },
    ]);
  });

  it('places products by list and effective price against their cap', () => {
    const p = (id: string, cap: number | null, list: number, eff: number | null) =>
      ({
        product_id: id,
        cap_unit_price_cny: cap,
        list_unit_price_cny: list,
        effective_unit_price_cny: eff,
      }) as ProductRow;
    const points = pricePoints(
      [p('a', 2, 1, 1), p('b', 2, 3, 3), p('c', null, 1, 1), p('d', 2, 1, null)],
      (x) => x.product_id,
    );
    expect(points).toEqual([
      { name: 'a', x: 0.5, y: 0.5, group: 0 },
      { name: 'b', x: 1.5, y: 1.5, group: 1 },
    ]);
  });

  it('narrows the worklist to the chosen operator', () => {
    const f = [finding('NO_CAP'), finding('NO_CAP', { operator_org_id: 'B' })];
    expect(worklist(f, 'B')).toHaveLength(1);
    expect(worklist(f, null)).toHaveLength(2);
  });
});
