// A scoped steward's ingest (issue 22): rows outside their regions, or replacing a record of another region, are
// rejected as out_of_scope and change nothing; everything else loads as for a national steward. Real DuckDB, real files.
import { describe, it, expect, beforeEach, afterEach, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { AtlasDb } from '../db/database.ts';
import { queryRows, type Row } from '../db/query.ts';
import { REGION_OF } from '../db/scope.ts';
import { sqlFile } from '../db/sql-files.ts';
import { tempDir } from '../test-support/server.ts';
import { GOOD, fingerprint, loadGood, writeFile } from './fixtures.ts';
import { KINDS, INGEST_ORDER, type KindName } from './kinds.ts';
import { IngestJobs } from './jobs.ts';
import { ingestFile, type IngestSummary } from './pipeline.ts';
import { createLogger } from '../log.ts';
import { FIXTURE, wrapperLine } from './portal/fixtures.test-support.ts';
import { ingestPortalCatalog } from './portal/import-catalog.ts';

const tmp = tempDir('atlas-scope-');
afterAll(() => tmp.cleanup());

let db: AtlasDb;
let dir: string;
beforeEach(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  dir = fs.mkdtempSync(path.join(tmp.dir, 't-'));
});
afterEach(() => db.close());

const SICHUAN = ['510000'];
const STEWARD = 'steward-sc';
const header = (kind: KindName) => GOOD[kind].split('\n')[0];
const rowsOf = (d: AtlasDb, sql: string, params = {}) => d.withConnection((con) => queryRows(con, sql, params));
const rows = (sql: string, params = {}) => rowsOf(db, sql, params);

/**
 * The Sichuan steward's files, loaded after the national GOOD data (all in 110000, but user U1 in 310000): every kind
 * with rows in Sichuan (`in`), rows of another region or whose authorization is another region's (`out`), rows that
 * re-send a stored record of another region with a Sichuan region (`out`, the replacement case), and rows that fail for
 * another reason (`bad`).
 */
type Tag = 'in' | 'out' | 'bad';
const SCOPED: Record<KindName, [Tag, string][]> = {
  org: [
    ['in', 'S1,11510000000000001X,四川省大数据中心,GRANTING_AUTHORITY,PARTY_GOV_ORGAN,PROVINCIAL,510000,,false'],
    ['in', 'S2,91510000000000002X,四川数据集团有限公司,OPERATOR,LOCAL_DATA_GROUP,PROVINCIAL,四川省,,true'],
    [
      'out',
      'G1,11440000000000001X,广东省政务服务数据管理局,GRANTING_AUTHORITY,PARTY_GOV_ORGAN,PROVINCIAL,广东省,,false',
    ],
    // O1 is stored in Beijing: a Sichuan steward may not move it into Sichuan.
    [
      'out',
      'O1,11110000000000001X,北京市政务服务和数据管理局,GRANTING_AUTHORITY,PARTY_GOV_ORGAN,PROVINCIAL,510000,,false',
    ],
    ['in', 'U3,91510000000000003X,某四川企业,USER,PRIVATE_ENTERPRISE,,510000,DEX06,false'],
  ],
  authorization: [
    [
      'in',
      'B1,SCENARIO,S1,,S2,510000,DEX05,川渝普惠金融,PUBLIC_TENDER,2025-01-10,2025-02-01,2028-01-31,5000000,TRIAL,3000000,ACTIVE,',
    ],
    // term over 5 years: TERM_OVER_5_YEARS for the Sichuan one, nothing for the Guangdong one
    [
      'in',
      'B2,DOMAIN,S1,,S2,510000,DEX08,,COMPETITIVE_NEGOTIATION,2025-01-10,2025-01-01,2031-06-30,1000000,FORMAL,500000,ACTIVE,',
    ],
    [
      'out',
      'BG,DOMAIN,O1,,O2,440000,DEX08,,COMPETITIVE_NEGOTIATION,2025-01-10,2025-01-01,2031-06-30,1000000,FORMAL,1500000,ACTIVE,',
    ],
    [
      'out',
      'A1,SCENARIO,O1,,O2,510000,DEX05,普惠金融信贷风控,PUBLIC_TENDER,2025-01-10,2025-02-01,2028-01-31,5000000,TRIAL,3000000,ACTIVE,',
    ],
  ],
  registration: [
    [
      'in',
      'RS1,ASS1,,PUBLIC_DATA_RESOURCE,INITIAL,S1,PROVINCIAL,510000,DEX08,true,四川企业信用数据,STRUCTURED_TABLE,1000,1.5,DAILY,GENERAL,CONDITIONAL_OPEN,B1,REGISTERED,2025-03-03,2025-03-05,2025-03-10,2025-03-21,2025-03-24,2025-03-20,0.8',
    ],
    // a notice of 5 working days: NOTICE_NOT_10_WD for the Sichuan one only
    [
      'in',
      'RS2,ASS2,,PUBLIC_DATA_RESOURCE,INITIAL,S1,PROVINCIAL,510000,DEX08,true,四川医疗数据,STRUCTURED_TABLE,1000,1.5,DAILY,GENERAL,NOT_OPEN,B2,REGISTERED,2025-04-07,2025-04-08,2025-04-21,2025-04-25,2025-04-28,2025-04-20,0.7',
    ],
    [
      'out',
      'RG1,ASG1,,PUBLIC_DATA_RESOURCE,INITIAL,O3,PROVINCIAL,440000,DEX08,true,广东医疗数据,STRUCTURED_TABLE,1000,1.5,DAILY,GENERAL,NOT_OPEN,,REGISTERED,2025-04-07,2025-04-08,2025-04-21,2025-04-25,2025-04-28,2025-04-20,0.7',
    ],
    [
      'out',
      'R1,AS1,PDR-110000-2025-000001,PUBLIC_DATA_RESOURCE,INITIAL,O3,PROVINCIAL,510000,DEX08,true,企业纳税信用等级数据,STRUCTURED_TABLE,2000000,5.5,DAILY,GENERAL,CONDITIONAL_OPEN,A1,REGISTERED,2025-03-03,2025-03-05,2025-03-10,2025-03-21,2025-03-24,2025-02-20,0.8',
    ],
  ],
  authorization_resource: [
    ['in', 'B1,ASS1,2025-02-01,'],
    ['in', 'B2,ASS2,2025-01-01,'],
    // the asset is Beijing's and so is the authorization A1: out of scope by the authorization
    ['out', 'A1,AS3,2025-02-01,'],
    // an authorization that is stored nowhere: unknown_reference, no region to judge
    ['bad', 'BX,ASS1,2025-02-01,'],
  ],
  product: [
    ['in', 'PS1,四川信用评分接口,B1,S2,DEX05,川渝普惠金融,API_QUERY,API,PER_CALL,1.00,0.80,2025-03-01'],
    // list above cap: PRICE_ABOVE_CAP for the Sichuan one only
    ['in', 'PS2,四川医保核验,B2,S2,DEX08,,VERIFICATION,API,PER_CALL,0.50,0.60,2025-04-01'],
    ['out', 'PG1,北京医保核验二期,A2,O2,DEX08,,VERIFICATION,API,PER_CALL,0.50,0.60,2025-04-01'],
    // P1 is stored under A1 (Beijing): moving it to B1 would take another region's product
    ['out', 'P1,企业信用评分接口,B1,S2,DEX05,普惠金融信贷风控,API_QUERY,API,PER_CALL,1.00,0.80,2025-03-01'],
    ['bad', 'PX,无授权产品,BX,S2,DEX05,,API_QUERY,API,PER_CALL,1.00,0.80,2025-03-01'],
  ],
  usage: [
    ['in', 'USS1,2025-03,PS1,B1,510000,U3,ENTERPRISE,510000,INDUSTRY_DEVELOPMENT,100,100,0.1,80.00,0.99,true'],
    // public governance with an amount: FREE_PURPOSE_CHARGED for the Sichuan one only
    ['in', 'USS2,2025-04,PS2,B2,510000,U3,GOVERNMENT_UNIT,510000,PUBLIC_GOVERNANCE,30,30,0,5.00,1,false'],
    ['out', 'USG1,2025-04,P2,A2,110000,U2,GOVERNMENT_UNIT,110000,PUBLIC_GOVERNANCE,300,300,0,5.00,1,false'],
    ['out', 'US1,2025-03,PS1,B1,510000,U3,ENTERPRISE,510000,INDUSTRY_DEVELOPMENT,1000,5000,0.5,800.00,0.99,true'],
  ],
};

/** The out_of_scope rejects expected per kind: [line, field, value]; the value of a replacement is the stored one. */
const OUT_OF_SCOPE: Record<KindName, [number, string, string][]> = {
  org: [
    [4, 'region_code', '广东省'],
    [5, 'region_code', '110000'],
  ],
  authorization: [
    [4, 'region_code', '440000'],
    [5, 'region_code', '110000'],
  ],
  registration: [
    [4, 'region_code', '440000'],
    [5, 'region_code', '110000'],
  ],
  authorization_resource: [[4, 'auth_id', 'A1']],
  product: [
    [4, 'auth_id', 'A2'],
    [5, 'auth_id', 'A1'],
  ],
  usage: [
    [4, 'provider_region_code', '110000'],
    [5, 'provider_region_code', '110000'],
  ],
};

const fileOf = (kind: KindName, lines: string[]) => [header(kind), ...lines].join('\n') + '\n';
const scopedFile = (kind: KindName, keep: (t: Tag) => boolean = () => true) =>
  fileOf(
    kind,
    SCOPED[kind].filter(([t]) => keep(t)).map(([, l]) => l),
  );

/** Every table an ingest writes, compared by content (lines of warnings and times of history differ between files). */
async function recordState(d: AtlasDb): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  for (const kind of INGEST_ORDER) out[kind] = await rowsOf(d, `SELECT * FROM ${KINDS[kind].tableSql} ORDER BY ALL`);
  out.rollup_usage_month = await rowsOf(d, 'SELECT * FROM rollup_usage_month ORDER BY ALL');
  out.record_history = await rowsOf(
    d,
    'SELECT table_name, record_key, batch_id, superseded_by_batch, CAST(record AS VARCHAR) AS record FROM record_history ORDER BY ALL',
  );
  out.ingest_warning = await rowsOf(
    d,
    'SELECT batch_id, table_name, record_key, field, value, rule_code FROM ingest_warning ORDER BY ALL',
  );
  return out;
}

async function rollupFromScratch(d: AtlasDb) {
  return d.withConnection(async (con) => {
    await con.run('CREATE OR REPLACE TEMP TABLE expected AS SELECT * FROM rollup_usage_month LIMIT 0');
    await con.run(
      sqlFile('rollups/usage_month_rebuild').replace('INSERT INTO rollup_usage_month', 'INSERT INTO expected'),
    );
    return queryRows(con, 'SELECT * FROM expected ORDER BY ALL');
  });
}

const outOfScope = (s: IngestSummary) =>
  s.first_rejects.filter((r) => r.reason_code === 'out_of_scope').map((r) => [r.line, r.field, r.value]);

describe('a scoped steward ingests only rows of their regions', () => {
  it('writes every in-scope row and none of the others, of every kind, as a national load of the in-scope rows would', async () => {
    await loadGood(db, dir);
    const before = await recordState(db);
    const summaries: Partial<Record<KindName, IngestSummary>> = {};
    for (const kind of INGEST_ORDER) {
      summaries[kind] = await ingestFile(db, {
        kind,
        path: writeFile(dir, `${kind}-sc.csv`, scopedFile(kind)),
        scope: SICHUAN,
        account: STEWARD,
      });
    }
    // An in-scope record replaced by the same steward goes to history as usual; a Beijing row sent again unchanged is
    // still refused, not counted unchanged.
    const usageV2 = fileOf('usage', [
      SCOPED.usage[0][1].replace(',100,100,0.1,80.00,', ',150,150,0.1,120.00,'),
      GOOD.usage.split('\n')[2],
    ]);
    const v2 = await ingestFile(db, {
      kind: 'usage',
      path: writeFile(dir, 'usage-sc-v2.csv', usageV2),
      scope: SICHUAN,
      account: STEWARD,
    });

    const counts = Object.fromEntries(
      INGEST_ORDER.map((k) => {
        const s = summaries[k]!;
        return [k, [s.status, s.inserted, s.replaced, s.unchanged, s.rejected, s.warnings]];
      }),
    );
    expect(counts).toEqual({
      org: ['COMMITTED', 3, 0, 0, 2, 0],
      authorization: ['COMMITTED', 2, 0, 0, 2, 1],
      registration: ['COMMITTED', 2, 0, 0, 2, 1],
      authorization_resource: ['COMMITTED', 2, 0, 0, 2, 0],
      product: ['COMMITTED', 2, 0, 0, 3, 1],
      usage: ['COMMITTED', 2, 0, 0, 2, 1],
    });
    expect(v2).toMatchObject({ status: 'COMMITTED', inserted: 0, replaced: 1, unchanged: 0, rejected: 1 });
    expect(outOfScope(v2)).toEqual([[3, 'provider_region_code', '110000']]);
    for (const kind of INGEST_ORDER) {
      expect(outOfScope(summaries[kind]!), kind).toEqual(OUT_OF_SCOPE[kind]);
      expect(summaries[kind]!.rejects_by_reason.out_of_scope).toMatchObject({
        count: OUT_OF_SCOPE[kind].length,
        zh: expect.stringContaining('地区'),
        en: expect.stringContaining('outside the regions you may load'),
      });
    }
    // A product or resource whose authorization is stored nowhere has no region: refused as an unknown reference.
    for (const kind of ['authorization_resource', 'product'] as const)
      expect(
        summaries[kind]!.first_rejects.filter((r) => r.reason_code !== 'out_of_scope').map((r) => [r.field, r.value]),
      ).toEqual([['auth_id', 'BX']]);

    // The twin: the same national data, then a national load of the in-scope rows alone.
    const twin = await AtlasDb.open({ path: ':memory:' });
    try {
      await loadGood(twin, fs.mkdtempSync(path.join(tmp.dir, 'twin-')));
      for (const kind of INGEST_ORDER)
        await ingestFile(twin, {
          kind,
          path: writeFile(
            dir,
            `${kind}-in.csv`,
            scopedFile(kind, (t) => t === 'in'),
          ),
        });
      await ingestFile(twin, {
        kind: 'usage',
        path: writeFile(dir, 'usage-in-v2.csv', fileOf('usage', [usageV2.split('\n')[1]])),
      });
      expect(await recordState(db)).toEqual(await recordState(twin));
    } finally {
      twin.close();
    }

    // Spelled out: the other regions' records are as they were, and nothing of them reached history or warnings.
    const after = await recordState(db);
    for (const kind of INGEST_ORDER) {
      const { key } = KINDS[kind];
      const stored = new Set(before[kind].map((r) => JSON.stringify(r)));
      const added = after[kind]
        .filter((r) => !stored.has(JSON.stringify(r)))
        .map((r) => key.map((k) => r[k]).join('|'));
      const inScope = SCOPED[kind]
        .filter(([t]) => t === 'in')
        .map(([, l]) => l.split(',').slice(0, key.length).join('|'));
      expect(added.sort(), kind).toEqual(inScope.sort());
      expect(
        after[kind].filter((r) => stored.has(JSON.stringify(r))),
        kind,
      ).toEqual(before[kind]);
    }
    expect(after.record_history.map((h) => h.record_key)).toEqual(['USS1']);
    expect(new Set(after.ingest_warning.filter((w) => Number(w.batch_id) > 6).map((w) => w.record_key))).toEqual(
      new Set(['B2', 'RS2', 'PS2', 'USS2']),
    );
    expect(after.rollup_usage_month.filter((r) => r.provider_region_code !== '510000')).toEqual(
      before.rollup_usage_month,
    );
    expect(after.rollup_usage_month).toEqual(await rollupFromScratch(db));
  });

  it('strict mode refuses the whole file on an out-of-scope row, and accepts a file wholly in scope', async () => {
    await loadGood(db, dir);
    const before = await fingerprint(db, { exclude: ['ingest_batch', 'ingest_reject'] });
    const s = await ingestFile(db, {
      kind: 'org',
      path: writeFile(dir, 'org-sc.csv', scopedFile('org')),
      scope: SICHUAN,
      account: STEWARD,
      strict: true,
    });
    expect(s).toMatchObject({ status: 'REFUSED', accepted: 0, inserted: 0, replaced: 0, rejected: 2 });
    expect(s.file_errors.map((e) => e.code)).toEqual(['strict_refused']);
    expect(outOfScope(s)).toEqual(OUT_OF_SCOPE.org);
    expect(await fingerprint(db, { exclude: ['ingest_batch', 'ingest_reject'] })).toEqual(before);

    const clean = await ingestFile(db, {
      kind: 'org',
      path: writeFile(
        dir,
        'org-sc-in.csv',
        scopedFile('org', (t) => t === 'in'),
      ),
      scope: SICHUAN,
      account: STEWARD,
      strict: true,
    });
    expect(clean).toMatchObject({ status: 'COMMITTED', inserted: 3, rejected: 0 });
  });

  it('refuses a replacement whichever region the stored record and the new row name, and allows one inside the scope', async () => {
    await loadGood(db, dir);
    const o2 = GOOD.org.split('\n')[2];
    const orgs = fileOf('org', [
      // stored in Beijing, sent as Sichuan (the row itself would be in scope)
      o2.replace(',110000,', ',510000,'),
      // stored in Beijing, sent as Beijing, changed: out of scope by its own region, reported with the file's value
      GOOD.org.split('\n')[3].replace('北京市卫生健康大数据中心', '改名'),
    ]);
    const s = await ingestFile(db, { kind: 'org', path: writeFile(dir, 'o.csv', orgs), scope: SICHUAN });
    expect(s).toMatchObject({ status: 'REFUSED', accepted: 0, rejected: 2 });
    expect(outOfScope(s)).toEqual([
      [2, 'region_code', '110000'],
      [3, 'region_code', '110000'],
    ]);
    expect(await rows(`SELECT org_id, name, region_code FROM org WHERE org_id IN ('O2', 'O3') ORDER BY 1`)).toEqual([
      { org_id: 'O2', name: '北京数据集团有限公司', region_code: '110000' },
      { org_id: 'O3', name: '北京市卫生健康大数据中心', region_code: '110000' },
    ]);
    // A steward of both regions may move it.
    const both = await ingestFile(db, {
      kind: 'org',
      path: writeFile(dir, 'o2.csv', fileOf('org', [o2.replace(',110000,', ',510000,')])),
      scope: ['510000', '110000'],
    });
    expect(both).toMatchObject({ status: 'COMMITTED', replaced: 1, rejected: 0 });
    // And the Sichuan steward may now change it again, since it is theirs.
    const again = await ingestFile(db, {
      kind: 'org',
      path: writeFile(
        dir,
        'o3.csv',
        fileOf('org', [o2.replace(',110000,', ',510000,').replace('北京数据集团', '四川数据集团')]),
      ),
      scope: SICHUAN,
    });
    expect(again).toMatchObject({ status: 'COMMITTED', replaced: 1, rejected: 0 });
  });

  it('a national steward is unchanged: the same files write every row', async () => {
    await loadGood(db, dir);
    const expected: Record<KindName, [number, number, number]> = {
      org: [4, 1, 0],
      authorization: [3, 1, 0],
      registration: [3, 1, 0],
      authorization_resource: [3, 0, 1],
      product: [3, 1, 1],
      usage: [3, 1, 0],
    };
    for (const kind of INGEST_ORDER) {
      const s = await ingestFile(db, { kind, path: writeFile(dir, `${kind}-sc.csv`, scopedFile(kind)) });
      expect([s.inserted, s.replaced, s.rejected], kind).toEqual(expected[kind]);
      expect(s.rejects_by_reason.out_of_scope, kind).toBeUndefined();
    }
    expect(await rows(`SELECT account, scope FROM ingest_batch WHERE batch_id > 6 GROUP BY ALL`)).toEqual([
      { account: null, scope: null },
    ]);
  });

  it('records the account and the scope on every batch, refused ones too', async () => {
    const ok = await ingestFile(db, {
      kind: 'org',
      path: writeFile(dir, 'org.csv', GOOD.org),
      scope: ['510000', '110000', '310000', '110000'],
      account: 'steward-3',
    });
    const empty = await ingestFile(db, {
      kind: 'org',
      path: writeFile(dir, 'empty.csv', ''),
      scope: SICHUAN,
      account: STEWARD,
    });
    expect(empty.file_errors.map((e) => e.code)).toEqual(['empty_file']);
    expect(await rows(`SELECT batch_id, status, account, scope FROM ingest_batch ORDER BY batch_id`)).toEqual([
      { batch_id: ok.batch_id, status: 'COMMITTED', account: 'steward-3', scope: ['110000', '310000', '510000'] },
      { batch_id: empty.batch_id, status: 'REFUSED', account: STEWARD, scope: ['510000'] },
    ]);
  });

  it("an upload job passes the uploader's scope and account to the ingest", async () => {
    await loadGood(db, dir, 'authorization');
    let cleaned = false;
    const job = new IngestJobs(db, createLogger('test')).start({
      kind: 'org',
      path: writeFile(dir, 'org-sc.csv', scopedFile('org')),
      fileName: 'org-sc.csv',
      dir: fs.mkdtempSync(path.join(dir, 'job-')),
      bytes: 0,
      strict: false,
      cleanup: async () => {
        cleaned = true;
      },
      scope: SICHUAN,
      account: STEWARD,
    });
    await job.finished;
    expect(job.state).toBe('done');
    expect(outOfScope(job.summary as IngestSummary)).toEqual(OUT_OF_SCOPE.org);
    expect(cleaned).toBe(true);
    expect(await rows('SELECT source, account, scope FROM ingest_batch WHERE batch_id = 2')).toEqual([
      { source: 'upload', account: STEWARD, scope: SICHUAN },
    ]);
  });

  it('an empty scope loads nothing; a malformed region code in a scope is refused before reading', async () => {
    const none = await ingestFile(db, { kind: 'org', path: writeFile(dir, 'org.csv', GOOD.org), scope: [] });
    expect(none).toMatchObject({ status: 'REFUSED', accepted: 0, rejected: 5 });
    expect(Object.keys(none.rejects_by_reason)).toEqual(['out_of_scope']);
    await expect(
      ingestFile(db, { kind: 'org', path: writeFile(dir, 'org.csv', GOOD.org), scope: ["510000') OR true --"] }),
    ).rejects.toThrow(/not a region code/);
    expect(await rows('SELECT count(*) AS n FROM org')).toEqual([{ n: 0 }]);
  });

  it('a file already loaded within a narrower scope is not a duplicate for a wider one', async () => {
    const file = writeFile(dir, 'org-mixed.csv', GOOD.org);
    const load = (scope: string[] | null) => ingestFile(db, { kind: 'org', path: file, scope });
    // GOOD.org: four orgs in Beijing, U1 in Shanghai
    expect(await load(['310000'])).toMatchObject({ status: 'COMMITTED', inserted: 1, rejected: 4 });
    expect(await load(['310000'])).toMatchObject({ status: 'DUPLICATE_FILE' });
    expect(await load(['110000'])).toMatchObject({ status: 'COMMITTED', inserted: 4, rejected: 1 });
    expect(await load(null)).toMatchObject({ status: 'COMMITTED', inserted: 0, unchanged: 5 });
    expect(await load(null)).toMatchObject({ status: 'DUPLICATE_FILE' });
    expect(await load(['110000', '310000'])).toMatchObject({ status: 'DUPLICATE_FILE' });
  });

  it('places a file row in a region as server/db/scope.ts places a stored one', () => {
    for (const kind of INGEST_ORDER) {
      const { column, viaAuthorization } = KINDS[kind].region;
      if (viaAuthorization)
        expect(REGION_OF[kind], kind).toMatch(/FROM "authorization" a WHERE a\.auth_id = t\.auth_id/);
      else expect(REGION_OF[kind], kind).toBe(`t.${column}`);
      expect(KINDS[kind].columns.some((c) => c.name === column)).toBe(true);
    }
  });
});

describe('a scoped steward importing a portal catalogue', () => {
  it('keeps the records of their regions and rejects the others as out_of_scope', async () => {
    const file = writeFile(dir, 'catalogue.jsonl', FIXTURE.map(wrapperLine).join('\n') + '\n');
    const sichuan = FIXTURE.filter((r) => r.expect.region === '510000').length;
    const s = await ingestPortalCatalog(db, { path: file, scope: SICHUAN, account: STEWARD });
    expect(s).toMatchObject({
      status: 'COMMITTED',
      rows_read: FIXTURE.length,
      inserted: sichuan,
      rejected: FIXTURE.length - sichuan,
      accepted: sichuan,
    });
    expect(Object.keys(s.rejects_by_reason)).toEqual(['out_of_scope']);
    expect(new Set(s.first_rejects.map((r) => r.field))).toEqual(new Set(['region_code']));
    expect(await rows('SELECT DISTINCT region_code FROM registration')).toEqual([{ region_code: '510000' }]);
    expect(await rows('SELECT kind, account, scope FROM ingest_batch')).toEqual([
      { kind: 'portal-catalog', account: STEWARD, scope: SICHUAN },
    ]);
    // The national import of the same catalogue adds the other regions' records.
    const national = await ingestPortalCatalog(db, { path: file });
    expect(national).toMatchObject({ status: 'COMMITTED', inserted: FIXTURE.length - sichuan, unchanged: sichuan });
  });
});
