// Pricing oversight and disclosure over real HTTP on the scale-1 sample data (default seed): every signal the generator
// plants for the pricing notice (sample-data/README.md §5) recovered through /api/pricing…, each figure checked against
// direct SQL and the ingestion's own warnings; then each rule's edge cases on rows added to the same database.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { findings as findingsSchema, type FindingRow } from '../../contract/operators.ts';
import {
  disclosure as disclosureSchema,
  distribution as distributionSchema,
  evidence as evidenceSchema,
  EVIDENCE_LIMIT,
  prices as pricesSchema,
  revenue as revenueSchema,
  type DisclosureRow,
  type PriceRow,
  type RevenueRow,
} from '../../contract/pricing.ts';
import { XLSX_MIME } from '../api/xlsx.ts';
import { execute, queryRows } from '../db/query.ts';
import { useReaderServer } from '../test-support/reader-server.ts';

const SCOPE = '320000';
const server = useReaderServer({ data: 1, readers: { national: null, jiangsu: [SCOPE] }, timeoutMs: 600_000 });
const { get, json } = server;
const sql = (text: string) => server.db.withConnection((con) => queryRows(con, text));
const cents = (x: number | null | undefined) => Math.round((x ?? NaN) * 100);
const prices = async (query = '', who = 'national') =>
  pricesSchema.parse(await json(`/api/pricing/prices?format=json${query}`, who)).rows as PriceRow[];
const revenue = async (query = '', who = 'national') =>
  revenueSchema.parse(await json(`/api/pricing/revenue?format=json${query}`, who)).rows as RevenueRow[];
const disclosure = async (query = '', who = 'national') =>
  disclosureSchema.parse(await json(`/api/pricing/disclosure?format=json${query}`, who)).rows as DisclosureRow[];
const findings = async (query = '') =>
  findingsSchema.parse(await json(`/api/operators/findings?format=json${query}`)).rows as FindingRow[];
const FREE = `('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE')`;

describe('the planted signals, recovered through /api/pricing', () => {
  it('finds the operator whose revenue exceeds its maximum, by how much, and what to deduct next period', async () => {
    const rows = (await revenue()).filter((r) => (r.excess_cny ?? 0) > 0);
    // sample-data/README.md §5: three agreements of 2025, 1,308,112.83 CNY to deduct
    expect(rows.map((r) => r.auth_id).sort()).toEqual(['AUTH-320000-0016', 'AUTH-410000-0001', 'AUTH-440000-0040']);
    expect(cents(rows.reduce((s, r) => s + r.excess_cny!, 0))).toBe(130811283);
    const top = rows.find((r) => r.auth_id === 'AUTH-410000-0001')!;
    expect(top).toMatchObject({
      operator_name: '新乡数据集团有限公司',
      region_code: '410000',
      revenue_cny: 3586254.7,
      max_allowed_revenue_cny: 2386382.25,
    });
    expect(cents(top.excess_cny)).toBe(119987245);
    expect(cents(top.next_period_max_cny)).toBe(cents(2386382.25 - 1199872.45));
    // the same agreements and amounts as the worklist's rule
    const rule = (await findings('&rules=REVENUE_ABOVE_MAX')).map((f) => [f.auth_id, cents(f.amount_cny)]);
    expect(rule.sort()).toEqual(rows.map((r) => [r.auth_id, cents(r.excess_cny)]).sort());
  });

  it('finds every product listed above its cap, as the ingestion warned', async () => {
    const rows = (await prices()).filter((r) => r.products_above_cap > 0);
    const warned = await sql(`SELECT record_key FROM ingest_warning WHERE rule_code = 'PRICE_ABOVE_CAP' ORDER BY 1`);
    expect(warned).toHaveLength(17);
    expect(rows.map((r) => r.product_id).sort()).toEqual(warned.map((w) => w.record_key));
    expect(rows.every((r) => r.list_unit_price_cny! > r.cap_unit_price_cny!)).toBe(true);
    const regions = await prices('&level=region');
    expect(regions.reduce((s, r) => s + r.products_above_cap, 0)).toBe(17);
  });

  it('finds the free-purpose usage charged an amount, with the amount to refund', async () => {
    const rows = (await prices()).filter((r) => r.free_purpose_rows > 0);
    const warned = await sql(`SELECT count(*) AS n FROM ingest_warning WHERE rule_code = 'FREE_PURPOSE_CHARGED'`);
    expect(rows.reduce((s, r) => s + r.free_purpose_rows, 0)).toBe(warned[0].n);
    expect(rows).toHaveLength(93);
    // sample-data/README.md §5: 2,374,134.72 CNY to refund
    expect(cents(rows.reduce((s, r) => s + r.free_purpose_amount_cny, 0))).toBe(237413472);
    const direct = await sql(`SELECT product_id, sum(amount_cny)::DOUBLE AS amount FROM usage
      WHERE use_purpose IN ${FREE} AND amount_cny <> 0 GROUP BY 1 ORDER BY 1`);
    expect(rows.map((r) => [r.product_id, cents(r.free_purpose_amount_cny)]).sort()).toEqual(
      direct.map((d) => [d.product_id, cents(d.amount as number)]),
    );
  });

  it('finds the trial tariffs kept past a first full year of operations', async () => {
    const rows = (await revenue()).filter((r) => r.trial_past_first_year);
    const rule = await findings('&rules=TRIAL_PAST_FIRST_YEAR');
    expect(rows).toHaveLength(52);
    expect(rows.map((r) => r.auth_id).sort()).toEqual(rule.map((f) => f.auth_id).sort());
    expect(rows.every((r) => r.tariff_status === 'TRIAL' && r.months_of_operation! > 12)).toBe(true);
  });

  it('discloses the agreements whose term is over 5 years, as the ingestion warned', async () => {
    const rows = await disclosure('&year=2026');
    const over = new Set(
      rows
        .filter((r) => new Date(r.term_end) > new Date(new Date(r.term_start).getTime() + 5 * 365.25 * 86400_000))
        .map((r) => r.auth_id),
    );
    const warned = await sql(`SELECT record_key FROM ingest_warning WHERE rule_code = 'TERM_OVER_5_YEARS' ORDER BY 1`);
    expect(warned).toHaveLength(9);
    expect([...over].sort()).toEqual(warned.map((w) => w.record_key));
  });
});

describe('prices', () => {
  it("gives an operator's effective price as Σ amount ÷ Σ units per charge basis, not a mean of products", async () => {
    const ops = await prices('&level=operator');
    const direct = await sql(`
      SELECT p.operator_org_id, p.charge_basis, sum(u.amount_cny)::DOUBLE AS amount,
             CASE p.charge_basis WHEN 'PER_TIME' THEN count(*) WHEN 'PER_DATA_VOLUME' THEN sum(u.data_volume_gb)
                                 ELSE sum(u.calls) END::DOUBLE AS units,
             avg(u.amount_cny) AS mean_row
      FROM product p JOIN usage u USING (product_id)
      WHERE u.use_purpose NOT IN ${FREE} AND u.amount_cny > 0 GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(direct.length).toBeGreaterThan(50);
    for (const d of direct) {
      const r = ops.find((o) => o.operator_org_id === d.operator_org_id && o.charge_basis === d.charge_basis)!;
      expect(r.region_code).toBeNull();
      expect(r.effective_unit_price_cny!).toBeCloseTo((d.amount as number) / (d.units as number), 6);
    }
    // a mean of the products' own effective prices differs from the ratio of sums somewhere
    const products = await prices();
    const differs = ops.some((o) => {
      const mine = products.filter(
        (p) =>
          p.operator_org_id === o.operator_org_id &&
          p.charge_basis === o.charge_basis &&
          p.effective_unit_price_cny !== null,
      );
      const mean = mine.reduce((s, p) => s + p.effective_unit_price_cny!, 0) / mine.length;
      return mine.length > 1 && Math.abs(mean - o.effective_unit_price_cny!) > 1e-6 * mean;
    });
    expect(differs).toBe(true);
  });

  it('sums the products of a region to the region row', async () => {
    const products = (await prices()).filter((p) => p.region_code === '330000' && p.charge_basis === 'PER_CALL');
    const [region] = (await prices('&level=region&regions=330000')).filter((r) => r.charge_basis === 'PER_CALL');
    expect(region.products).toBe(products.length);
    expect(cents(region.paid_amount_cny)).toBe(cents(products.reduce((s, p) => s + p.paid_amount_cny, 0)));
    const units = products.reduce((s, p) => s + p.paid_units, 0);
    expect(region.effective_unit_price_cny!).toBeCloseTo(region.paid_amount_cny / units, 8);
    const capped = products.filter((p) => p.cap_unit_price_cny !== null);
    const capValue = capped.reduce((s, p) => s + p.cap_unit_price_cny! * p.paid_units, 0);
    expect(region.effective_to_cap!).toBeCloseTo(capped.reduce((s, p) => s + p.paid_amount_cny, 0) / capValue, 8);
  });

  it('gives the quantiles of caps and effective prices per sector and charge basis', async () => {
    const rows = distributionSchema.parse(await json('/api/pricing/distribution?format=json')).rows;
    const caps = (
      await sql(`SELECT cap_unit_price_cny::DOUBLE AS cap FROM product
                 WHERE sector_code = 'DEX05' AND charge_basis = 'PER_CALL' AND cap_unit_price_cny IS NOT NULL`)
    )
      .map((r) => r.cap as number)
      .sort((a, b) => a - b);
    const q = (p: number) => {
      const h = (caps.length - 1) * p;
      return caps[Math.floor(h)] + (h - Math.floor(h)) * (caps[Math.ceil(h)] - caps[Math.floor(h)]);
    };
    const row = rows.find((r) => r.sector_code === 'DEX05' && r.charge_basis === 'PER_CALL' && r.measure === 'cap')!;
    expect(row.n).toBe(caps.length);
    expect([row.min, row.q1, row.median, row.q3, row.max].map((x) => x.toFixed(6))).toEqual(
      [caps[0], q(0.25), q(0.5), q(0.75), caps.at(-1)!].map((x) => x.toFixed(6)),
    );
    expect(rows.every((r) => r.min <= r.q1 && r.q1 <= r.median && r.median <= r.q3 && r.q3 <= r.max)).toBe(true);
    const effective = rows.filter((r) => r.measure === 'effective');
    expect(new Set(effective.map((r) => r.charge_basis))).toEqual(
      new Set(['PER_CALL', 'PER_DATA_VOLUME', 'PER_TIME', 'PER_PRODUCT']),
    );
    // the sector filter is the product's sector
    const finance = distributionSchema.parse(await json('/api/pricing/distribution?format=json&sectors=DEX05')).rows;
    expect(finance.every((r) => r.sector_code === 'DEX05')).toBe(true);
    expect(finance.find((r) => r.charge_basis === 'PER_CALL' && r.measure === 'cap')).toEqual(row);
  });
});

describe('the disclosure', () => {
  it("lists each agreement's resources with their registration status at year end and its products' caps", async () => {
    const rows = await disclosure('&region=330000&year=2025');
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.every((r) => r.region_code === '330000' && r.disclosure_due === '2026-03-31')).toBe(true);
    const direct = await sql(`
      SELECT count(DISTINCT a.auth_id) AS n FROM "authorization" a
      WHERE a.region_code = '330000' AND a.status NOT IN ('PLANNING', 'SELECTING')
        AND a.term_start <= DATE '2025-12-31' AND a.term_end >= DATE '2025-01-01'`);
    expect(new Set(rows.map((r) => r.auth_id)).size).toBe(direct[0].n);
    const products = rows.filter((r) => r.item === 'product');
    expect(products.length).toBeGreaterThan(0);
    const caps = await sql(`SELECT product_id, cap_unit_price_cny::DOUBLE AS cap FROM product`);
    for (const p of products) expect(p.cap_unit_price_cny).toBe(caps.find((c) => c.product_id === p.item_id)!.cap);
    expect(rows.every((r) => r.implementing_agency_name && r.operator_name)).toBe(true);
    // a resource registered only in the next year is disclosed as not yet registered, and registered a year later
    const [late] = await sql(`
      SELECT ar.asset_uid FROM authorization_resource ar JOIN "authorization" a USING (auth_id)
      WHERE a.region_code = '330000' AND ar.granted_at <= DATE '2025-12-31' AND ar.revoked_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM registration g WHERE g.asset_uid = ar.asset_uid AND g.submitted_at <= DATE '2025-12-31')
        AND EXISTS (SELECT 1 FROM registration g WHERE g.asset_uid = ar.asset_uid AND g.status = 'REGISTERED' AND g.registered_at <= DATE '2026-10-31')
        AND a.term_start <= DATE '2025-12-31' AND a.status NOT IN ('PLANNING', 'SELECTING')
      ORDER BY 1 LIMIT 1`);
    expect(late).toBeDefined();
    const before = rows.find((r) => r.item_id === late.asset_uid)!;
    expect(before).toMatchObject({ registration_status: null });
    expect(before.item_name).toBeTruthy();
    const after = (await disclosure('&region=330000&year=2026')).find((r) => r.item_id === late.asset_uid)!;
    expect(after.registration_status).toBe('REGISTERED');
  });

  it('answers CSV and XLSX with the same rows, and refuses two regions or an unknown one', async () => {
    const rows = await disclosure('&region=330000&year=2025');
    const csv = await get('/api/pricing/disclosure?format=csv&region=330000&year=2025');
    expect(csv.headers.get('content-disposition')).toMatch(/disclosure-330000-2025\.csv/);
    expect((await csv.text()).trim().split(/\r?\n/)).toHaveLength(rows.length + 1);
    const x = await get('/api/pricing/disclosure?format=xlsx&region=330000&year=2025');
    expect(x.headers.get('content-type')).toBe(XLSX_MIME);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await x.arrayBuffer());
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(rows.length + 1);
    const header = (sheet.getRow(1).values as string[]).slice(1);
    expect(header.slice(0, 2)).toEqual(['region_code', 'region_name']);
    expect(header).toContain('registration_status_name');
    expect(sheet.getRow(2).getCell(2).value).toBe('浙江省');
    for (const url of ['&region=330000,320000', '&region=999999', '&year=1999']) {
      const res = await get(`/api/pricing/disclosure?format=json${url}`);
      expect(res.status, url).toBe(400);
      expect((await res.json()).error.message_zh).toBeTruthy();
    }
  });
});

describe('the evidence of a worklist row', () => {
  const evidence = async (query: string, who = 'national') => {
    const res = await get(`/api/pricing/evidence?format=json${query}`, who);
    expect(res.status, await res.clone().text()).toBe(200);
    return evidenceSchema.parse(await res.json());
  };

  it('gives the usage rows behind a free-purpose charge: as many as the row counts, summing to its amount', async () => {
    const rows = await findings('&rules=FREE_PURPOSE_CHARGED');
    const f = rows.find((r) => r.evidence_rows > 1)!;
    const answer = await evidence(`&rule=${f.rule}&auth_id=${f.auth_id}&product_id=${f.product_id}`);
    expect(answer.rows).toHaveLength(f.evidence_rows);
    expect(answer.rows.every((r) => ['PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE'].includes(r.use_purpose))).toBe(true);
    expect(cents(answer.rows.reduce((s, r) => s + r.amount_cny, 0))).toBe(cents(f.amount_cny));
  });

  it("gives a product above its cap its paid rows at their unit price, and an agreement's revenue rows of the year", async () => {
    const [above] = await findings('&rules=PRICE_ABOVE_CAP');
    const paid = await evidence(`&rule=PRICE_ABOVE_CAP&auth_id=${above.auth_id}&product_id=${above.product_id}`);
    expect(paid.rows.length).toBe(Math.min(above.evidence_rows, EVIDENCE_LIMIT));
    expect(paid.rows.every((r) => r.product_id === above.product_id && r.amount_cny > 0)).toBe(true);
    const perCall = paid.rows.find((r) => r.charge_basis === 'PER_CALL' && r.calls > 0);
    if (perCall) expect(perCall.unit_price_cny).toBeCloseTo(perCall.amount_cny / perCall.calls, 8);
    const rev = await evidence('&rule=REVENUE_ABOVE_MAX&auth_id=AUTH-410000-0001');
    expect(rev.rows.length).toBeGreaterThan(0);
    expect(rev.rows.every((r) => r.period_month.startsWith('2025'))).toBe(true);
    const [n] = await sql(`SELECT count(*) AS n FROM usage u JOIN product p USING (product_id)
      WHERE p.auth_id = 'AUTH-410000-0001' AND year(u.period_month) = 2025`);
    expect(rev.rows.length).toBe(Math.min(Number(n.n), EVIDENCE_LIMIT));
    expect(rev.truncated ?? false).toBe(Number(n.n) > EVIDENCE_LIMIT);
    // another region's agreement has no records for a scoped reader; a rule name is checked
    expect((await evidence('&rule=REVENUE_ABOVE_MAX&auth_id=AUTH-410000-0001', 'jiangsu')).rows).toEqual([]);
    expect((await get('/api/pricing/evidence?rule=NOPE&auth_id=A')).status).toBe(400);
    expect((await get('/api/pricing/evidence?rule=NO_CAP')).status).toBe(400);
  });
});

describe('the worklist as a spreadsheet', () => {
  it('exports /api/operators/findings as XLSX: the JSON rows, names beside codes, amounts as numbers', async () => {
    const rows = await findings();
    const res = await get('/api/operators/findings?format=xlsx');
    expect(res.headers.get('content-disposition')).toMatch(/operator-findings\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.getWorksheet('operator-findings')!;
    expect(sheet.rowCount).toBe(rows.length + 1);
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(col('region_name')).toBe(col('region_code') + 1);
    expect(col('charge_basis_name')).toBe(col('charge_basis') + 1);
    rows.forEach((r, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(col('auth_id')).value).toBe(r.auth_id);
      expect(row.getCell(col('amount_cny')).value ?? null).toBe(r.amount_cny);
    });
  });
});

describe('regional scope', () => {
  it("shows a scoped reader their regions' prices, revenue and disclosure only", async () => {
    const scoped = await prices('', 'jiangsu');
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped).toEqual((await prices()).filter((p) => p.region_code === SCOPE));
    expect((await revenue('', 'jiangsu')).every((r) => r.region_code === SCOPE)).toBe(true);
    expect(await disclosure('&region=330000', 'jiangsu')).toEqual([]);
    expect((await disclosure('', 'jiangsu')).every((r) => r.region_code === SCOPE)).toBe(true);
  });
});

describe('edge cases', () => {
  it('leaves a product without a cap out of the caps, and a product with zero paid units unpriced', async () => {
    const [auth] = await sql(
      `SELECT auth_id, operator_org_id FROM "authorization" WHERE status = 'ACTIVE' AND region_code = '110000' ORDER BY 1 LIMIT 1`,
    );
    await server.db.withConnection(async (con) => {
      const ins = (id: string, cap: string, basis: string) =>
        execute(
          con,
          `INSERT INTO product (product_id, product_name, auth_id, operator_org_id, sector_code, product_form, charge_basis,
             cap_unit_price_cny, list_unit_price_cny, launched_at, batch_id)
           VALUES ($id, 'edge', $auth, $op, 'DEX12', 'API_QUERY', '${basis}', ${cap}, 2.00, DATE '2026-01-01', 99)`,
          { id, auth: auth.auth_id as string, op: auth.operator_org_id as string },
        );
      await ins('DP-EDGE-NOCAP', 'NULL', 'PER_CALL');
      await ins('DP-EDGE-ZERO', '3.00', 'PER_CALL');
      const use = (id: string, product: string, calls: number, amount: string) =>
        execute(
          con,
          `INSERT INTO usage VALUES ('${id}', DATE '2026-09-01', '${product}', $auth, '110000', 'U', 'ENTERPRISE',
             '110000', 'INDUSTRY_DEVELOPMENT', ${calls}, 0, 0.0, ${amount}, 1.0, true, 99)`,
          { auth: auth.auth_id as string },
        );
      await use('US-EDGE-1', 'DP-EDGE-NOCAP', 10, '20.00');
      // billed, yet no call: the amount has no units to be a price of
      await use('US-EDGE-2', 'DP-EDGE-ZERO', 0, '5.00');
    });
    await server.db.notifyDataChanged();
    const rows = await prices('&regions=110000');
    expect(rows.find((r) => r.product_id === 'DP-EDGE-NOCAP')).toMatchObject({
      cap_unit_price_cny: null,
      products_without_cap: 1,
      effective_unit_price_cny: 2,
      effective_to_cap: null,
    });
    expect(rows.find((r) => r.product_id === 'DP-EDGE-ZERO')).toMatchObject({
      paid_units: 0,
      paid_amount_cny: 5,
      effective_unit_price_cny: null,
      effective_to_cap: null,
    });
    // the region's ratio leaves the uncapped product's amount out of the capped products' ratio
    const region = (await prices('&level=region&regions=110000')).find((r) => r.charge_basis === 'PER_CALL')!;
    expect(region.products_without_cap).toBe(1);
    const products = rows.filter((r) => r.charge_basis === 'PER_CALL' && r.cap_unit_price_cny !== null);
    const capValue = products.reduce((s, p) => s + p.cap_unit_price_cny! * p.paid_units, 0);
    expect(region.effective_to_cap!).toBeCloseTo(products.reduce((s, p) => s + p.paid_amount_cny, 0) / capValue, 8);
    const spread = distributionSchema.parse(await json('/api/pricing/distribution?format=json&sectors=DEX12')).rows;
    const direct =
      await sql(`SELECT count(*) AS n FROM product WHERE sector_code = 'DEX12' AND charge_basis = 'PER_CALL'
                              AND cap_unit_price_cny IS NOT NULL`);
    expect(spread.find((r) => r.charge_basis === 'PER_CALL' && r.measure === 'cap')?.n).toBe(direct[0].n);
  });

  it("counts a term crossing the period only for its months in the year, and that year's usage only", async () => {
    const [a] = await sql(
      `SELECT * FROM "authorization" WHERE status = 'ACTIVE' AND region_code = '110000' ORDER BY auth_id LIMIT 1`,
    );
    await server.db.withConnection(async (con) => {
      await execute(
        con,
        `INSERT INTO "authorization" (auth_id, auth_mode, granting_authority_org_id, implementing_agency_org_id,
           operator_org_id, region_code, sector_code, term_start, term_end, max_allowed_revenue_cny, tariff_status,
           revenue_reported_cny, status, batch_id)
         VALUES ('AUTH-EDGE-CROSS', 'SCENARIO', $ga, $ia, $op, '110000', 'DEX12', DATE '2025-07-15', DATE '2026-07-14',
           100.00, 'FORMAL', NULL, 'ACTIVE', 99)`,
        {
          ga: a.granting_authority_org_id as string,
          ia: a.implementing_agency_org_id as string,
          op: a.operator_org_id as string,
        },
      );
      await execute(
        con,
        `INSERT INTO product (product_id, product_name, auth_id, operator_org_id, sector_code, product_form, charge_basis,
           cap_unit_price_cny, list_unit_price_cny, launched_at, batch_id)
         VALUES ('DP-EDGE-CROSS', 'edge', 'AUTH-EDGE-CROSS', $op, 'DEX12', 'API_QUERY', 'PER_CALL', 1.00, 1.00, DATE '2025-07-15', 99)`,
        { op: a.operator_org_id as string },
      );
      for (const [id, month, amount] of [
        ['US-EDGE-C1', '2025-08-01', '70.00'],
        ['US-EDGE-C2', '2025-12-01', '60.00'],
        ['US-EDGE-C3', '2026-03-01', '500.00'],
      ])
        await execute(
          con,
          `INSERT INTO usage VALUES ('${id}', DATE '${month}', 'DP-EDGE-CROSS', 'AUTH-EDGE-CROSS', '110000', 'U',
             'ENTERPRISE', '110000', 'INDUSTRY_DEVELOPMENT', 10, 0, 0.0, ${amount}, 1.0, true, 99)`,
        );
    });
    await server.db.notifyDataChanged();
    const y2025 = (await revenue('&year=2025&regions=110000')).find((r) => r.auth_id === 'AUTH-EDGE-CROSS')!;
    expect(y2025).toMatchObject({
      term_months_in_period: 6,
      revenue_usage_cny: 130,
      revenue_cny: 130,
      excess_cny: 30,
      next_period_max_cny: 70,
      first_usage_month: '2025-08',
    });
    const y2026 = (await revenue('&year=2026&regions=110000')).find((r) => r.auth_id === 'AUTH-EDGE-CROSS')!;
    expect(y2026).toMatchObject({ term_months_in_period: 7, revenue_cny: 500, excess_cny: 400 });
    // a year the term does not touch and without revenue leaves the agreement out
    expect((await revenue('&year=2027&regions=110000')).some((r) => r.auth_id === 'AUTH-EDGE-CROSS')).toBe(false);
    // the worklist reads the same period's revenue
    const rule = (await findings('&rules=REVENUE_ABOVE_MAX&year=2025&regions=110000')).find(
      (f) => f.auth_id === 'AUTH-EDGE-CROSS',
    );
    expect(rule?.amount_cny).toBe(30);
  });
});
