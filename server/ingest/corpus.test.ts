// The bad-file corpus: each file gets a clear refusal or a correct partial accept, with the exact rejects (line,
// field, reason), and the database is unchanged wherever the file is refused. Real DuckDB, real files.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { AtlasDb } from '../db/database.ts';
import { queryRows } from '../db/query.ts';
import { quoteString } from '../db/sql-text.ts';
import { tempDir } from '../test-support/server.ts';
import { openGoodCopy } from '../test-support/shared-databases.ts';
import { GOOD, fingerprint, loadGood, writeFile } from './fixtures.ts';
import type { KindName } from './kinds.ts';
import { ingestFile, type IngestSummary } from './pipeline.ts';

const TESTDATA = path.join(import.meta.dirname, 'testdata');
const tmp = tempDir('atlas-corpus-');
afterAll(() => tmp.cleanup());

const header = (kind: KindName) => GOOD[kind].split('\n')[0];
const rows = (kind: KindName) => GOOD[kind].trim().split('\n').slice(1);
/** The good file of a kind with some rows replaced (1-based data row → new text). */
const withRows = (kind: KindName, replace: Record<number, string>) =>
  [header(kind), ...rows(kind).map((r, i) => replace[i + 1] ?? r)].join('\n') + '\n';

interface Loaded {
  db: AtlasDb;
  before: Awaited<ReturnType<typeof fingerprint>>;
}

/** A database of its own holding the good fixtures of every kind the given kind depends on. */
async function dbFor(kind: KindName): Promise<Loaded> {
  const db = await openGoodCopy(tmp.dir, kind);
  return { db, before: await fingerprint(db, { exclude: ['ingest_batch', 'ingest_reject'] }) };
}

async function ingest(kind: KindName, name: string, content: string | Buffer, opts: { strict?: boolean } = {}) {
  const loaded = await dbFor(kind);
  const file = writeFile(fs.mkdtempSync(path.join(tmp.dir, 'f-')), name, content);
  const summary = await ingestFile(loaded.db, { kind, path: file, strict: opts.strict });
  const after = await fingerprint(loaded.db, { exclude: ['ingest_batch', 'ingest_reject'] });
  return { ...loaded, summary, after };
}

const rejectsOf = (s: IngestSummary) => s.first_rejects.map((r) => [r.line, r.field, r.reason_code]);

async function expectRefused(kind: KindName, name: string, content: string | Buffer, code: string, message: RegExp) {
  const r = await ingest(kind, name, content);
  expect(r.summary.status).toBe('REFUSED');
  expect(r.summary.file_errors[0]).toMatchObject({ code, level: 'error' });
  expect(r.summary.file_errors[0].message).toMatch(message);
  expect(r.summary.file_errors[0].message.length).toBeLessThan(2000);
  expect(r.after).toEqual(r.before);
  // The refusal itself is on record, with its reason.
  const batches = await r.db.withConnection((con) =>
    queryRows(
      con,
      `SELECT status, summary->>'$.file_errors[0].code' AS code FROM ingest_batch ORDER BY batch_id DESC LIMIT 1`,
    ),
  );
  expect(batches).toEqual([{ status: 'REFUSED', code }]);
  r.db.close();
  return r.summary;
}

async function expectPartial(
  kind: KindName,
  name: string,
  content: string | Buffer,
  accepted: number,
  rejects: (string | number | null)[][],
  check?: (r: Awaited<ReturnType<typeof ingest>>) => Promise<void>,
) {
  const r = await ingest(kind, name, content);
  expect(r.summary.first_rejects.length ? rejectsOf(r.summary) : [], JSON.stringify(r.summary.file_errors)).toEqual(
    rejects,
  );
  expect(r.summary.accepted).toBe(accepted);
  expect(r.summary.rejected).toBe(new Set(rejects.map((x) => x[0])).size);
  const live = await r.db.withConnection((con) =>
    queryRows<{ n: number }>(con, `SELECT count(*) AS n FROM ${kind === 'authorization' ? '"authorization"' : kind}`),
  );
  expect(live[0].n).toBe((r.before[kind]?.rows ?? 0) + accepted);
  await check?.(r);
  r.db.close();
  return r;
}

describe('file-level refusals leave the database unchanged', () => {
  it('1 empty file', () => expectRefused('org', 'empty.csv', '', 'empty_file', /empty/));
  it('2 blank-only file', () => expectRefused('org', 'blank.csv', '\n\n  \n', 'empty_file', /blank/));
  it('3 header-only file', () =>
    expectRefused('usage', 'header.csv', header('usage') + '\n', 'no_rows', /no data rows/));
  it('4 ZIP archive renamed to .csv', () =>
    expectRefused(
      'usage',
      'usage.csv',
      fs.readFileSync(path.join(TESTDATA, 'usage_zip_renamed.csv')),
      'zip_archive',
      /ZIP archive/,
    ));
  it('5 binary garbage', () => {
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 256;
    return expectRefused('usage', 'usage.csv', junk, 'binary_file', /binary/);
  });
  it('6 UTF-16 text', () =>
    expectRefused('org', 'org.csv', fs.readFileSync(path.join(TESTDATA, 'org_utf16.csv')), 'utf16', /UTF-16/));
  it('7 wrong encoding (Latin-1): names the byte offset and line', async () => {
    const latin1 = Buffer.concat([
      Buffer.from(header('org') + '\n' + rows('org')[0] + '\n'),
      Buffer.from('O9,,Caf'),
      Buffer.from([0xe9]),
      Buffer.from(',USER,,,110000,,\n'),
    ]);
    const offset = Buffer.byteLength(header('org') + '\n' + rows('org')[0] + '\n') + 'O9,,Caf'.length;
    const s = await expectRefused(
      'org',
      'latin1.csv',
      latin1,
      'undecodable',
      new RegExp(`invalid byte at offset ${offset}, line 3`),
    );
    expect(s.file_errors[0].detail).toMatchObject({ utf8_error_offset: offset, utf8_error_line: 3 });
  });
  it('8 missing required column', () =>
    expectRefused(
      'usage',
      'usage.csv',
      GOOD.usage.replace(',amount_cny', '').replace(/,(800|16000|5|960)\.00/g, ''),
      'missing_columns',
      /missing: amount_cny/,
    ));
  it('8b a file of another kind says which kind it looks like', async () => {
    const summary = await expectRefused('usage', 'org.csv', GOOD.org, 'missing_columns', /these columns match org/);
    expect(summary.file_errors[0].detail).toMatchObject({ looks_like: 'org' });
    // a header that fits no kind names none
    const none = await expectRefused('org', 'x.csv', 'a,b\n1,2\n', 'missing_columns', /missing: org_id/);
    expect(none.file_errors[0].message).not.toMatch(/match/);
    expect(none.file_errors[0].detail).not.toHaveProperty('looks_like');
  });
  it('9 duplicate column in the header', () =>
    expectRefused(
      'org',
      'org.csv',
      GOOD.org.replace('is_data_group', 'NAME'),
      'duplicate_columns',
      /"NAME" appears twice/,
    ));
  it('10 Parquet file with a missing column', async () => {
    const dir = fs.mkdtempSync(path.join(tmp.dir, 'pq-'));
    const csv = writeFile(dir, 'usage.csv', GOOD.usage);
    const pq = path.join(dir, 'usage.parquet');
    const db = await AtlasDb.open({ path: ':memory:' });
    await db.withConnection((con) =>
      con.run(
        `COPY (SELECT * EXCLUDE (user_org_id) FROM read_csv(${quoteString(csv)})) TO ${quoteString(pq)} (FORMAT parquet)`,
      ),
    );
    db.close();
    await expectRefused('usage', 'usage.parquet', fs.readFileSync(pq), 'missing_columns', /missing: user_org_id/);
  });
  it('11 JSON that is not an array of objects (truncated array)', () =>
    expectRefused(
      'org',
      'org.json',
      '[{"org_id": "X1", "name": "n", "org_role": "USER", "region_code": "110000"}, {"org_id":',
      'unreadable',
      /not a valid JSON array/,
    ));
  it('12 header line longer than 1 MB', () =>
    expectRefused('org', 'wide.csv', 'x'.repeat(1_200_000) + '\n1\n', 'header_too_long', /longer than/));
});

describe('row rejects with exact line, field and reason; the rest is accepted', () => {
  it('13 truncated file: the cut last line has too few columns', async () => {
    const cut = GOOD.usage.slice(0, GOOD.usage.indexOf('US4') + 'US4,2025-04,P1'.length);
    await expectPartial('usage', 'usage.csv', cut, 3, [[5, 'auth_id', 'csv_too_few_columns']]);
  });
  it('14 unknown region', () =>
    expectPartial(
      'org',
      'org.csv',
      withRows('org', {
        2: 'O2,91110000000000002X,北京数据集团有限公司,OPERATOR,LOCAL_DATA_GROUP,PROVINCIAL,999999,,true',
      }),
      4,
      [[3, 'region_code', 'unknown_region']],
    ));
  it('15 unknown enumeration value', () =>
    expectPartial(
      'usage',
      'usage.csv',
      withRows('usage', {
        1: 'US1,2025-03,P1,A1,110000,U2,ALIEN,110000,INDUSTRY_DEVELOPMENT,1000,5000,0.5,800.00,0.99,true',
      }),
      3,
      [[2, 'user_type', 'unknown_enum']],
    ));
  it('16 bad date and a date out of range', () =>
    expectPartial(
      'authorization',
      'authorization.csv',
      withRows('authorization', {
        1: rows('authorization')[0].replace('2025-02-01', '2025-13-45'),
        2: rows('authorization')[1].replace('2031-06-30', '2150-01-01'),
      }),
      0,
      [
        [2, 'term_start', 'unparseable_date'],
        [3, 'term_end', 'out_of_range'],
      ],
    ));
  it('17 negative money and negative counts', () =>
    expectPartial(
      'usage',
      'usage.csv',
      withRows('usage', {
        2: rows('usage')[1].replace('16000.00', '-16000.00').replace(',20000,20000,', ',-20000,20000,'),
      }),
      3,
      [
        [3, 'amount_cny', 'negative_value'],
        [3, 'calls', 'negative_value'],
      ],
    ));
  it('18 duplicate keys inside the file: every occurrence is rejected', () =>
    expectPartial('usage', 'usage.csv', withRows('usage', { 3: rows('usage')[2].replace('US3', 'US1') }), 2, [
      [2, 'usage_id', 'duplicate_key'],
      [4, 'usage_id', 'duplicate_key'],
    ]));
  it('19 dangling product (a usage row whose product is unknown)', () =>
    expectPartial('usage', 'usage.csv', withRows('usage', { 4: rows('usage')[3].replace(',P1,', ',P999,') }), 3, [
      [5, 'product_id', 'unknown_reference'],
    ]));
  it('20 CSV formula injection (a plain negative number is not one)', () =>
    expectPartial(
      'org',
      'org.csv',
      withRows('org', {
        4: 'U1,91310000000000004X,"=HYPERLINK(""http://evil"",""x"")",USER,BANK,,310000,DEX05,false',
        5: 'U2,-5,@SUM(A1),USER,PRIVATE_ENTERPRISE,,110000,DEX06,false',
      }),
      3,
      [
        [5, 'name', 'formula_injection'],
        [6, 'name', 'formula_injection'],
      ],
    ));
  it('21 missing key and missing required value', () =>
    expectPartial(
      'usage',
      'usage.csv',
      withRows('usage', { 1: rows('usage')[0].replace('US1,', ','), 2: rows('usage')[1].replace(',BANK,', ',,') }),
      2,
      [
        [2, 'usage_id', 'missing_value'],
        [3, 'user_type', 'missing_value'],
      ],
    ));
  it('22 unparseable number, boolean and unknown sector', async () => {
    await expectPartial(
      'org',
      'org.csv',
      withRows('org', { 1: rows('org')[0].replace(',false', ',maybe'), 3: rows('org')[2].replace('DEX08', 'DEX99') }),
      3,
      [
        [2, 'is_data_group', 'unparseable_boolean'],
        [4, 'sector_code', 'unknown_sector'],
      ],
    );
    await expectPartial('usage', 'usage.csv', withRows('usage', { 1: rows('usage')[0].replace(',1000,', ',1k,') }), 3, [
      [2, 'calls', 'unparseable_number'],
    ]);
  });
  it('23 unterminated quote: the rest of the file cannot be read', () =>
    expectPartial(
      'org',
      'org.csv',
      withRows('org', { 4: 'U1,91310000000000004X,"某商业银行,USER,BANK,,310000,DEX05,false' }),
      3,
      [[5, 'uscc', 'csv_unterminated_quote']].map(([l, , c]) => [l, expect.anything(), c]) as never,
    ));
  it('24 a line with too many columns', () =>
    expectPartial(
      'org',
      'org.csv',
      withRows('org', { 2: rows('org')[1] + ',extra' }),
      4,
      [[3, null, 'csv_too_many_columns']].map(([l, , c]) => [
        l,
        expect.toBeOneOf([null, expect.any(String)]),
        c,
      ]) as never,
    ));
  it('25 a non-OVERALL authorization without a sector', () =>
    expectPartial(
      'authorization',
      'authorization.csv',
      withRows('authorization', { 1: rows('authorization')[0].replace(',DEX05,', ',,') }),
      1,
      [[2, 'sector_code', 'sector_required']],
    ));
  it('26 NDJSON with a broken line', async () => {
    const lines = [
      '{"org_id":"J1","name":"甲","org_role":"USER","region_code":"110000"}',
      '{"org_id":"J2","name":',
      '',
      '{"org_id":"J3","name":"丙","org_role":"数据使用方","region_code":"上海"}',
    ];
    const r = await expectPartial('org', 'org.ndjson', lines.join('\n') + '\n', 2, [[2, null, 'json_malformed']]);
    expect(r.summary.format).toBe('ndjson');
  });
  it('27 JSON with a wrong type', async () => {
    const json = JSON.stringify([
      {
        usage_id: 'J1',
        period_month: '2025-03',
        product_id: 'P1',
        provider_region_code: '110000',
        user_org_id: 'U1',
        user_type: 'BANK',
        user_region_code: '310000',
        use_purpose: 'INDUSTRY_DEVELOPMENT',
        calls: 10,
        amount_cny: 1.5,
      },
      {
        usage_id: 'J2',
        period_month: '2025-03',
        product_id: 'P1',
        provider_region_code: '110000',
        user_org_id: 'U1',
        user_type: 'BANK',
        user_region_code: '310000',
        use_purpose: 'INDUSTRY_DEVELOPMENT',
        calls: 'many',
        amount_cny: { value: 3 },
      },
      {
        usage_id: 'J3',
        period_month: '2025-04',
        product_id: 'P1',
        provider_region_code: '110000',
        user_org_id: 'U1',
        user_type: 'BANK',
        user_region_code: '310000',
        use_purpose: 'INDUSTRY_DEVELOPMENT',
        calls: '1,200',
        amount_cny: '2,500.50',
        new_user: true,
      },
    ]);
    const r = await expectPartial('usage', 'usage.json', json, 2, [
      [2, 'amount_cny', 'unparseable_number'],
      [2, 'calls', 'unparseable_number'],
    ]);
    expect(r.summary.format).toBe('json');
  });
  it('28 a single 100 MB line: a short, clear reject, the other rows accepted', async () => {
    const big = 'x'.repeat(100 * 2 ** 20);
    const content =
      header('usage') + '\n' + rows('usage')[0] + '\n' + big + '\n' + rows('usage').slice(1).join('\n') + '\n';
    await expectPartial('usage', 'usage.csv', content, 4, [[3, null, 'line_too_long']], async (r) => {
      const stored = await r.db.withConnection((con) =>
        queryRows<{ v: number; m: number }>(
          con,
          'SELECT max(length(value)) AS v, max(length(reason)) AS m FROM ingest_reject',
        ),
      );
      expect(stored[0].v).toBeLessThanOrEqual(200);
      expect(stored[0].m).toBeLessThan(500);
      expect(r.summary.rejects_by_reason.line_too_long.count).toBe(1);
    });
  }, 120_000);
});

describe('accepted shapes', () => {
  let db: AtlasDb;
  beforeAll(async () => {
    db = await AtlasDb.open({ path: ':memory:' });
  });
  afterAll(() => db.close());

  it('29 valid GB18030 with Chinese labels for enumerations, regions and booleans', async () => {
    const s = await ingestFile(db, { kind: 'org', path: path.join(TESTDATA, 'org_gb18030.csv') });
    expect(s).toMatchObject({ status: 'COMMITTED', encoding: 'gb18030', inserted: 2, rejected: 0 });
    const rowsOut = await db.withConnection((con) =>
      queryRows(
        con,
        `SELECT org_id, name, org_role, org_type, admin_level, region_code, is_data_group FROM org WHERE org_id LIKE 'G%' ORDER BY 1`,
      ),
    );
    expect(rowsOut[0]).toEqual({
      org_id: 'G1',
      name: '北京数据集团有限公司（GB18030）',
      org_role: 'OPERATOR',
      org_type: 'LOCAL_DATA_GROUP',
      admin_level: 'PROVINCIAL',
      region_code: '110000',
      is_data_group: true,
    });
    expect(rowsOut[1]).toMatchObject({ org_id: 'G2', is_data_group: false });
  });

  it('30 UTF-8 with BOM, columns in another order and upper case, extra column ignored', async () => {
    const dir = fs.mkdtempSync(path.join(tmp.dir, 'bom-'));
    const s = await ingestFile(db, {
      kind: 'org',
      path: writeFile(
        dir,
        'org.csv',
        '\ufeffREGION_CODE, Name ,org_id,org_role,comment\n310000,上海某公司,B1,USER,hello\n',
      ),
    });
    expect(s).toMatchObject({ status: 'COMMITTED', encoding: 'utf-8-bom', inserted: 1 });
    expect(s.file_errors).toEqual([
      expect.objectContaining({ code: 'extra_columns', level: 'warning', detail: { columns: ['comment'] } }),
    ]);
  });

  it('31 tab-separated, Chinese dates and months, thousands separators', async () => {
    const dir = fs.mkdtempSync(path.join(tmp.dir, 'tsv-'));
    await loadGood(db, dir, 'registration');
    const tsv = [
      'auth_id\tauth_mode\tgranting_authority_org_id\toperator_org_id\tregion_code\tsector_code\tterm_start\tterm_end\tagreement_signed_at\tstatus\tmax_allowed_revenue_cny',
      'T1\t依场景授权\tO1\tO2\t110000\t金融服务\t2025年2月1日\t2027/1/31\t20250115\t运营中\t"1,234,567.89"',
      'T2\tOVERALL\tO1\tO2\t110000\t\t2025.3.1\t2026-02-28 00:00:00\t2025-02-20T10:00:00Z\tACTIVE\t',
    ].join('\n');
    const s = await ingestFile(db, { kind: 'authorization', path: writeFile(dir, 'auth.tsv', tsv + '\n') });
    expect(s).toMatchObject({ status: 'COMMITTED', inserted: 2, rejected: 0 });
    expect(s.file_errors.map((e) => e.code)).toContain('tab_separated');
    const out = await db.withConnection((con) =>
      queryRows(
        con,
        `SELECT auth_id, auth_mode, sector_code, term_start, term_end, agreement_signed_at, status, max_allowed_revenue_cny FROM "authorization" WHERE auth_id LIKE 'T%' ORDER BY 1`,
      ),
    );
    expect(out).toEqual([
      {
        auth_id: 'T1',
        auth_mode: 'SCENARIO',
        sector_code: 'DEX05',
        term_start: '2025-02-01',
        term_end: '2027-01-31',
        agreement_signed_at: '2025-01-15',
        status: 'ACTIVE',
        max_allowed_revenue_cny: 1234567.89,
      },
      {
        auth_id: 'T2',
        auth_mode: 'OVERALL',
        sector_code: null,
        term_start: '2025-03-01',
        term_end: '2026-02-28',
        agreement_signed_at: '2025-02-20',
        status: 'ACTIVE',
        max_allowed_revenue_cny: null,
      },
    ]);
    const months = ['2025年3月', '202504', '2025/5', '2025-06-15'];
    const usage = [
      header('usage'),
      ...months.map((m, i) => `M${i},${m},P1,A1,北京,U1,银行,上海,产业发展,"1,000",,,"12,000.50",,是`),
    ].join('\n');
    expect((await ingestFile(db, { kind: 'product', path: writeFile(dir, 'product.csv', GOOD.product) })).status).toBe(
      'COMMITTED',
    );
    const u = await ingestFile(db, { kind: 'usage', path: writeFile(dir, 'usage.csv', usage + '\n') });
    expect(u).toMatchObject({ status: 'COMMITTED', inserted: 4, rejected: 0 });
    const got = await db.withConnection((con) =>
      queryRows(
        con,
        `SELECT period_month, provider_region_code, user_type, user_region_code, use_purpose, calls, amount_cny, new_user FROM usage WHERE usage_id LIKE 'M%' ORDER BY 1`,
      ),
    );
    expect(got.map((g) => g.period_month)).toEqual(['2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01']);
    expect(got[0]).toEqual({
      period_month: '2025-03-01',
      provider_region_code: '110000',
      user_type: 'BANK',
      user_region_code: '310000',
      use_purpose: 'INDUSTRY_DEVELOPMENT',
      calls: 1000,
      amount_cny: 12000.5,
      new_user: true,
    });
  });

  it('32 Parquet with native types', async () => {
    const pdb = await openGoodCopy(tmp.dir, 'usage');
    const dir = fs.mkdtempSync(path.join(tmp.dir, 'pqok-'));
    const csv = writeFile(dir, 'u.csv', GOOD.usage);
    const pq = path.join(dir, 'usage.parquet');
    await pdb.withConnection((con) =>
      con.run(
        `COPY (SELECT * REPLACE (CAST(period_month || '-01' AS DATE) AS period_month) FROM read_csv(${quoteString(csv)})) TO ${quoteString(pq)} (FORMAT parquet)`,
      ),
    );
    const s = await ingestFile(pdb, { kind: 'usage', path: pq });
    expect(s).toMatchObject({ status: 'COMMITTED', format: 'parquet', inserted: 4, rejected: 0, warnings: 1 });
    pdb.close();
  });
});
