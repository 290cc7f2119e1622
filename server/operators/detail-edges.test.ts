// An operator's detail and the comparison over real HTTP on a small hand-made record set whose every figure is known:
// a renewal, terms at the edges of the 6-month and 5-year rules, a term crossing the data's period, a product moved
// between agreements, a zero-call row, an operator without usage, one with too few months, one without resources,
// and a customer outside a scoped reader's region.
import { describe, expect, it } from 'vitest';
import {
  operatorComparison,
  operatorDetail,
  type OperatorComparison,
  type OperatorDetail,
} from '../../contract/operators.ts';
import { AtlasDb } from '../db/database.ts';
import { execute } from '../db/query.ts';
import { insertRecords } from '../indicators/test-records.ts';
import { useReaderServer } from '../test-support/reader-server.ts';

const ZJ = '330000';
const BJ = '110000';

/** The 12 months of the window, 2025-07 … 2026-06 (the data's last month is 2026-06). */
const MONTHS = Array.from({ length: 12 }, (_, i) => {
  const m = 7 + i;
  return m <= 12 ? `2025-${String(m).padStart(2, '0')}-01` : `2026-${String(m - 12).padStart(2, '0')}-01`;
});

async function records(): Promise<AtlasDb> {
  const db = await AtlasDb.open({ path: ':memory:' });
  await db.withConnection(async (con) => {
    for (const [id, name, region, role] of [
      ['O1', '浙江数据集团', ZJ, 'OPERATOR'],
      ['O2', '北京数据集团', BJ, 'OPERATOR'],
      ['O3', '无使用运营商', ZJ, 'OPERATOR'],
      ['O4', '新运营商', ZJ, 'OPERATOR'],
      ['O5', '无资源运营商', ZJ, 'OPERATOR'],
      ['C1', '杭州某科技公司', ZJ, 'USER'],
      ['C2', '北京某银行支行', BJ, 'USER'],
      ['C3', '宁波某企业', ZJ, 'USER'],
    ])
      await execute(
        con,
        `INSERT INTO org (org_id, name, org_role, region_code, is_data_group, batch_id) VALUES ($id, $name, $role, $region, $group, 1)`,
        { id, name, role, region, group: id === 'O1' },
      );
    const scenario = { region_code: ZJ, sector_code: 'DEX05', scenario_name: '普惠金融' };
    await insertRecords(con, 'authorization', [
      // A2 renews A1 (same operator, region, mode, sector, scenario; starts the day after A1 ends)
      { auth_id: 'A1', ...scenario, term_start: '2021-01-01', term_end: '2025-12-31', status: 'EXPIRED' },
      // ends 2026-12-31: within 6 months of June 2026 (the rule's limit is before 2027-01-01)
      { auth_id: 'A2', ...scenario, term_start: '2026-01-01', term_end: '2026-12-31' },
      // ends on the limit: not within; another scenario, so no renewal; copies Beijing's B1
      {
        auth_id: 'A3',
        ...scenario,
        scenario_name: '信用评价',
        term_start: '2026-01-01',
        term_end: '2027-01-01',
        is_replicated_from: 'B1',
      },
      // a term crossing the whole period, one day over 5 years; and one of exactly 5 years
      { auth_id: 'A4', ...scenario, scenario_name: '长期', term_start: '2022-01-01', term_end: '2027-01-02' },
      { auth_id: 'A5', ...scenario, scenario_name: '五年', term_start: '2022-01-01', term_end: '2027-01-01' },
      // beside A2 (starts mid-term) and 152 days after A1's end: no renewal of either
      { auth_id: 'A10', ...scenario, term_start: '2026-06-01', term_end: '2027-06-01' },
      // O1's Beijing agreement: outside a Zhejiang reader's scope
      { auth_id: 'A6', region_code: BJ, sector_code: 'DEX05', term_start: '2024-01-01', term_end: '2028-01-01' },
      {
        auth_id: 'B1',
        operator_org_id: 'O2',
        region_code: BJ,
        sector_code: 'DEX05',
        scenario_name: '信用评价',
        term_start: '2023-01-01',
        term_end: '2028-01-01',
      },
      {
        auth_id: 'A7',
        operator_org_id: 'O3',
        region_code: ZJ,
        sector_code: 'DEX05',
        term_start: '2025-01-01',
        term_end: '2029-01-01',
      },
      {
        auth_id: 'A8',
        operator_org_id: 'O4',
        region_code: ZJ,
        sector_code: 'DEX05',
        term_start: '2026-01-01',
        term_end: '2029-01-01',
      },
      {
        auth_id: 'A9',
        operator_org_id: 'O5',
        region_code: ZJ,
        sector_code: 'DEX05',
        term_start: '2024-01-01',
        term_end: '2029-01-01',
      },
    ]);
    await insertRecords(con, 'authorization_resource', [
      { auth_id: 'A2', asset_uid: 'R1' },
      { auth_id: 'A3', asset_uid: 'R2' },
      { auth_id: 'A3', asset_uid: 'R3', revoked_at: '2026-02-01' },
      { auth_id: 'A8', asset_uid: 'R4' },
    ]);
    const product = (id: string, auth: string, op = 'O1') => ({
      product_id: id,
      product_name: `产品${id}`,
      auth_id: auth,
      operator_org_id: op,
      sector_code: 'DEX05',
      cap_unit_price_cny: 1,
      list_unit_price_cny: 0.5,
    });
    // P1 was sold under A1 (its 2025 usage names A1) and moved to A2 in 2026
    await insertRecords(con, 'product', [
      product('P1', 'A2'),
      product('P2', 'A3'),
      product('P6', 'A6'),
      product('P3', 'A7', 'O3'),
      product('P4', 'A8', 'O4'),
      product('P5', 'A9', 'O5'),
    ]);
    let n = 0;
    const use = (
      month: string,
      productId: string,
      user: string,
      calls: number,
      amount: number,
      extra: Record<string, string | number> = {},
    ) => ({
      usage_id: `U${++n}`,
      period_month: month,
      product_id: productId,
      auth_id: productId === 'P1' && month < '2026-01-01' ? 'A1' : null,
      provider_region_code: ZJ,
      user_org_id: user,
      user_region_code: user === 'C2' ? BJ : ZJ,
      calls,
      amount_cny: amount,
      ...extra,
    });
    await insertRecords(con, 'usage', [
      // O1: 10 CNY a month in the window's first half, 20 in its second, 100 calls each
      ...MONTHS.map((m, i) => use(m, 'P1', 'C1', 100, i < 6 ? 10 : 20)),
      // a free-purpose row: 300 calls at no charge (a free share of 300 / 1,500 of all calls, not a mean of row shares)
      use('2026-06-01', 'P1', 'C1', 300, 0, { use_purpose: 'PUBLIC_WELFARE', user_type: 'GOVERNMENT_UNIT' }),
      // a Beijing customer of a Zhejiang product: counted for a Zhejiang reader, never named
      use('2026-03-01', 'P1', 'C2', 100, 5, { user_type: 'BANK' }),
      // a row without calls
      use('2026-04-01', 'P2', 'C1', 0, 0),
      // usage of O1's Beijing agreement, provided from Beijing
      { ...use('2026-05-01', 'P6', 'C2', 50, 7), provider_region_code: BJ },
      // O4: six months only
      ...MONTHS.slice(6).map((m) => use(m, 'P4', 'C3', 10, 1)),
      // O5: a full year, no authorized resource
      ...MONTHS.map((m) => use(m, 'P5', 'C3', 100, 5)),
    ]);
  });
  return db;
}
const { get, json } = useReaderServer({ data: records, readers: { national: null, zhejiang: [ZJ] } });

const detail = async (id: string, who = 'national'): Promise<OperatorDetail> =>
  operatorDetail.parse(await json(`/api/operators/${id}`, who));
const compare = async (query = '', who = 'national'): Promise<OperatorComparison> =>
  operatorComparison.parse(await json(`/api/operators/compare?draws=400${query}`, who));

describe("an operator's agreements", () => {
  it('marks renewals, the 6-month and 5-year term rules at their limits, and terms crossing the period', async () => {
    const d = await detail('O1');
    expect(d.period).toEqual({ last_month: '2026-06', year: 2025 });
    const by = Object.fromEntries(d.agreements.map((a) => [a.auth_id, a]));
    expect(d.agreements.map((a) => a.auth_id)).toEqual(['A1', 'A4', 'A5', 'A6', 'A2', 'A3', 'A10']);
    expect(by.A10).toMatchObject({ renewal_of: null, ending_within_6_months: false });
    expect(by.A2).toMatchObject({ renewal_of: 'A1', ending_within_6_months: true, days_left: 183 });
    expect(by.A3).toMatchObject({ renewal_of: null, ending_within_6_months: false, days_left: 184 });
    // an expired agreement is not "ending", however long ago it ended
    expect(by.A1).toMatchObject({ renewal_of: null, ending_within_6_months: false, days_left: -182 });
    expect(by.A4).toMatchObject({ over_5_years: true, term_start: '2022-01-01', term_end: '2027-01-02' });
    expect(by.A5.over_5_years).toBe(false);
    expect(by.A3).toMatchObject({ resources: 1, products: 1, is_replicated_from: 'B1' });
    expect(d.replicated_from).toEqual([
      {
        auth_id: 'A3',
        source_auth_id: 'B1',
        source_region_code: BJ,
        source_visible: true,
        source_operator_org_id: 'O2',
        source_operator_name: '北京数据集团',
        source_scenario_name: '信用评价',
        source_term_start: '2023-01-01',
      },
    ]);
  });

  it('keeps a moved product under its current agreement with all of its usage', async () => {
    const d = await detail('O1');
    const p1 = d.products.find((p) => p.product_id === 'P1')!;
    expect(p1).toMatchObject({ auth_id: 'A2', calls: 1600, free_calls: 300, customers: 2 });
    expect(p1.amount_cny).toBe(185);
    expect(d.agreements.find((a) => a.auth_id === 'A1')!.products).toBe(0);
    // a row of zero calls: a product with usage but no calls has no effective price
    expect(d.products.find((p) => p.product_id === 'P2')).toMatchObject({
      calls: 0,
      amount_cny: 0,
      effective_unit_price_cny: null,
      customers: 1,
    });
    // months run from the first to the last, a ratio of sums for the free share
    expect(d.months.map((m) => m.month)).toEqual(MONTHS.map((m) => m.slice(0, 7)));
    expect(d.months.at(-1)).toMatchObject({ calls: 400, free_calls: 300, amount_cny: 20 });
    expect(d.totals).toMatchObject({ calls: 1650, free_calls: 300, amount_cny: 192, customers: 2 });
    expect(d.totals.free_call_share).toBeCloseTo(300 / 1650, 12);
  });

  it('answers for an operator without usage, and 404 for one unknown or out of scope', async () => {
    const d = await detail('O3');
    expect(d.months).toEqual([]);
    expect(d.customers).toEqual([]);
    expect(d.totals).toEqual({ calls: 0, free_calls: 0, free_call_share: null, amount_cny: 0, customers: 0 });
    expect(d.products).toMatchObject([{ product_id: 'P3', calls: 0, effective_unit_price_cny: null }]);
    for (const [id, who] of [
      ['NOPE', 'national'],
      ['O2', 'zhejiang'],
    ]) {
      const res = await get(`/api/operators/${id}`, who);
      expect(res.status).toBe(404);
      const body = (await res.json()) as { error: { code: string; message_zh?: string } };
      expect(body.error.code).toBe('unknown_operator');
      expect(body.error.message_zh).toMatch(/运营机构/);
    }
    expect((await get('/api/operators/bad%20id')).status).toBe(400);
  });
});

describe("a scoped reader's view of an operator", () => {
  it('counts customers outside the scope without naming them, and hides the agreements and sources outside it', async () => {
    const national = await detail('O1');
    const bank = national.customers.find((c) => c.user_type === 'BANK')!;
    expect(bank).toMatchObject({ customers: 1, unnamed_customers: 0 });
    expect(bank.top.map((c) => c.name)).toEqual(['北京某银行支行']);

    const res = await get('/api/operators/O1', 'zhejiang');
    const text = await res.clone().text();
    const d = operatorDetail.parse(await res.json());
    expect(d.agreements.map((a) => a.auth_id)).not.toContain('A6');
    expect(d.products.map((p) => p.product_id)).not.toContain('P6');
    expect(d.customers.find((c) => c.user_type === 'BANK')).toEqual({
      user_type: 'BANK',
      customers: 1,
      unnamed_customers: 1,
      calls: 100,
      amount_cny: 5,
      top: [],
    });
    expect(d.customers.find((c) => c.user_type === 'ENTERPRISE')!.top.map((c) => c.user_org_id)).toEqual(['C1']);
    expect(d.totals).toMatchObject({ customers: 2, calls: 1600, amount_cny: 185 });
    expect(text).not.toContain('北京某银行支行');
    expect(text).not.toContain('C2');
    expect(d.replicated_from).toEqual([
      {
        auth_id: 'A3',
        source_auth_id: 'B1',
        source_region_code: BJ,
        source_visible: false,
        source_operator_org_id: null,
        source_operator_name: null,
        source_scenario_name: null,
        source_term_start: null,
      },
    ]);
  });
});

describe('the comparison', () => {
  it('computes each indicator as a ratio of sums and says which operators are not comparable', async () => {
    const c = await compare();
    expect(c.window).toEqual({ from: '2025-07', to: '2026-06', months: 12 });
    expect(c.min_months).toBe(12);
    const by = Object.fromEntries(c.operators.map((o) => [o.operator_org_id, o]));
    expect(by.O3).toMatchObject({ comparable: false, reason: 'no_usage', months_of_operation: 0 });
    expect(by.O4).toMatchObject({ comparable: false, reason: 'too_few_months', months_of_operation: 6 });
    expect(by.O4.indicators.monthly_customers.value).toBeNull();
    expect(c.comparable).toBe(2);
    const o1 = by.O1.indicators;
    // 192 CNY (185 from Zhejiang, 7 from Beijing) over 2 resources not revoked
    expect(o1.revenue_per_resource.value).toBeCloseTo(192 / 2, 9);
    // 10 a month then 20 a month, plus the bank's 5 in March and Beijing's 7 in May
    expect(o1.growth.value).toBeCloseTo((120 + 12) / 60 - 1, 9);
    expect(o1.free_call_share.value).toBeCloseTo(300 / 1650, 12);
    // C1 in 12 months, C2 in 2 (March, May)
    expect(o1.monthly_customers.value).toBeCloseTo(14 / 12, 12);
    // no resource: no revenue per resource, and no rank on it
    expect(by.O5.indicators.revenue_per_resource).toMatchObject({ value: null, rank: null, robust: null });
    expect(o1.revenue_per_resource).toMatchObject({ rank: 1, rank_lo: 1, rank_hi: 1, robust: true });
  });

  it('gives intervals from the bootstrap over months, ties sharing the best place', async () => {
    const c = await compare();
    const by = Object.fromEntries(c.operators.map((o) => [o.operator_org_id, o.indicators]));
    // O5 has the same figures every month: its intervals are points
    expect(by.O5.growth).toMatchObject({ value: 0, lo: 0, hi: 0 });
    expect(by.O5.monthly_customers).toMatchObject({ value: 1, lo: 1, hi: 1 });
    // O1 has 1 customer in most months and 2 in two: at least O5's 1 in every draw, so first in every draw, and O5
    // second unless no draw picked those months (a tie: both first)
    expect(by.O1.monthly_customers).toMatchObject({ rank: 1, rank_median: 1, rank_lo: 1, rank_hi: 1 });
    expect(by.O5.monthly_customers).toMatchObject({ rank: 2, rank_lo: 1, rank_hi: 2, robust: true });
    const m = by.O1.monthly_customers;
    expect(m.lo!).toBeGreaterThanOrEqual(1);
    expect(m.lo!).toBeLessThanOrEqual(m.value!);
    expect(m.hi!).toBeGreaterThan(m.value!);
    // growth draws months within each half: between 10 → 20 and the halves' extremes
    expect(by.O1.growth.lo!).toBeGreaterThanOrEqual(1);
    expect(by.O1.growth.hi!).toBeLessThanOrEqual(((20 + 7) * 6) / 60 - 1);
    // the same seed gives the same answer
    expect(await compare()).toEqual(c);
  });

  it('answers for the chosen ids, ranks among all, and within a scoped reader sees its regions only', async () => {
    const c = await compare('&ids=O5,O4');
    expect(c.operators.map((o) => o.operator_org_id)).toEqual(['O4', 'O5']);
    expect(c.comparable).toBe(2);
    expect(c.operators[1].indicators.monthly_customers.rank).toBe(2);
    const zj = await compare('', 'zhejiang');
    expect(zj.operators.map((o) => o.operator_org_id)).not.toContain('O2');
    // Beijing's 7 CNY of O1 is outside the scope
    const o1 = zj.operators.find((o) => o.operator_org_id === 'O1')!;
    expect(o1.indicators.revenue_per_resource.value).toBeCloseTo(185 / 2, 9);
    const res = await get('/api/operators/compare?draws=10');
    expect(res.status).toBe(400);
  });
});
