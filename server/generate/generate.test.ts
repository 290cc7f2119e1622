import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { tempDir } from '../test-support/server.ts';
import { queryRows } from '../db/query.ts';
import { stringStruct } from '../db/sql-text.ts';
import { AS_OF, RECORD_TABLES, generateSampleData, withGeneratorDb, type GenerateReport } from './generate.ts';
import { checkRows, integrityViolations, loadGenerated, type LoadedSet } from './testing.ts';

// One generated set at scale 0.3 (about 30,000 usage rows) serves most checks; small extra sets check determinism and
// scaling. Everything runs on real DuckDB over the real files the generator wrote.
const SCALE = 0.3;

/** Monday–Friday dates d with a < d <= b (holidays ignored), as the ingestion's warning rules count them. */
const WD = (a: string, b: string) =>
  `((5 * ((${b} + 1 - DATE '1970-01-05') // 7) + least((${b} + 1 - DATE '1970-01-05') % 7, 5))
    - (5 * ((${a} + 1 - DATE '1970-01-05') // 7) + least((${a} + 1 - DATE '1970-01-05') % 7, 5)))`;

describe('atlas generate', () => {
  const tmp = tempDir('atlas-generate-test-');
  let report: GenerateReport;
  let set: LoadedSet;

  beforeAll(async () => {
    report = await generateSampleData({ scale: SCALE, outDir: path.join(tmp.dir, 'main'), csv: true });
    set = await loadGenerated(report);
  });
  afterAll(() => {
    set?.close();
    tmp.cleanup();
  });

  const count = async (sql: string) =>
    Number((await set.one(`SELECT count(*) AS n FROM (${sql})`, { as_of: AS_OF })).n);

  it('writes every record table as Parquet and CSV with the schema columns, in order, with matching types', async () => {
    expect(Object.keys(report.tables)).toEqual([...RECORD_TABLES]);
    for (const table of RECORD_TABLES) {
      const { parquet, csv, rows } = report.tables[table];
      expect(fs.existsSync(parquet) && fs.existsSync(csv!)).toBe(true);
      expect(rows).toBeGreaterThan(0);
      const file = await set.rows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($f))`, {
        f: parquet,
      });
      const schema = await set.rows(
        `SELECT column_name, data_type AS column_type FROM information_schema.columns
         WHERE table_name = $t AND column_name <> 'batch_id' ORDER BY ordinal_position`,
        { t: table },
      );
      expect(file).toEqual(schema);
    }
    expect(report.tables.usage.rows).toBeGreaterThan(25_000);
    expect(report.tables.usage.rows).toBeLessThan(35_000);
  });

  it('CSV and Parquet hold the same rows', async () => {
    for (const table of RECORD_TABLES) {
      const { parquet, csv } = report.tables[table];
      const columns = await set.rows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($f))`, {
        f: parquet,
      });
      // the CSV read with the Parquet file's types: any row that differs shows up on one side of the EXCEPT ALL
      const types = Object.fromEntries(columns.map((c) => [String(c.column_name), String(c.column_type)]));
      const csvSql = `read_csv($c, header = true, auto_detect = false, columns = ${stringStruct(types)})`;
      const diff = await set.one(
        `SELECT (SELECT count(*) FROM (SELECT * FROM read_parquet($p) EXCEPT ALL SELECT * FROM ${csvSql}))
              + (SELECT count(*) FROM (SELECT * FROM ${csvSql} EXCEPT ALL SELECT * FROM read_parquet($p))) AS n,
                (SELECT count(*) FROM ${csvSql}) AS csv_rows`,
        { p: parquet, c: csv! },
      );
      expect({ table, ...diff }).toEqual({ table, n: 0, csv_rows: report.tables[table].rows });
    }
    const header = fs.readFileSync(report.tables.registration.csv!, 'utf8').split('\n')[0];
    expect(header.startsWith('reg_event_id,asset_uid,reg_code,object_type')).toBe(true);
    expect(fs.readFileSync(report.tables.usage.csv!, 'utf8').split('\n')[1]).toMatch(
      /^US-\d{6}-\d{5}-\d{4}-\d{4},\d{4}-\d{2}-01,/,
    );
  });

  it('keys are unique and every foreign key resolves', async () => {
    const dupes = [
      'SELECT org_id FROM org GROUP BY 1 HAVING count(*) > 1',
      'SELECT reg_event_id FROM registration GROUP BY 1 HAVING count(*) > 1',
      'SELECT auth_id FROM "authorization" GROUP BY 1 HAVING count(*) > 1',
      'SELECT auth_id, asset_uid FROM authorization_resource GROUP BY ALL HAVING count(*) > 1',
      'SELECT product_id FROM product GROUP BY 1 HAVING count(*) > 1',
      'SELECT usage_id FROM usage GROUP BY 1 HAVING count(*) > 1',
      // one row per month × product × user × purpose
      'SELECT period_month, product_id, user_org_id, use_purpose FROM usage GROUP BY ALL HAVING count(*) > 1',
    ];
    for (const sql of dupes) expect(await count(sql), sql).toBe(0);
    const dangling = [
      `SELECT * FROM registration r WHERE r.registrant_org_id NOT IN (SELECT org_id FROM org WHERE org_role IN ('DATA_HOLDER', 'OPERATOR'))`,
      `SELECT * FROM registration r WHERE r.auth_id IS NOT NULL AND r.auth_id NOT IN (SELECT auth_id FROM "authorization")`,
      `SELECT * FROM "authorization" a WHERE granting_authority_org_id NOT IN (SELECT org_id FROM org WHERE org_role = 'GRANTING_AUTHORITY')
         OR implementing_agency_org_id NOT IN (SELECT org_id FROM org WHERE org_role = 'IMPLEMENTING_AGENCY')
         OR operator_org_id NOT IN (SELECT org_id FROM org WHERE org_role = 'OPERATOR')
         OR (is_replicated_from IS NOT NULL AND is_replicated_from NOT IN (SELECT auth_id FROM "authorization"))`,
      `SELECT * FROM authorization_resource ar WHERE ar.auth_id NOT IN (SELECT auth_id FROM "authorization")
         OR ar.asset_uid NOT IN (SELECT asset_uid FROM registration WHERE object_type = 'PUBLIC_DATA_RESOURCE')`,
      `SELECT * FROM product p LEFT JOIN "authorization" a USING (auth_id) WHERE a.auth_id IS NULL OR p.operator_org_id <> a.operator_org_id`,
      // products are registered: a DATA_PRODUCT_SERVICE registration whose asset_uid is the product id
      `SELECT * FROM product p WHERE p.product_id NOT IN (SELECT asset_uid FROM registration WHERE object_type = 'DATA_PRODUCT_SERVICE')`,
      `SELECT * FROM usage u LEFT JOIN product p USING (product_id) LEFT JOIN "authorization" a ON a.auth_id = p.auth_id
       WHERE p.product_id IS NULL OR u.auth_id <> p.auth_id OR u.provider_region_code <> a.region_code`,
      // the user is an organisation with role USER of the stated type and region
      `SELECT * FROM usage u LEFT JOIN org o ON o.org_id = u.user_org_id
       WHERE o.org_role IS DISTINCT FROM 'USER' OR o.region_code <> u.user_region_code
          OR o.org_type <> CASE u.user_type WHEN 'ENTERPRISE' THEN 'PRIVATE_ENTERPRISE' WHEN 'GOVERNMENT_UNIT' THEN 'PARTY_GOV_ORGAN' ELSE u.user_type END`,
      // resources are inside an authorized scope exactly when an authorization covers them
      `SELECT * FROM registration r WHERE r.object_type = 'PUBLIC_DATA_RESOURCE'
         AND r.in_authorized_scope <> (r.asset_uid IN (SELECT asset_uid FROM authorization_resource))`,
    ];
    for (const sql of dangling) expect(await count(sql), sql).toBe(0);
  });

  it('passes every reject rule: known codes, required values, no negative counts or money, dates in range', async () => {
    const enumColumns: [string, string, string][] = [
      ['org', 'org_role', 'org_role'],
      ['org', 'org_type', 'org_type'],
      ['org', 'admin_level', 'admin_level'],
      ['registration', 'object_type', 'object_type'],
      ['registration', 'reg_type', 'reg_type'],
      ['registration', 'platform_level', 'platform_level'],
      ['registration', 'data_type', 'data_type'],
      ['registration', 'update_frequency', 'update_frequency'],
      ['registration', 'security_level', 'security_level'],
      ['registration', 'sharing_attribute', 'sharing_attribute'],
      ['registration', 'open_attribute', 'open_attribute'],
      ['registration', 'product_form', 'product_form'],
      ['registration', 'status', 'reg_status'],
      ['"authorization"', 'auth_mode', 'auth_mode'],
      ['"authorization"', 'selection_method', 'selection_method'],
      ['"authorization"', 'tariff_status', 'tariff_status'],
      ['"authorization"', 'status', 'auth_status'],
      ['product', 'product_form', 'product_form'],
      ['product', 'delivery_mode', 'delivery_mode'],
      ['product', 'charge_basis', 'charge_basis'],
      ['usage', 'user_type', 'user_type'],
      ['usage', 'use_purpose', 'use_purpose'],
    ];
    for (const [table, column, enumName] of enumColumns) {
      const sql = `SELECT ${column} FROM ${table} WHERE ${column} IS NOT NULL
                   AND ${column} NOT IN (SELECT code FROM enum_label WHERE enum_name = '${enumName}')`;
      expect(await count(sql), sql).toBe(0);
    }
    const bad = [
      `SELECT region_code FROM org WHERE region_code NOT IN (SELECT region_code FROM ref_region)
       UNION ALL SELECT region_code FROM registration WHERE region_code NOT IN (SELECT region_code FROM ref_region)
       UNION ALL SELECT region_code FROM "authorization" WHERE region_code NOT IN (SELECT region_code FROM ref_region)
       UNION ALL SELECT user_region_code FROM usage WHERE user_region_code NOT IN (SELECT region_code FROM ref_region)`,
      `SELECT sector_code FROM registration WHERE sector_code NOT IN (SELECT sector_code FROM ref_sector)
       UNION ALL SELECT sector_code FROM product WHERE sector_code NOT IN (SELECT sector_code FROM ref_sector)
       UNION ALL SELECT sector_code FROM org WHERE sector_code NOT IN (SELECT sector_code FROM ref_sector)`,
      `SELECT * FROM "authorization" WHERE (sector_code IS NULL) <> (auth_mode = 'OVERALL')`,
      `SELECT * FROM usage WHERE calls < 0 OR records_delivered < 0 OR data_volume_gb < 0 OR amount_cny < 0 OR success_rate NOT BETWEEN 0 AND 1`,
      `SELECT * FROM registration WHERE record_count < 0 OR storage_gb < 0 OR quality_score NOT BETWEEN 0 AND 1`,
      `SELECT * FROM product WHERE cap_unit_price_cny < 0 OR list_unit_price_cny < 0`,
      `SELECT * FROM "authorization" WHERE max_allowed_revenue_cny < 0 OR revenue_reported_cny < 0`,
      `SELECT * FROM registration WHERE source <> 'registration-platform' OR source_ref IS NOT NULL OR raw IS NOT NULL`,
      `SELECT * FROM org WHERE uscc IS NOT NULL AND NOT regexp_matches(uscc, '^[0-9A-HJ-NPQRTUWXY]{18}$')`,
    ];
    for (const sql of bad) expect(await count(sql), sql).toBe(0);
  });

  it('dates are coherent: lifecycles in order, terms, launches after the term starts, usage from the launch month', async () => {
    const incoherent = [
      `SELECT * FROM registration WHERE submitted_at < DATE '2025-03-01' OR submitted_at > $as_of
         OR accepted_at < submitted_at OR notice_start < accepted_at OR notice_end < notice_start OR registered_at < notice_end
         OR (registered_at IS NOT NULL AND notice_end IS NULL) OR (notice_end IS NOT NULL AND accepted_at IS NULL)
         OR submitted_at < first_operation_date OR registered_at > $as_of
         OR (status IN ('REGISTERED', 'SUPERSEDED', 'CANCELLED')) <> (registered_at IS NOT NULL)
         OR (reg_code IS NOT NULL) <> (registered_at IS NOT NULL)`,
      `SELECT * FROM "authorization" WHERE term_end < term_start OR agreement_signed_at > term_start
         OR (status IN ('PLANNING', 'SELECTING')) <> (term_start > $as_of) OR (status = 'EXPIRED' AND term_end >= $as_of)`,
      `SELECT * FROM authorization_resource ar JOIN "authorization" a USING (auth_id)
       WHERE ar.granted_at < a.term_start OR ar.granted_at > a.term_end OR ar.revoked_at < ar.granted_at`,
      `SELECT * FROM product p JOIN "authorization" a USING (auth_id) WHERE p.launched_at < a.term_start OR p.launched_at > a.term_end`,
      `SELECT * FROM usage u JOIN product p USING (product_id) JOIN "authorization" a ON a.auth_id = p.auth_id
       WHERE u.period_month < date_trunc('month', p.launched_at) OR u.period_month > a.term_end
          OR u.period_month NOT BETWEEN DATE '2025-03-01' AND DATE '2026-10-01' OR day(u.period_month) <> 1`,
      `SELECT * FROM usage u JOIN product p USING (product_id) JOIN "authorization" a ON a.auth_id = p.auth_id
       WHERE a.status IN ('PLANNING', 'SELECTING')`,
    ];
    for (const sql of incoherent) expect(await count(sql), sql).toBe(0);
    const months = await set.rows(`SELECT DISTINCT period_month FROM usage ORDER BY 1`);
    expect(months.length).toBe(20); // 2025-03 (the first launches) … 2026-10
    expect(months[0].period_month).toBe('2025-03-01');
    expect(months.at(-1)!.period_month).toBe('2026-10-01');
    // registrations spike in March (the disclosure deadline): March 2026 above its neighbours
    const byMonth = Object.fromEntries(
      (
        await set.rows(`SELECT strftime(submitted_at, '%Y-%m') AS m, count(*) AS n FROM registration
                       WHERE object_type = 'PUBLIC_DATA_RESOURCE' AND NOT in_authorized_scope AND reg_type = 'INITIAL' GROUP BY 1`)
      ).map((r) => [r.m, Number(r.n)]),
    );
    expect(byMonth['2026-03']).toBeGreaterThan(1.4 * byMonth['2026-02']);
    expect(byMonth['2026-03']).toBeGreaterThan(1.4 * byMonth['2026-05']);
  });

  it('warning rules fire at realistic rates', async () => {
    const rate = async (sql: string) => Number((await set.one(sql)).rate);
    const notice = await rate(
      `SELECT avg((${WD('notice_start', 'notice_end')} + 1 <> 10)::INT) AS rate FROM registration WHERE notice_end IS NOT NULL`,
    );
    const acceptance = await rate(
      `SELECT avg((${WD('submitted_at', 'accepted_at')} > 3)::INT) AS rate FROM registration WHERE accepted_at IS NOT NULL`,
    );
    const late = await rate(
      `SELECT avg((${WD('first_operation_date', 'submitted_at')} > 20)::INT) AS rate FROM registration WHERE first_operation_date IS NOT NULL`,
    );
    const term = await rate(`SELECT avg((term_end - INTERVAL 5 YEAR >= term_start)::INT) AS rate FROM "authorization"`);
    const freeCharged = await rate(
      `SELECT avg((amount_cny > 0)::INT) AS rate FROM usage WHERE use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE')`,
    );
    const overCap = await rate(`SELECT avg((list_unit_price_cny > cap_unit_price_cny)::INT) AS rate FROM product`);
    const overRevenue =
      await rate(`SELECT avg((revenue_reported_cny > max_allowed_revenue_cny)::INT) AS rate FROM "authorization"
                                    WHERE revenue_reported_cny IS NOT NULL AND max_allowed_revenue_cny IS NOT NULL`);
    const core = await rate(`SELECT avg((r.security_level = 'CORE')::INT) AS rate FROM authorization_resource ar
                             JOIN registration r ON r.asset_uid = ar.asset_uid AND r.reg_type = 'INITIAL'`);
    expect(notice).toBeGreaterThan(0.01);
    expect(notice).toBeLessThan(0.035);
    expect(acceptance).toBeGreaterThan(0.015);
    expect(acceptance).toBeLessThan(0.05);
    expect(late).toBeGreaterThan(0.06);
    expect(late).toBeLessThan(0.15);
    expect(term).toBeGreaterThan(0.003);
    expect(term).toBeLessThan(0.05);
    expect(freeCharged).toBeGreaterThan(0.001);
    expect(freeCharged).toBeLessThan(0.01);
    expect(overCap).toBeGreaterThan(0.002);
    expect(overCap).toBeLessThan(0.05);
    expect(overRevenue).toBeGreaterThan(0);
    expect(overRevenue).toBeLessThan(0.25);
    expect(core).toBeGreaterThan(0);
    expect(core).toBeLessThan(0.01);
  });

  it('follows the realistic distributions of domain-research §7.6', async () => {
    const purposes = Object.fromEntries(
      (await set.rows(`SELECT use_purpose, count(*) / sum(count(*)) OVER () AS share FROM usage GROUP BY 1`)).map(
        (r) => [r.use_purpose, Number(r.share)],
      ),
    );
    expect(purposes.PUBLIC_GOVERNANCE).toBeCloseTo(0.2, 1);
    expect(purposes.PUBLIC_WELFARE).toBeCloseTo(0.1, 1);
    expect(purposes.INDUSTRY_DEVELOPMENT).toBeCloseTo(0.6, 1);
    expect(purposes.SECTOR_DEVELOPMENT).toBeCloseTo(0.1, 1);
    expect(
      await count(
        `SELECT * FROM usage WHERE use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') AND amount_cny > 0`,
      ),
    ).toBeLessThan(0.01 * report.tables.usage.rows);
    const same = Number(
      (await set.one(`SELECT avg((user_region_code = provider_region_code)::INT) AS s FROM usage`)).s,
    );
    expect(same).toBeGreaterThan(0.8);
    expect(same).toBeLessThan(0.9);
    // finance dominates paying demand; urban governance dominates supply
    const paid = await set.rows(
      `SELECT p.sector_code, sum(u.amount_cny) AS amount FROM usage u JOIN product p USING (product_id) GROUP BY 1 ORDER BY 2 DESC`,
    );
    expect(paid[0].sector_code).toBe('DEX05');
    const natural = await set.rows(
      `SELECT sector_code, count(*) AS n FROM registration WHERE object_type = 'PUBLIC_DATA_RESOURCE' AND reg_type = 'INITIAL'
       GROUP BY 1 ORDER BY 2 DESC`,
    );
    expect(natural.slice(0, 4).map((r) => r.sector_code)).toContain('DEX11');
    // Xizang is small; the big coastal provinces are big
    const xizang = Number((await set.one(`SELECT avg((provider_region_code = '540000')::INT) AS s FROM usage`)).s);
    expect(xizang).toBeLessThan(0.01);
    // calls: lognormal with a median in the thousands and a long tail
    const calls =
      await set.one(`SELECT median(calls) AS med, quantile_cont(calls, 0.99) AS p99 FROM usage WHERE product_id IN
                                   (SELECT product_id FROM product WHERE charge_basis = 'PER_CALL')`);
    expect(Number(calls.med)).toBeGreaterThan(1000);
    expect(Number(calls.med)).toBeLessThan(10_000);
    expect(Number(calls.p99)).toBeGreaterThan(30 * Number(calls.med));
    // month-on-month growth: the last month has more usage than the first full year's average month
    const growth = await set.one(
      `SELECT sum(calls) FILTER (WHERE period_month = DATE '2026-10-01') / (sum(calls) FILTER (WHERE year(period_month) = 2025) / 9) AS g FROM usage`,
    );
    expect(Number(growth.g)).toBeGreaterThan(1.5);
  });

  it('delivers records per call by product form, so regional totals stay plausible', async () => {
    const forms = await set.rows(
      `SELECT p.product_form, min(u.records_delivered / u.calls) AS lo, max(u.records_delivered / u.calls) AS hi,
              median(u.calls) AS calls
       FROM usage u JOIN product p USING (product_id) GROUP BY 1`,
    );
    const form = (f: string) => forms.find((r) => r.product_form === f)!;
    for (const f of ['VERIFICATION', 'MODEL_SCORE', 'ANALYTIC_REPORT'])
      expect([f, form(f).lo, form(f).hi]).toEqual([f, 1, 1]);
    // rounding a few calls × records per call moves the ratio a little beyond the product's own bounds
    expect(Number(form('API_QUERY').lo)).toBeGreaterThanOrEqual(0.5);
    expect(Number(form('API_QUERY').hi)).toBeLessThanOrEqual(201);
    expect(Number(form('PRIVACY_COMPUTING').lo)).toBeGreaterThanOrEqual(9.5);
    expect(Number(form('PRIVACY_COMPUTING').hi)).toBeLessThanOrEqual(5001);
    // files are delivered a few times a month, each delivery a whole file
    for (const f of ['DATASET_FILE', 'AI_TRAINING_DATASET']) expect(Number(form(f).calls), f).toBeLessThan(5);
    expect(Number(form('DATASET_FILE').lo)).toBeGreaterThanOrEqual(1e3);
    expect(Number(form('AI_TRAINING_DATASET').lo)).toBeGreaterThanOrEqual(1e4);
    // no province delivers more than 10^10 records in a year at this scale (issue 24 saw 6 × 10^11 at scale 1)
    const year = await set.one(
      `SELECT max(records) AS records FROM (SELECT provider_region_code, sum(records_delivered) AS records FROM usage
       WHERE period_month BETWEEN DATE '2025-11-01' AND DATE '2026-10-01' GROUP BY 1)`,
    );
    expect(Number(year.records)).toBeLessThan(1e10 * SCALE);
  });

  it('pays for paid purposes only: the amount beyond the paid amount is the free-purpose rows charged anyway', async () => {
    const money = await set.one(
      `SELECT sum(amount_cny) AS amount,
              sum(amount_cny) FILTER (WHERE use_purpose NOT IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE')) AS paid,
              sum(amount_cny) FILTER (WHERE use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE')) AS free_charged,
              count(*) FILTER (WHERE use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') AND amount_cny > 0) AS free_rows
       FROM usage`,
    );
    expect(Number(money.free_rows)).toBeGreaterThan(0);
    expect(Number(money.free_charged)).toBeGreaterThan(0);
    expect(Number(money.amount) - Number(money.paid)).toBeCloseTo(Number(money.free_charged), 2);
  });

  it('plants the breakthrough, supply-gap and untapped cells', async () => {
    const cells = await checkRows(set, 'cell_signals');
    const cell = (r: string, s: string) => cells.find((c) => c.region_code === r && c.sector_code === s)!;
    expect(cells.length).toBe(33 * 18);
    const top5 = cells.filter((c) => Number(c.breakthrough_rank) <= 5).map((c) => `${c.region_code}-${c.sector_code}`);
    expect(top5).toEqual(expect.arrayContaining(['330000-DEX05', '510000-DEX08', '420000-DEX04']));
    for (const [r, s] of [
      ['330000', 'DEX05'],
      ['510000', 'DEX08'],
      ['420000', 'DEX04'],
    ]) {
      const c = cell(r, s);
      expect(c.quadrant).toBe('high_demand_high_abundance');
      expect(Number(c.resources_vs_sector_median)).toBeGreaterThan(3);
      expect(Number(c.calls_vs_sector_median)).toBeGreaterThan(3);
      expect(Number(c.unlockable) / Number(c.resources)).toBeGreaterThan(0.5);
      expect(Number(c.growth_6m)).toBeGreaterThan(1.5);
    }
    for (const [r, s] of [
      ['440000', 'DEX06'],
      ['310000', 'DEX03'],
    ]) {
      const c = cell(r, s);
      expect(c.quadrant).toBe('supply_gap');
      expect(Number(c.gap_rank)).toBeLessThanOrEqual(Math.ceil(cells.length / 10));
      expect(Number(c.demand_rank_in_sector)).toBeLessThanOrEqual(3);
      expect(Number(c.resources_vs_sector_median)).toBeLessThan(1);
    }
    for (const [r, s] of [
      ['520000', 'DEX10'],
      ['370000', 'DEX02'],
    ]) {
      const c = cell(r, s);
      expect(c.quadrant).toBe('untapped');
      expect(Number(c.abundance_rank_in_sector)).toBe(1);
      expect(Number(c.resources_vs_sector_median)).toBeGreaterThan(4);
    }
  });

  it('plants replicable models M1–M3 with their most ready targets, and M4 as a failing control', async () => {
    const rows = await checkRows(set, 'model_success');
    const provinces = (scenario: string) => rows.filter((r) => r.scenario_name === scenario);
    const succeeded = (scenario: string) =>
      provinces(scenario)
        .filter((r) => r.succeeded)
        .map((r) => r.region_code)
        .sort();
    expect(succeeded('普惠金融信贷风控')).toEqual(['320000', '330000', '350000', '510000']);
    expect(succeeded('商业保险核保理赔')).toEqual(['110000', '310000', '370000', '440000']);
    expect(succeeded('物流货运信用评估')).toEqual(['410000', '430000', '610000']);
    expect(succeeded('文旅客流预测')).toEqual([]);
    for (const r of provinces('文旅客流预测')) {
      expect(Number(r.last_month_calls)).toBeLessThan(0.5 * Number(r.peak_month_calls));
      expect(Number(r.paying_users)).toBeLessThanOrEqual(0.3 * Number(r.users));
    }
    // no combination other than the planted three succeeds in three or more provinces
    const byTuple = new Map<string, number>();
    for (const r of rows.filter((x) => x.succeeded)) {
      const key = [r.scenario_name, r.sector_code, r.auth_mode, r.product_form, r.charge_basis].join('|');
      byTuple.set(key, (byTuple.get(key) ?? 0) + 1);
    }
    expect(
      [...byTuple]
        .filter(([, n]) => n >= 3)
        .map(([k]) => k.split('|')[0])
        .sort(),
    ).toEqual(['商业保险核保理赔', '普惠金融信贷风控', '物流货运信用评估']);
    // later adopters replicate an earlier province's agreement of the same model
    const chains = await set.rows(
      `SELECT a.scenario_name, a.region_code, src.region_code AS source_region, src.term_start <= a.term_start AS earlier
       FROM "authorization" a JOIN "authorization" src ON src.auth_id = a.is_replicated_from ORDER BY 1, 2`,
    );
    expect(chains.length).toBe(10);
    expect(chains.every((c) => c.earlier)).toBe(true);
    // the scenario exists only in its planted provinces
    const spread = await set.rows(`SELECT scenario_name, count(DISTINCT region_code) AS n FROM "authorization"
                                   WHERE scenario_name IN ('普惠金融信贷风控', '商业保险核保理赔', '物流货运信用评估', '文旅客流预测') GROUP BY 1 ORDER BY 1`);
    expect(Object.fromEntries(spread.map((r) => [r.scenario_name, Number(r.n)]))).toEqual({
      普惠金融信贷风控: 4,
      商业保险核保理赔: 4,
      物流货运信用评估: 3,
      文旅客流预测: 3,
    });
    const targets = await checkRows(set, 'model_targets');
    const top2 = (scenario: string) =>
      targets
        .filter((t) => t.scenario_name === scenario && Number(t.readiness_rank) <= 2)
        .map((t) => t.region_code)
        .sort();
    expect(top2('普惠金融信贷风控')).toEqual(['340000', '420000']);
    expect(top2('商业保险核保理赔')).toEqual(['120000', '500000']);
    expect(top2('物流货运信用评估')).toEqual(['140000', '360000']);
  });
});

describe('atlas generate: determinism and scale', () => {
  const tmp = tempDir('atlas-generate-det-');
  afterAll(() => tmp.cleanup());

  it('the same seed and scale give identical data, another seed different data, and usage grows linearly with scale', async () => {
    const a = await generateSampleData({ scale: 0.05, outDir: path.join(tmp.dir, 'a') });
    const b = await generateSampleData({ scale: 0.05, outDir: path.join(tmp.dir, 'b') });
    const c = await generateSampleData({ scale: 0.05, seed: 7, outDir: path.join(tmp.dir, 'c') });
    const d = await generateSampleData({ scale: 0.2, outDir: path.join(tmp.dir, 'd') });
    const set = await loadGenerated(a);
    try {
      const digest = async (file: string) =>
        (
          await queryRows(
            set.con,
            `SELECT count(*) AS n, md5(string_agg(t::VARCHAR, chr(10) ORDER BY t::VARCHAR)) AS h FROM read_parquet($f) t`,
            { f: file },
          )
        )[0];
      for (const table of RECORD_TABLES) {
        expect(await digest(b.tables[table].parquet), table).toEqual(await digest(a.tables[table].parquet));
        expect(await digest(c.tables[table].parquet), table).not.toEqual(await digest(a.tables[table].parquet));
      }
    } finally {
      set.close();
    }
    const ratio = d.tables.usage.rows / a.tables.usage.rows;
    expect(ratio).toBeGreaterThan(3.4);
    expect(ratio).toBeLessThan(4.6);
    // the registry grows with the square root of the scale
    const regRatio = d.tables.registration.rows / a.tables.registration.rows;
    expect(regRatio).toBeGreaterThan(1.7);
    expect(regRatio).toBeLessThan(2.3);
  });
});

describe('atlas generate: keys at any scale', () => {
  const tmp = tempDir('atlas-generate-pad-');
  afterAll(() => tmp.cleanup());

  // At scale 1000 a region's pool holds more than 100,000 users of one type and a product more than 10,000 users a
  // month; a padded key must then grow, not be cut (lpad cut 107940 to 10794: a duplicate org and a dangling reference).
  it('pads numbers in keys to their width without ever cutting one', async () => {
    const rows = await withGeneratorDb(tmp.dir, {}, (con) =>
      queryRows(
        con,
        `SELECT gen_pad(7, 5) AS a, gen_pad(10794, 5) AS b, gen_pad(107940, 5) AS c, gen_pad(12345, 4) AS d`,
      ),
    );
    expect(rows).toEqual([{ a: '00007', b: '10794', c: '107940', d: '12345' }]);
    const generateSql = path.join(import.meta.dirname, '..', '..', 'queries', 'generate');
    const truncating = fs
      .readdirSync(generateSql)
      .filter((f) => f.endsWith('.sql'))
      .filter((f) => /lpad\((?!\(hash)/.test(fs.readFileSync(path.join(generateSql, f), 'utf8')));
    expect(truncating, 'generator queries that pad a key with lpad (use gen_pad)').toEqual([]);
  });
});

describe('atlas generate: usage in blocks, keys and references at a larger scale', () => {
  const tmp = tempDir('atlas-generate-blocks-');
  afterAll(() => tmp.cleanup());

  it('writes the same rows in the same order whatever the block size (usage by products, users by regions)', async () => {
    const one = await generateSampleData({ scale: 0.2, outDir: path.join(tmp.dir, 'one') });
    const messages: string[] = [];
    const blocks = await generateSampleData({
      scale: 0.2,
      outDir: path.join(tmp.dir, 'blocks'),
      blockRows: 1000,
      onProgress: (m) => messages.push(m),
    });
    // the others and at least two runs of regions' users; a block per 1,000 planned usage rows
    expect(messages.filter((m) => m.startsWith('org block')).length).toBeGreaterThanOrEqual(3);
    expect(messages.filter((m) => m.startsWith('usage block')).length).toBeGreaterThanOrEqual(15);
    for (const table of RECORD_TABLES) {
      expect(blocks.tables[table].rows, table).toBe(one.tables[table].rows);
      const diff = await withGeneratorDb(tmp.dir, {}, (con) =>
        queryRows(
          con,
          `SELECT count(*) AS n FROM (SELECT row_number() OVER () AS i, t::VARCHAR AS v FROM read_parquet($a) t) a
           FULL JOIN (SELECT row_number() OVER () AS i, t::VARCHAR AS v FROM read_parquet($b) t) b ON a.i = b.i AND a.v = b.v
           WHERE a.i IS NULL OR b.i IS NULL`,
          { a: one.tables[table].parquet, b: blocks.tables[table].parquet },
        ),
      );
      expect({ table, diff }).toEqual({ table, diff: [{ n: 0 }] });
    }
  });

  // the ingest rejects a repeated key (duplicate_key) and a reference to nothing loaded (unknown_reference): issue 25
  // saw 5.7M dangling user references and 27,775 repeated usage keys at scale 1000, none at scale 1
  it('has unique keys and resolving references at scale 2, generated in blocks', async () => {
    const out = path.join(tmp.dir, 'scale2');
    const report = await generateSampleData({ scale: 2, outDir: out, blockRows: 50_000 });
    expect(report.tables.usage.rows).toBeGreaterThan(190_000);
    expect(await integrityViolations(out)).toEqual([]);
  });

  it('the integrity check finds a repeated key and a dangling reference', async () => {
    const out = path.join(tmp.dir, 'scale2');
    const broken = path.join(tmp.dir, 'broken');
    fs.mkdirSync(broken);
    for (const t of RECORD_TABLES) {
      if (t !== 'usage') fs.copyFileSync(path.join(out, `${t}.parquet`), path.join(broken, `${t}.parquet`));
    }
    await withGeneratorDb(tmp.dir, {}, (con) =>
      queryRows(
        con,
        `COPY (SELECT * FROM read_parquet($src)
               UNION ALL (SELECT * FROM read_parquet($src) LIMIT 2)
               UNION ALL (SELECT * REPLACE ('U-420000-ENT-9999999' AS user_org_id, usage_id || '-x' AS usage_id)
                          FROM read_parquet($src) LIMIT 3))
         TO $dst (FORMAT parquet)`,
        { src: path.join(out, 'usage.parquet'), dst: path.join(broken, 'usage.parquet') },
      ),
    );
    expect(await integrityViolations(broken)).toEqual([
      { table_name: 'usage', column_name: 'usage_id', rule: 'duplicate_key', violations: 2 },
      { table_name: 'usage', column_name: 'user_org_id', rule: 'unknown_reference', violations: 3 },
    ]);
  });
});
