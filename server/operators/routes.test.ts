// Operators and pricing oversight over real HTTP on generated sample data (scale 0.1, default seed), every figure checked
// against a direct SQL computation on the same database and against the ingestion's own compliance warnings.
import { describe, expect, it } from 'vitest';
import {
  findings as findingsSchema,
  operators as operatorsSchema,
  products as productsSchema,
} from '../../contract/operators.ts';
import type { FindingRow, OperatorRow, ProductRow } from '../../contract/operators.ts';
import { execute, queryRows, type Row } from '../db/query.ts';
import { useReaderServer } from '../test-support/reader-server.ts';

/** Jiangsu: at scale 0.1 it holds two products above their cap and a free-purpose row with an amount. */
const SCOPE = '320000';
const server = useReaderServer({ data: 0.1, readers: { national: null, jiangsu: [SCOPE] } });
const { get, json } = server;
const sql = (text: string) => server.db.withConnection((con) => queryRows(con, text));
const findingsOf = async (query = '', who = 'national') =>
  findingsSchema.parse(await json(`/api/operators/findings?format=json${query}`, who)).rows;
const byRule = (rows: FindingRow[], rule: string) => rows.filter((r) => r.rule === rule);
const cents = (x: number | null) => Math.round((x ?? NaN) * 100);

describe('the oversight worklist', () => {
  it('finds every product priced above its cap, by how much, and what it charged above the cap', async () => {
    const rows = byRule(await findingsOf(), 'PRICE_ABOVE_CAP');
    const direct = await sql(`
      SELECT p.product_id, p.list_unit_price_cny::DOUBLE AS list, p.cap_unit_price_cny::DOUBLE AS cap,
             coalesce(sum(u.amount_cny) FILTER (WHERE u.use_purpose NOT IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE')), 0)::DOUBLE AS paid
      FROM product p LEFT JOIN usage u USING (product_id)
      WHERE p.list_unit_price_cny > p.cap_unit_price_cny GROUP BY ALL ORDER BY 1`);
    expect(direct.length).toBeGreaterThanOrEqual(3);
    expect(rows.map((r) => r.product_id).sort()).toEqual(direct.map((d) => d.product_id));
    // the ingestion's warnings name the same products
    const warned = await sql(`SELECT record_key FROM ingest_warning WHERE rule_code = 'PRICE_ABOVE_CAP' ORDER BY 1`);
    expect(warned.map((w) => w.record_key)).toEqual(direct.map((d) => d.product_id));
    for (const d of direct) {
      const r = rows.find((x) => x.product_id === d.product_id)!;
      const [list, cap, paid] = [d.list as number, d.cap as number, d.paid as number];
      expect(r).toMatchObject({ severity: 'violation', observed: list, limit_value: cap });
      expect(r.excess).toBeCloseTo(list - cap, 4);
      expect(cents(r.amount_cny)).toBe(Math.round(((paid * (list - cap)) / list) * 100));
      expect(r.operator_name).toBeTruthy();
    }
  });

  it('finds the free-purpose usage that was charged, per product, with the amount to refund', async () => {
    const rows = byRule(await findingsOf(), 'FREE_PURPOSE_CHARGED');
    const direct = await sql(`
      SELECT product_id, count(*) AS n, sum(amount_cny)::DOUBLE AS amount FROM usage
      WHERE use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') AND amount_cny <> 0 GROUP BY 1 ORDER BY 1`);
    expect(direct.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r.product_id, r.evidence_rows, cents(r.amount_cny)]).sort()).toEqual(
      direct.map((d) => [d.product_id, d.n, cents(d.amount as number)]),
    );
    const warned = await sql(`SELECT count(*) AS n FROM ingest_warning WHERE rule_code = 'FREE_PURPOSE_CHARGED'`);
    expect(rows.reduce((s, r) => s + r.evidence_rows, 0)).toBe(warned[0].n);
  });

  it('finds the agreements whose revenue exceeds the maximum allowed revenue, and the excess to deduct', async () => {
    const rows = byRule(await findingsOf(), 'REVENUE_ABOVE_MAX');
    const direct = await sql(`
      SELECT auth_id, revenue_reported_cny::DOUBLE AS revenue, max_allowed_revenue_cny::DOUBLE AS max
      FROM "authorization" WHERE revenue_reported_cny > max_allowed_revenue_cny ORDER BY 1`);
    expect(direct.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.auth_id).sort()).toEqual(direct.map((d) => d.auth_id));
    for (const d of direct) {
      const r = rows.find((x) => x.auth_id === d.auth_id)!;
      expect(r).toMatchObject({ period: '2025', observed: d.revenue, limit_value: d.max, product_id: null });
      expect(cents(r.amount_cny)).toBe(cents((d.revenue as number) - (d.max as number)));
    }
  });

  it('finds agreements over 5 years as the ingestion warned, and trial tariffs past a full year of operations', async () => {
    const all = await findingsOf();
    const warned = await sql(`SELECT record_key FROM ingest_warning WHERE rule_code = 'TERM_OVER_5_YEARS' ORDER BY 1`);
    expect(warned.length).toBeGreaterThan(0);
    expect(
      byRule(all, 'TERM_OVER_5_YEARS')
        .map((r) => r.auth_id)
        .sort(),
    ).toEqual(warned.map((w) => w.record_key));
    const trial = await sql(`
      SELECT p.auth_id, min(u.period_month) AS first
      FROM usage u JOIN product p USING (product_id) JOIN "authorization" a ON a.auth_id = p.auth_id
      WHERE a.tariff_status = 'TRIAL' AND a.status IN ('ACTIVE', 'SUSPENDED')
      GROUP BY 1 HAVING date_diff('month', min(u.period_month), DATE '2026-10-01') >= 12 ORDER BY 1`);
    expect(trial.length).toBeGreaterThan(0);
    const found = byRule(all, 'TRIAL_PAST_FIRST_YEAR');
    expect(found.map((r) => r.auth_id).sort()).toEqual(trial.map((d) => d.auth_id));
    expect(found.every((r) => r.severity === 'risk' && r.observed! > 12 && r.limit_value === 12)).toBe(true);
  });

  it('lists violations before risks, the largest amount first, and filters by rule, region and mode', async () => {
    const all = await findingsOf();
    const firstRisk = all.findIndex((r) => r.severity === 'risk');
    expect(all.slice(firstRisk).every((r) => r.severity === 'risk')).toBe(true);
    const amounts = all.slice(0, firstRisk).map((r) => r.amount_cny ?? -1);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const priced = await findingsOf('&rules=PRICE_ABOVE_CAP');
    expect(priced).toEqual(byRule(all, 'PRICE_ABOVE_CAP'));
    const jiangsu = await findingsOf(`&regions=${SCOPE}`);
    expect(jiangsu).toEqual(all.filter((r) => r.region_code === SCOPE));
    const overall = await findingsOf('&modes=OVERALL');
    const modes = await sql(`SELECT auth_id FROM "authorization" WHERE auth_mode = 'OVERALL'`);
    expect(overall.every((r) => modes.some((m) => m.auth_id === r.auth_id))).toBe(true);
  });

  it('exports the worklist as CSV with the same rows', async () => {
    const res = await get('/api/operators/findings?format=csv');
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/operator-findings\.csv/);
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^rule,severity,operator_org_id,operator_name,region_code/);
    expect(lines.length - 1).toBe((await findingsOf()).length);
  });

  it('refuses unknown codes with the one error shape', async () => {
    for (const url of [
      '/api/operators/findings?rules=NOPE',
      '/api/operators?modes=ALL',
      '/api/operators?regions=999999',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(400);
      expect((await res.json()).error.message_zh).toBeTruthy();
    }
  });
});

describe('operators', () => {
  it("sums each operator's agreements, products, usage and revenue as direct SQL does", async () => {
    const answer = operatorsSchema.parse(await json('/api/operators'));
    expect(answer.period).toEqual({ last_month: '2026-10', year: 2025 });
    const direct = await sql(`
      SELECT a.operator_org_id, count(DISTINCT a.auth_id) AS agreements,
             (SELECT count(*) FROM product p JOIN "authorization" b USING (auth_id) WHERE b.operator_org_id = a.operator_org_id) AS products,
             (SELECT coalesce(sum(u.calls), 0) FROM usage u JOIN product p USING (product_id) JOIN "authorization" b ON b.auth_id = p.auth_id
               WHERE b.operator_org_id = a.operator_org_id) AS calls,
             (SELECT coalesce(sum(u.amount_cny), 0)::DOUBLE FROM usage u JOIN product p USING (product_id) JOIN "authorization" b ON b.auth_id = p.auth_id
               WHERE b.operator_org_id = a.operator_org_id) AS amount,
             (SELECT count(DISTINCT u.user_org_id) FROM usage u JOIN product p USING (product_id) JOIN "authorization" b ON b.auth_id = p.auth_id
               WHERE b.operator_org_id = a.operator_org_id) AS customers,
             sum(greatest(a.revenue_reported_cny - a.max_allowed_revenue_cny, 0))::DOUBLE AS excess
      FROM "authorization" a GROUP BY 1 ORDER BY 1`);
    expect(answer.operators.map((o) => o.operator_org_id)).toEqual(direct.map((d) => d.operator_org_id));
    for (const d of direct) {
      const o = answer.operators.find((x) => x.operator_org_id === d.operator_org_id)!;
      expect([o.agreements, o.products, o.calls, cents(o.amount_cny), o.customers]).toEqual([
        d.agreements,
        d.products,
        d.calls,
        cents(d.amount as number),
        d.customers,
      ]);
      // an agreement without reported revenue is compared with its usage of the year: never more excess than reported
      expect(o.revenue_excess_cny).toBeGreaterThanOrEqual((d.excess as number) - 0.005);
    }
    // the worklist's counts are the operators' counts
    const all = await findingsOf();
    const sumOf = (k: 'violations' | 'risks') => answer.operators.reduce((s, o) => s + o[k], 0);
    expect(sumOf('violations')).toBe(all.filter((r) => r.severity === 'violation').length);
    expect(sumOf('risks')).toBe(all.filter((r) => r.severity === 'risk').length);
    const excess = byRule(all, 'REVENUE_ABOVE_MAX').reduce((s, r) => s + r.amount_cny!, 0);
    expect(answer.operators.reduce((s, o) => s + o.revenue_excess_cny, 0)).toBeCloseTo(excess, 2);
    // the free-use share is a ratio of sums
    const some = answer.operators.find((o) => o.free_calls > 0)!;
    expect(some.free_call_share).toBeCloseTo(some.free_calls / some.calls, 10);
  });

  it("gives each product's effective price as Σ paid amount ÷ Σ units of its charge basis", async () => {
    const rows = productsSchema.parse(await json('/api/operators/products?format=json')).rows as ProductRow[];
    const direct = await sql(`
      SELECT p.product_id, p.charge_basis,
             sum(u.amount_cny)::DOUBLE AS amount,
             CASE p.charge_basis WHEN 'PER_TIME' THEN count(*) WHEN 'PER_DATA_VOLUME' THEN sum(u.data_volume_gb) ELSE sum(u.calls) END AS units
      FROM product p JOIN usage u USING (product_id)
      WHERE u.use_purpose NOT IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') AND u.amount_cny > 0
      GROUP BY p.product_id, p.charge_basis`);
    for (const basis of ['PER_CALL', 'PER_TIME', 'PER_DATA_VOLUME', 'PER_PRODUCT']) {
      const d = direct.find((x) => x.charge_basis === basis)!;
      const r = rows.find((x) => x.product_id === d.product_id)!;
      expect(r.effective_unit_price_cny, basis).toBeCloseTo((d.amount as number) / Number(d.units), 6);
    }
    const unused = rows.filter((r) => r.calls === 0);
    expect(unused.every((r) => r.effective_unit_price_cny === null)).toBe(true);
    expect(rows.length).toBe((await sql('SELECT count(*) AS n FROM product'))[0].n);
  });
});

describe('regional scope', () => {
  it('shows a scoped reader the agreements, products and findings of their regions only', async () => {
    const national = await findingsOf();
    const scoped = await findingsOf('', 'jiangsu');
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped).toEqual(national.filter((r) => r.region_code === SCOPE));
    const ops = operatorsSchema.parse(await json('/api/operators', 'jiangsu')).operators as OperatorRow[];
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.every((o) => o.regions.every((r) => r === SCOPE))).toBe(true);
    const prods = productsSchema.parse(await json('/api/operators/products?format=json', 'jiangsu')).rows;
    expect(prods.every((p) => p.region_code === SCOPE)).toBe(true);
    // asking for another region within a scope finds nothing rather than another region's records
    expect(await findingsOf('&regions=110000', 'jiangsu')).toEqual([]);
  });
});

describe('edge cases', () => {
  it('flags a product without a cap, leaves a product without usage unpriced, and follows a moved product', async () => {
    const [auth] = await sql(
      `SELECT auth_id, operator_org_id FROM "authorization" WHERE status = 'ACTIVE' AND region_code = '${SCOPE}' ORDER BY 1 LIMIT 1`,
    );
    const [other] = await sql(`SELECT auth_id FROM "authorization" WHERE region_code = '110000' ORDER BY 1 LIMIT 1`);
    const moved = (await sql(`SELECT product_id FROM ingest_warning w JOIN product p ON p.product_id = w.record_key
                              WHERE w.rule_code = 'PRICE_ABOVE_CAP' AND p.auth_id IN (SELECT auth_id FROM "authorization" WHERE region_code = '${SCOPE}') LIMIT 1`)) as Row[];
    await server.db.withConnection(async (con) => {
      const ins = (id: string, cap: string) =>
        execute(
          con,
          `INSERT INTO product (product_id, product_name, auth_id, operator_org_id, sector_code, product_form, charge_basis,
             cap_unit_price_cny, list_unit_price_cny, launched_at, batch_id)
           VALUES ($id, 'edge', $auth, $op, 'DEX05', 'API_QUERY', 'PER_CALL', ${cap}, 1.00, DATE '2026-01-01', 99)`,
          { id, auth: auth.auth_id as string, op: auth.operator_org_id as string },
        );
      await ins('DP-EDGE-NOCAP', 'NULL');
      await ins('DP-EDGE-UNUSED', '2.00');
      await execute(
        con,
        `INSERT INTO usage VALUES ('US-EDGE-1', DATE '2026-09-01', 'DP-EDGE-NOCAP', $auth, '${SCOPE}', 'U', 'ENTERPRISE',
           '${SCOPE}', 'INDUSTRY_DEV', 10, 10, 0.1, 10.00, 1.0, true, 99)`,
        { auth: auth.auth_id as string },
      );
      // a product moved to another region's agreement leaves Jiangsu's worklist with it
      await execute(con, `UPDATE product SET auth_id = $to WHERE product_id = $id`, {
        to: other.auth_id as string,
        id: moved[0].product_id as string,
      });
    });
    // what an ingest does after it commits: cached answers of the old data are dropped
    await server.db.notifyDataChanged();
    const scoped = await findingsOf('', 'jiangsu');
    const noCap = byRule(scoped, 'NO_CAP');
    expect(noCap.map((r) => [r.product_id, r.amount_cny, r.limit_value, r.evidence_rows])).toEqual([
      ['DP-EDGE-NOCAP', 10, null, 1],
    ]);
    expect(scoped.some((r) => r.product_id === 'DP-EDGE-UNUSED')).toBe(false);
    expect(scoped.some((r) => r.product_id === moved[0].product_id)).toBe(false);
    const national = await findingsOf('&regions=110000');
    expect(national.find((r) => r.product_id === moved[0].product_id)?.region_code).toBe('110000');
    const prods = productsSchema.parse(await json('/api/operators/products?format=json', 'jiangsu')).rows;
    expect(prods.find((p) => p.product_id === 'DP-EDGE-UNUSED')).toMatchObject({
      calls: 0,
      effective_unit_price_cny: null,
    });
    expect(prods.find((p) => p.product_id === 'DP-EDGE-NOCAP')).toMatchObject({
      list_to_cap: null,
      effective_unit_price_cny: 1,
    });
  });
});
