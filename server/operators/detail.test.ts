// An operator's detail and the comparison over real HTTP on generated sample data (scale 0.1, default seed): every
// operator's detail agrees with its row of /api/operators and with the worklist's term rules, the replicated models
// of the generator are found, a scoped reader never sees a customer of another region by name, and the comparison's
// figures equal direct SQL.
import { describe, expect, it } from 'vitest';
import {
  findings as findingsSchema,
  operatorComparison,
  operatorDetail,
  operators as operatorsSchema,
  type OperatorDetail,
} from '../../contract/operators.ts';
import { queryRows } from '../db/query.ts';
import { useReaderServer } from '../test-support/reader-server.ts';

/** Jiangsu: at scale 0.1 OP-320000-001 serves users of 8 regions from it. */
const SCOPE = '320000';
const server = useReaderServer({ data: 0.1, readers: { national: null, jiangsu: [SCOPE] } });
const { json } = server;
const detail = async (id: string, who = 'national'): Promise<OperatorDetail> =>
  operatorDetail.parse(await json(`/api/operators/${id}`, who));
const sql = (text: string, params: Record<string, string> = {}) =>
  server.db.withConnection((con) => queryRows(con, text, params));
const cents = (x: number | null) => Math.round((x ?? NaN) * 100);

describe("every operator's detail", () => {
  it('agrees with its row of the operators list and with the worklist', async () => {
    const list = operatorsSchema.parse(await json('/api/operators')).operators;
    const findings = findingsSchema.parse(await json('/api/operators/findings?format=json')).rows;
    const flagged = (rule: string) => new Set(findings.filter((f) => f.rule === rule).map((f) => f.auth_id));
    const [ending, long] = [flagged('TERM_ENDING'), flagged('TERM_OVER_5_YEARS')];
    expect(ending.size).toBeGreaterThan(0);
    expect(long.size).toBeGreaterThan(0);
    // the operators with a term finding, and every fourth other one (each detail is six queries)
    const flaggedOps = new Set(findings.filter((f) => f.rule.startsWith('TERM_')).map((f) => f.operator_org_id));
    const chosen = list.filter((o, i) => flaggedOps.has(o.operator_org_id) || i % 4 === 0);
    expect(chosen.length).toBeGreaterThan(30);
    for (const o of chosen) {
      const d = await detail(o.operator_org_id);
      expect(d.operator).toMatchObject({ operator_name: o.operator_name, is_data_group: o.is_data_group });
      expect(d.agreements.length).toBe(o.agreements);
      expect(d.products.length).toBe(o.products);
      expect(d.totals.calls).toBe(o.calls);
      expect(d.totals.free_calls).toBe(o.free_calls);
      expect(d.totals.customers).toBe(o.customers);
      expect(cents(d.totals.amount_cny)).toBe(cents(o.amount_cny));
      // the list leaves the share empty for an operator without free calls: 0 here
      expect(d.totals.free_call_share ?? 0).toBeCloseTo(o.free_call_share ?? 0, 12);
      expect(d.customers.reduce((s, c) => s + c.calls, 0)).toBe(o.calls);
      for (const a of d.agreements) {
        expect(a.ending_within_6_months, a.auth_id).toBe(ending.has(a.auth_id));
        expect(a.over_5_years, a.auth_id).toBe(long.has(a.auth_id));
      }
    }
  }, 120_000);

  it("names the model each replicating agreement copies, with the source's region", async () => {
    const direct = await sql(`
      SELECT a.operator_org_id, a.auth_id, s.auth_id AS source, s.region_code
      FROM "authorization" a JOIN "authorization" s ON s.auth_id = a.is_replicated_from ORDER BY 1, 2`);
    expect(direct.length).toBeGreaterThan(0);
    for (const r of direct) {
      const d = await detail(r.operator_org_id as string);
      expect(d.replicated_from.find((x) => x.auth_id === r.auth_id)).toMatchObject({
        source_auth_id: r.source,
        source_region_code: r.region_code,
        source_visible: true,
      });
      expect(d.replicated_from.every((x) => x.source_region_code !== null)).toBe(true);
    }
  });

  it('gives each month the sums of the usage records of its products', async () => {
    const id = 'OP-320000-001';
    const d = await detail(id);
    const direct = await sql(
      `SELECT strftime(u.period_month, '%Y-%m') AS month, sum(u.calls) AS calls, sum(u.amount_cny)::DOUBLE AS amount,
              count(DISTINCT u.user_org_id) AS customers
       FROM usage u JOIN product p USING (product_id) JOIN "authorization" a ON a.auth_id = p.auth_id
       WHERE a.operator_org_id = $id GROUP BY 1 ORDER BY 1`,
      { id },
    );
    expect(direct.length).toBeGreaterThan(3);
    const used = d.months.filter((m) => m.calls > 0 || m.amount_cny !== 0);
    expect(used.map((m) => [m.month, m.calls, cents(m.amount_cny), m.customers])).toEqual(
      direct.map((r) => [r.month, r.calls, cents(r.amount as number), r.customers]),
    );
  });
});

describe('a scoped reader', () => {
  it("counts the operator's customers of other regions and names none of them", async () => {
    const id = 'OP-320000-001';
    const res = await server.get(`/api/operators/${id}`, 'jiangsu');
    const text = await res.clone().text();
    const d = operatorDetail.parse(await res.json());
    const outside = await sql(
      `SELECT DISTINCT u.user_org_id, o.name
       FROM usage u JOIN product p USING (product_id) JOIN "authorization" a ON a.auth_id = p.auth_id
       LEFT JOIN org o ON o.org_id = u.user_org_id
       WHERE a.operator_org_id = $id AND u.provider_region_code = $scope AND u.user_region_code <> $scope`,
      { id, scope: SCOPE },
    );
    expect(outside.length).toBeGreaterThan(0);
    expect(d.customers.reduce((s, c) => s + c.unnamed_customers, 0)).toBeGreaterThanOrEqual(outside.length);
    for (const c of outside) {
      expect(text).not.toContain(c.user_org_id as string);
      if (c.name) expect(text).not.toContain(c.name as string);
    }
    const named = d.customers.flatMap((c) => c.top.map((x) => x.user_org_id));
    expect(named.length).toBeGreaterThan(0);
    // the national reader sees them by name
    const national = await detail(id, 'national');
    const all = national.customers.flatMap((c) => c.top.map((x) => x.user_org_id));
    expect(all.some((x) => outside.some((o) => o.user_org_id === x))).toBe(true);
  });
});

describe('the comparison', () => {
  it('computes revenue per resource, customers, growth and free share as direct SQL does', async () => {
    const c = operatorComparison.parse(await json('/api/operators/compare?draws=300'));
    expect(c.window).toEqual({ from: '2025-11', to: '2026-10', months: 12 });
    expect(c.comparable).toBeGreaterThan(5);
    expect(c.operators.filter((o) => o.comparable).length).toBe(c.comparable);
    const direct = await sql(`
      WITH u AS (
        SELECT a.operator_org_id, u.period_month, u.user_org_id, u.calls, u.amount_cny, u.use_purpose
        FROM usage u JOIN product p USING (product_id) JOIN "authorization" a ON a.auth_id = p.auth_id
      ), first AS (SELECT operator_org_id, min(period_month) AS first FROM u GROUP BY 1),
      res AS (SELECT a.operator_org_id, count(DISTINCT r.asset_uid) AS n FROM "authorization" a
              JOIN authorization_resource r USING (auth_id) WHERE r.revoked_at IS NULL GROUP BY 1),
      w AS (SELECT * FROM u WHERE period_month >= DATE '2025-11-01'),
      cm AS (SELECT operator_org_id, count(DISTINCT (period_month, user_org_id)) AS cm FROM w GROUP BY 1)
      SELECT w.operator_org_id, f.first, any_value(res.n) AS resources, any_value(cm.cm) AS cm,
             sum(amount_cny)::DOUBLE AS amount, sum(calls) AS calls,
             sum(calls) FILTER (WHERE use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE')) AS free,
             sum(amount_cny) FILTER (WHERE period_month < DATE '2026-05-01')::DOUBLE AS h1,
             sum(amount_cny) FILTER (WHERE period_month >= DATE '2026-05-01')::DOUBLE AS h2
      FROM w JOIN first f USING (operator_org_id) LEFT JOIN res USING (operator_org_id)
      JOIN cm USING (operator_org_id)
      WHERE f.first <= DATE '2025-11-01' GROUP BY ALL ORDER BY 1`);
    expect(c.operators.filter((o) => o.comparable).map((o) => o.operator_org_id)).toEqual(
      direct.map((d) => d.operator_org_id),
    );
    for (const d of direct) {
      const o = c.operators.find((x) => x.operator_org_id === d.operator_org_id)!.indicators;
      const resources = (d.resources as number | null) ?? 0;
      if (resources > 0) expect(o.revenue_per_resource.value).toBeCloseTo((d.amount as number) / resources, 6);
      expect(o.monthly_customers.value).toBeCloseTo((d.cm as number) / 12, 9);
      expect(o.free_call_share.value).toBeCloseTo(Number(d.free ?? 0) / (d.calls as number), 9);
      if (Number(d.h1 ?? 0) > 0) expect(o.growth.value).toBeCloseTo((d.h2 as number) / (d.h1 as number) - 1, 6);
      for (const e of Object.values(o))
        if (e.value !== null && e.lo !== null) {
          expect(e.lo).toBeLessThanOrEqual(e.hi!);
          expect(e.rank_lo!).toBeLessThanOrEqual(e.rank_hi!);
          expect(e.rank_hi!).toBeLessThanOrEqual(c.comparable);
        }
    }
    // the rest: fewer than 12 months of operation, or no usage
    for (const o of c.operators.filter((x) => !x.comparable))
      expect(o.reason).toBe(
        o.months_of_operation === 0 ? 'no_usage' : o.months_of_operation < 12 ? 'too_few_months' : 'no_usage',
      );
  });
});
