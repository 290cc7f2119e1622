// portal-catalog as a kind of the ingestion API and of `atlas ingest`: real HTTP upload, real CLI child process (and
// the command's usage error in this process, through runCli).
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtlasDb } from '../../db/database.ts';
import { queryRows } from '../../db/query.ts';
import { runAtlas, spawnAtlas } from '../../test-support/cli.ts';
import { startTestServer, tempDir, type TestServer } from '../../test-support/server.ts';
import { FIXTURE, wrapperLine } from './fixtures.test-support.ts';

const tmp = tempDir('atlas-portal-http-');
const flat = [
  {
    标题: '北海市企业名录',
    来源部门: '北海市市场监管局',
    所属行业: '批发和零售业',
    开放条件: '无条件开放',
    更新频率: '每月',
    发布时间: '2023-6-16',
  },
  {
    标题: '北海市医院名录',
    来源部门: '北海市卫健委',
    所属行业: '卫生和社会工作',
    开放条件: '有条件开放',
    更新频率: '每年',
    发布时间: '2022-07-05',
  },
];
const flatNdjson = flat.map((r) => JSON.stringify(r)).join('\n');

describe('POST /api/ingest/portal-catalog', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });
  const post = async (query: string, name: string, body: string | Buffer) => {
    const form = new FormData();
    form.append('file', new Blob([typeof body === 'string' ? body : new Uint8Array(body)]), name);
    const res = await fetch(`${t.base}/api/ingest/portal-catalog?${query}`, { method: 'POST', body: form });
    return { status: res.status, body: await res.json() };
  };

  it('imports an uploaded catalogue with its province and portal id, and reports the mapping', async () => {
    const { status, body } = await post(
      `wait=true&portal=beihai&province=${encodeURIComponent('广西')}&city=${encodeURIComponent('北海市')}`,
      'beihai.jsonl',
      flatNdjson,
    );
    expect(status).toBe(200);
    expect(body.summary).toMatchObject({
      kind: 'portal-catalog',
      status: 'COMMITTED',
      rows_read: 2,
      accepted: 2,
      inserted: 2,
      rejected: 0,
    });
    expect(body.summary.portal).toMatchObject({ portal: 'beihai', records: 2, layout: 'ndjson' });
    expect(body.summary.portal.fields.find((f: { field: string }) => f.field === 'sector')).toMatchObject({
      mapped: 2,
      mapped_share: 1,
    });
    const regs = await t.db.withConnection((con) =>
      queryRows(con, `SELECT region_code, city, sector_code, source, source_ref FROM registration ORDER BY data_name`),
    );
    expect(regs.map((r) => [r.region_code, r.city, r.sector_code, r.source])).toEqual([
      ['450000', '北海市', 'DEX03', 'open-data-portal'],
      ['450000', '北海市', 'DEX08', 'open-data-portal'],
    ]);
    expect(String(regs[0].source_ref).startsWith('beihai:')).toBe(true);
    const batch = await fetch(`${t.base}/api/ingest/batches/${body.summary.batch_id}`).then((r) => r.json());
    expect(batch).toMatchObject({ kind: 'portal-catalog', rows_read: 2, status: 'COMMITTED' });
    expect(batch.summary.portal.records).toBe(2);
  });

  it('accepts a gzipped crawl through the background job and its progress', async () => {
    const gz = gzipSync(FIXTURE.map(wrapperLine).join('\n'));
    const res = await post('', 'crawl.jsonl.gz', gz);
    expect(res.status).toBe(202);
    let job = res.body.job;
    for (let i = 0; i < 100 && (job.state === 'queued' || job.state === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = await fetch(`${t.base}/api/ingest/jobs/${job.id}`).then((r) => r.json());
    }
    expect(job).toMatchObject({
      kind: 'portal-catalog',
      state: 'done',
      summary: { status: 'COMMITTED', rows_read: FIXTURE.length, inserted: FIXTURE.length },
    });
    const batch = await fetch(`${t.base}/api/ingest/batches/${job.summary.batch_id}`).then((r) => r.json());
    expect(batch.file_bytes).toBe(gz.length);
    expect(job.summary.bytes).toBe(gz.length);
  });

  it('answers 400 for a bad option and 404 for an unknown kind', async () => {
    const bad = await post('wait=true&province=', 'x.jsonl', flatNdjson);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_parameter', details: { field: 'province' } });
    const res = await fetch(`${t.base}/api/ingest/portal-catalogue`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(404);
  });
});

describe('atlas ingest portal-catalog', () => {
  afterAll(() => tmp.cleanup());
  it('imports a file given on the command line and prints the JSON summary', async () => {
    const file = path.join(tmp.dir, 'beihai.jsonl');
    fs.writeFileSync(file, flatNdjson);
    const dbPath = path.join(tmp.dir, 'cli.duckdb');
    const { code, stdout, stderr } = await spawnAtlas(
      ['ingest', 'portal-catalog', file, '--province', '广西壮族自治区', '--portal', 'beihai'],
      { ATLAS_DB: dbPath },
    );
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({
      kind: 'portal-catalog',
      status: 'COMMITTED',
      rows_read: 2,
      inserted: 2,
      portal: { portal: 'beihai', records: 2 },
    });
    expect(stderr).toContain('COMMITTED');
    const db = await AtlasDb.open({ path: dbPath, readOnly: true });
    try {
      expect(
        await db.withConnection((con) =>
          queryRows(con, `SELECT count(*) AS n FROM registration WHERE source = 'open-data-portal'`),
        ),
      ).toEqual([{ n: 2 }]);
    } finally {
      db.close();
    }
  }, 60_000);

  it('exits 2 for an unknown kind and names portal-catalog among the kinds', async () => {
    const err = await runAtlas(['ingest', 'portal-catalogue', 'x.json']);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('portal-catalog');
  }, 60_000);
});
