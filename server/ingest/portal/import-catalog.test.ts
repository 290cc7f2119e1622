import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtlasDb } from '../../db/database.ts';
import { queryRows, type Row } from '../../db/query.ts';
import { tempDir } from '../../test-support/server.ts';
import { FIXTURE, PLACEHOLDER_LABELS, wrapperLine } from './fixtures.test-support.ts';
import { ingestPortalCatalog, type PortalIngestOptions } from './import-catalog.ts';

const tmp = tempDir('atlas-portal-');
afterAll(() => tmp.cleanup());
const write = (name: string, content: string | Buffer) => {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, content);
  return file;
};
const rows = (db: AtlasDb, sql: string, params = {}) => db.withConnection((con) => queryRows(con, sql, params));
const importCatalog = (db: AtlasDb, file: string, opts: Omit<PortalIngestOptions, 'path'> = {}) =>
  ingestPortalCatalog(db, { path: file, ...opts });

describe('portal catalogue mapping: every field variant of the real catalogues', () => {
  let db: AtlasDb;
  let byName: Map<string, Row>;
  beforeAll(async () => {
    db = await AtlasDb.open({ path: ':memory:' });
    const file = write('variants.jsonl', FIXTURE.map(wrapperLine).join('\n') + '\n');
    const report = await importCatalog(db, file);
    expect(report).toMatchObject({
      rows_read: FIXTURE.length,
      accepted: FIXTURE.length,
      rejected: 0,
      inserted: FIXTURE.length,
    });
    const regs = await rows(db, `SELECT * FROM registration`);
    byName = new Map(regs.map((r) => [r.data_name as string, r]));
  });
  afterAll(() => db.close());

  for (const rec of FIXTURE) {
    const title = String(
      rec.raw.标题 ??
        rec.raw.数据集名称 ??
        rec.raw.资源名称 ??
        rec.raw.目录名称 ??
        rec.raw.信息资源名称 ??
        rec.raw.名称 ??
        rec.raw.subjectBaseName,
    );
    it(`${rec.portal}: ${Object.keys(rec.raw).join(' ')}`, () => {
      const r = byName.get(title)!;
      expect(r, `record ${title} imported`).toBeDefined();
      const e = rec.expect;
      expect({
        sector: r.sector_code,
        openness: r.open_attribute,
        frequency: r.update_frequency,
        registered_at: r.registered_at,
        data_format: r.data_format,
        record_count: r.record_count,
        holder: r.registrant_name,
        region: r.region_code,
        city: r.city,
      }).toEqual({
        sector: e.sector,
        openness: e.openness,
        frequency: e.frequency,
        registered_at: e.registered_at,
        data_format: e.data_format,
        record_count: e.record_count,
        holder: e.holder,
        region: e.region,
        city: e.city,
      });
      if (e.storage_gb !== undefined) expect(r.storage_gb).toBe(e.storage_gb);
      expect(r).toMatchObject({
        object_type: 'PUBLIC_DATA_RESOURCE',
        reg_type: 'INITIAL',
        status: 'REGISTERED',
        source: 'open-data-portal',
      });
      expect(String(r.source_ref).startsWith(`${rec.portal}:`)).toBe(true);
      expect(JSON.parse(r.raw as string)).toEqual(rec.raw);
    });
  }
});

describe('portal catalogue files: JSON, NDJSON (gzipped or not), CSV (UTF-8 and GB18030) and XLSX give the same records', () => {
  // Flat records (no crawl wrapper), as a bureau exports them from one portal; the province comes from the import.
  const header = [
    '标题',
    '来源部门',
    '所属行业',
    '开放条件',
    '更新频率',
    '发布时间',
    '数据格式',
    '数据量',
    '详情页网址',
  ];
  const data = [
    [
      '北海市企业名录',
      '北海市市场监管局',
      '批发和零售业',
      '无条件开放',
      '每月',
      '2023-6-16',
      "['xls', 'csv']",
      '2,229',
      'https://bh.example/a1',
    ],
    [
      '北海市医院名录',
      '北海市卫健委',
      '卫生和社会工作',
      '有条件开放',
      '每年',
      '2022/07/05 15:33:11',
      'json,api',
      '15',
      'https://bh.example/a2',
    ],
    ['北海市"旅游"景点', '北海市文旅局', '暂无', '暂无', '其他', '2021-01-02', '[]', '', 'https://bh.example/a3'],
  ];
  const objects = data.map((d) => Object.fromEntries(header.map((h, i) => [h, d[i]])));
  // The CSV as the portals export it, every field quoted: CSV quoting, not SQL.
  const csvText =
    // eslint-disable-next-line no-restricted-syntax
    [header, ...data].map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';
  const mapped = async (file: string, opts: { format?: 'csv' | 'json' | 'ndjson' | 'xlsx' } = {}) => {
    const db = await AtlasDb.open({ path: ':memory:' });
    try {
      const report = await importCatalog(db, file, {
        portal: 'guangxi_beihai',
        province: '广西',
        city: '北海市',
        ...opts,
      });
      expect(report.rejected).toBe(0);
      return await rows(
        db,
        `SELECT data_name, registrant_name, region_code, city, sector_code, open_attribute, update_frequency,
        registered_at, data_format, record_count, source_ref FROM registration ORDER BY data_name`,
      );
    } finally {
      db.close();
    }
  };
  let expected: Row[];
  beforeAll(async () => {
    expected = await mapped(write('flat.jsonl', objects.map((o) => JSON.stringify(o)).join('\n')));
  });

  it('maps the flat NDJSON records as intended', () => {
    expect(
      expected.map((r) => [
        r.sector_code,
        r.open_attribute,
        r.update_frequency,
        r.registered_at,
        r.data_format,
        r.record_count,
      ]),
    ).toEqual([
      [null, null, null, '2021-01-02', null, null],
      ['DEX03', 'UNCONDITIONAL_OPEN', 'MONTHLY', '2023-06-16', 'csv,xls', 2229],
      ['DEX08', 'CONDITIONAL_OPEN', 'YEARLY', '2022-07-05', 'api,json', 15],
    ]);
    expect(new Set(expected.map((r) => r.region_code))).toEqual(new Set(['450000']));
    expect(expected[1].source_ref).toBe('guangxi_beihai:https://bh.example/a1');
  });
  it('JSON array', async () => {
    expect(await mapped(write('flat.json', JSON.stringify(objects, null, 2)))).toEqual(expected);
  });
  it('gzipped NDJSON', async () => {
    expect(await mapped(write('flat.ndjson.gz', gzipSync(objects.map((o) => JSON.stringify(o)).join('\n'))))).toEqual(
      expected,
    );
  });
  it('CSV in UTF-8 with a BOM', async () => {
    expect(await mapped(write('flat.csv', '\uFEFF' + csvText))).toEqual(expected);
  });
  it('CSV in GB18030', async () => {
    const gb = gb18030(csvText);
    expect(gb.equals(Buffer.from(csvText))).toBe(false);
    expect(await mapped(write('flat-gb.csv', gb))).toEqual(expected);
  });
  it('XLSX (first worksheet, header row)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目录');
    ws.addRow(header);
    for (const d of data) ws.addRow(d);
    const file = path.join(tmp.dir, 'flat.xlsx');
    await wb.xlsx.writeFile(file);
    expect(await mapped(file)).toEqual(expected);
  });
});

describe('XLSX cells', () => {
  it('reads date, number, rich-text and hyperlink cells, and names sheet rows in rejects', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目录');
    ws.addRow(['资源名称', '发布时间', '数据量', '数据领域', '详情页网址']);
    ws.addRow([
      '道路名录',
      new Date(Date.UTC(2022, 2, 15)),
      1200,
      { richText: [{ text: '交通' }, { text: '运输' }] },
      { text: '详情', hyperlink: 'http://x/1' },
    ]);
    ws.addRow([]);
    ws.addRow([null, '2022-01-01', 5, '教育', null]);
    const file = path.join(tmp.dir, 'cells.xlsx');
    await wb.xlsx.writeFile(file);
    const db = await AtlasDb.open({ path: ':memory:' });
    try {
      const report = await importCatalog(db, file, { province: '四川省' });
      expect(report).toMatchObject({ rows_read: 2, inserted: 1, rejected: 1 });
      expect(report.first_rejects).toMatchObject([{ line: 4, reason_code: 'missing_value' }]);
      const [r] = await rows(
        db,
        `SELECT data_name, registered_at, record_count, sector_code, region_code FROM registration`,
      );
      expect(r).toEqual({
        data_name: '道路名录',
        registered_at: '2022-03-15',
        record_count: 1200,
        sector_code: 'DEX04',
        region_code: '510000',
      });
    } finally {
      db.close();
    }
  });
});

describe('portal catalogue rejects and report', () => {
  let db: AtlasDb;
  beforeAll(async () => {
    db = await AtlasDb.open({ path: ':memory:' });
  });
  afterAll(() => db.close());

  it('rejects bad lines with file, line, field, value and reason, and reports unmapped labels', async () => {
    const lines = [
      wrapperLine(FIXTURE[0]),
      '{"province": "安徽省", "raw": {"标题": "x", ',
      '',
      '["not", "an", "object"]',
      JSON.stringify({
        province: '安徽省',
        city: '合肥市',
        source_id: 'anhui_hefei',
        raw: { 提供单位: '市统计局', 所属领域: '统计' },
      }),
      JSON.stringify({ province: '火星省', city: '', source_id: 'mars', raw: { 标题: '火星数据' } }),
      JSON.stringify({
        province: '安徽省',
        city: '合肥市',
        source_id: 'anhui_hefei',
        raw: {
          标题: '合肥数据',
          所属领域: '管理制度',
          开放条件: '用于数据校验',
          更新周期: '静态数据',
          发布时间: '2023-13-45',
          数据量: '很多',
        },
      }),
    ];
    const progress: { phase: string; rows_read: number }[] = [];
    const report = await importCatalog(db, write('bad.jsonl', lines.join('\n')), {
      onProgress: (p) => progress.push(p),
    });
    expect(report).toMatchObject({ rows_read: 6, accepted: 2, rejected: 4, inserted: 2 });
    expect(progress.filter((p) => p.phase === 'reading' && p.rows_read === 6).length).toBeGreaterThan(5);
    const rejects = await rows(
      db,
      `SELECT file_name, line, field, value, reason_code, reason FROM ingest_reject WHERE batch_id = $b ORDER BY line`,
      { b: report.batch_id },
    );
    expect(rejects).toEqual([
      {
        file_name: 'bad.jsonl',
        line: 2,
        field: 'record',
        value: '{"province": "安徽省", "raw": {"标题": "x", ',
        reason_code: 'json_malformed',
        reason: 'the line is not valid JSON',
      },
      {
        file_name: 'bad.jsonl',
        line: 4,
        field: 'record',
        value: '["not", "an", "object"]',
        reason_code: 'json_malformed',
        reason: 'a catalogue record must be a JSON object',
      },
      {
        file_name: 'bad.jsonl',
        line: 5,
        field: 'title',
        value: null,
        reason_code: 'missing_value',
        reason: expect.stringContaining('no title'),
      },
      {
        file_name: 'bad.jsonl',
        line: 6,
        field: 'province',
        value: '火星省',
        reason_code: 'unknown_region',
        reason: expect.stringContaining('do not name a known region'),
      },
    ]);
    const unmapped = report.portal!.unmapped.map((u) => [u.field, u.raw_field ?? null, u.label, u.n]);
    expect(unmapped).toEqual(
      expect.arrayContaining([
        ['sector', '所属领域', '管理制度', 1],
        ['openness', '开放条件', '用于数据校验', 1],
        ['update_frequency', '更新周期', '静态数据', 1],
        ['registered_at', null, '2023-13-45', 1],
        ['volume', null, '很多', 1],
      ]),
    );
    const sector = report.portal!.fields.find((f) => f.field === 'sector')!;
    expect(sector).toMatchObject({ total: 2, mapped: 0, placeholder: 1, unmapped: 1 });
    const batch = await rows(
      db,
      `SELECT kind, status, rows_read, inserted, rejected, summary->>'accepted' AS accepted,
      summary->'portal'->>'rows_read' AS portal_rows FROM ingest_batch WHERE batch_id = $b`,
      { b: report.batch_id },
    );
    expect(batch).toEqual([
      {
        kind: 'portal-catalog',
        status: 'COMMITTED',
        rows_read: 6,
        inserted: 2,
        rejected: 4,
        accepted: '2',
        portal_rows: '6',
      },
    ]);
    expect(report.first_rejects.map((r) => [r.line, r.reason_code, r.reason.zh.length > 0])).toEqual([
      [2, 'json_malformed', true],
      [4, 'json_malformed', true],
      [5, 'missing_value', true],
      [6, 'unknown_region', true],
    ]);
  });

  it('refuses a JSON file that is neither an array nor one record per line, and a missing file', async () => {
    await expect(importCatalog(db, write('scalar.json', '"just a string"'))).rejects.toThrow(
      /array of records or one record per line/,
    );
    await expect(importCatalog(db, path.join(tmp.dir, 'nope.jsonl'))).rejects.toThrow(/no such file/);
  });
});

describe('re-import of a newer crawl', () => {
  it('updates records by portal identity, adds new ones, keeps history and never duplicates', async () => {
    const db = await AtlasDb.open({ path: ':memory:' });
    try {
      const crawl1 = FIXTURE.map(wrapperLine);
      // the same dataset twice in one crawl (portals re-list pages): merged, not duplicated
      crawl1.push(wrapperLine(FIXTURE[1]));
      const first = await importCatalog(db, write('crawl1.jsonl', crawl1.join('\n')));
      expect(first).toMatchObject({
        rows_read: FIXTURE.length + 1,
        accepted: FIXTURE.length + 1,
        inserted: FIXTURE.length,
      });
      expect(first.portal).toMatchObject({ repeats: 1, records: FIXTURE.length });

      // crawl 2: three records changed (volume, openness, update date), one new, one gone, the rest identical
      const changed = structuredClone(FIXTURE);
      changed[1].raw.数据量 = '3,001';
      changed[2].raw.openTypeName = '有条件';
      changed[4].raw.更新日期 = 1700000000000;
      const added = { ...structuredClone(FIXTURE[3]), raw: { ...FIXTURE[3].raw, 数据集名称: '上海公证机构信息' } };
      const crawl2 = [...changed.slice(0, -1), added].map(wrapperLine);
      const second = await importCatalog(db, write('crawl2.jsonl', crawl2.join('\n')));
      expect(second).toMatchObject({ rejected: 0, inserted: 1, replaced: 3, unchanged: FIXTURE.length - 4 });

      const [counts] = await rows(
        db,
        `SELECT count(*) AS n, count(DISTINCT source_ref) AS refs, count(DISTINCT reg_event_id) AS ids FROM registration`,
      );
      expect(counts).toEqual({ n: FIXTURE.length + 1, refs: FIXTURE.length + 1, ids: FIXTURE.length + 1 });
      const beihai = await rows(
        db,
        `SELECT record_count, batch_id FROM registration WHERE data_name = '北海市企业名录'`,
      );
      expect(beihai).toEqual([{ record_count: 3001, batch_id: second.batch_id }]);
      const aba = await rows(db, `SELECT open_attribute FROM registration WHERE data_name = '阿坝州旅游景区名录'`);
      expect(aba).toEqual([{ open_attribute: 'CONDITIONAL_OPEN' }]);
      const history = await rows(
        db,
        `SELECT table_name, batch_id, superseded_by_batch, record->>'data_name' AS name FROM record_history ORDER BY name`,
      );
      expect(history).toHaveLength(3);
      expect(
        history.every(
          (h) =>
            h.batch_id === first.batch_id &&
            h.superseded_by_batch === second.batch_id &&
            h.table_name === 'registration',
        ),
      ).toBe(true);
      expect(history.find((h) => h.name === '北海市企业名录')).toBeDefined();

      const third = await importCatalog(db, write('crawl2-again.jsonl', crawl2.join('\n')));
      expect(third).toMatchObject({ inserted: 0, replaced: 0, unchanged: FIXTURE.length });
    } finally {
      db.close();
    }
  });
});

describe('portal identity', () => {
  it('uses the record id, else a URL that names one record, else a hash that tells districts and re-publications apart', async () => {
    const db = await AtlasDb.open({ path: ':memory:' });
    try {
      const rec = (raw: Record<string, unknown>) =>
        JSON.stringify({ province: '浙江省', city: '杭州市', source_id: 'zj', raw });
      const lines = [
        rec({ 资源编号: 'R-1', 资源名称: '有编号的数据', 详情页网址: 'http://x/detail?id=1' }),
        rec({ 资源名称: '共享网址甲', 详情页网址: 'http://x/list' }),
        rec({ 资源名称: '共享网址乙', 详情页网址: 'http://x/list' }),
        rec({ 资源名称: '停车场', 发布部门: '城管局', 所属区县: '西湖区', 发布时间: '2021-08-02' }),
        rec({ 资源名称: '停车场', 发布部门: '城管局', 所属区县: '拱墅区', 发布时间: '2021-08-02' }),
        rec({ 资源名称: '统计年鉴', 发布部门: '统计局', 发布时间: '2021-05-01' }),
        rec({ 资源名称: '统计年鉴', 发布部门: '统计局', 发布时间: '2022-05-01' }),
      ];
      const report = await importCatalog(db, write('identity.jsonl', lines.join('\n')));
      expect(report).toMatchObject({ rejected: 0, inserted: 7 });
      const refs = (await rows(db, `SELECT source_ref FROM registration ORDER BY source_ref`)).map((r) =>
        String(r.source_ref),
      );
      expect(refs.filter((r) => r === 'zj:id:R-1')).toHaveLength(1);
      expect(refs.filter((r) => r.startsWith('zj:h:'))).toHaveLength(6);
      expect(refs.some((r) => r.includes('http://x/list'))).toBe(false);
    } finally {
      db.close();
    }
  });
});

describe('placeholders and openness', () => {
  it('never turns a placeholder into a sector or openness code', async () => {
    const db = await AtlasDb.open({ path: ':memory:' });
    try {
      const lines = PLACEHOLDER_LABELS.flatMap((label, i) => [
        JSON.stringify({
          province: '浙江省',
          city: '杭州市',
          source_id: 'p',
          raw: { 标题: `t${i}`, 数据领域: label, 所属行业: label, 开放条件: label, 更新周期: label },
        }),
        JSON.stringify({
          province: '浙江省',
          city: '杭州市',
          source_id: 'p',
          raw: { 标题: `u${i}`, 主题: [label], fieldName: label, 开放属性: label },
        }),
      ]);
      const report = await importCatalog(db, write('placeholders.jsonl', lines.join('\n')));
      expect(report.accepted).toBe(lines.length);
      const [r] = await rows(
        db,
        `SELECT count(sector_code) AS sectors, count(open_attribute) AS openness, count(update_frequency) AS freq FROM registration`,
      );
      expect(r).toEqual({ sectors: 0, openness: 0, freq: 0 });
      expect(report.portal!.unmapped).toEqual([]);
    } finally {
      db.close();
    }
  });
});

/** GB18030 bytes of text (Node decodes GB18030 but has no encoder): map each character through its decoded form. */
function gb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, Buffer>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(Buffer.from([hi, lo]));
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, Buffer.from([hi, lo]));
    }
  }
  return Buffer.concat(
    [...text.replace(/^\uFEFF/, '')].map((ch) =>
      ch.charCodeAt(0) < 0x80 ? Buffer.from(ch) : (table.get(ch) ?? fail(ch)),
    ),
  );
}
function fail(ch: string): never {
  throw new Error(`no two-byte GB18030 code for ${ch}`);
}
