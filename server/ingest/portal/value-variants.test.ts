// Every field-name synonym and every value spelling seen in the shared catalogue (openness, frequency, dates, formats,
// volumes, sector labels), each in its own record of a catalogue the test writes, with the value it must map to.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtlasDb } from '../../db/database.ts';
import { queryRows, type Row } from '../../db/query.ts';
import { tempDir } from '../../test-support/server.ts';
import { ingestPortalCatalog } from './import-catalog.ts';

const OPENNESS: [string, string | null][] = [
  ['无条件开放', 'UNCONDITIONAL_OPEN'],
  ['有条件开放', 'CONDITIONAL_OPEN'],
  ['完全开放', 'UNCONDITIONAL_OPEN'],
  ['无条件', 'UNCONDITIONAL_OPEN'],
  ['登录开放', 'UNCONDITIONAL_OPEN'],
  ['开放网站', 'UNCONDITIONAL_OPEN'],
  ['有条件', 'CONDITIONAL_OPEN'],
  ['可开放', 'UNCONDITIONAL_OPEN'],
  ['依申请开放', 'CONDITIONAL_OPEN'],
  ['普遍开放', 'UNCONDITIONAL_OPEN'],
  ['申请开放', 'CONDITIONAL_OPEN'],
  ['无条件开发', 'UNCONDITIONAL_OPEN'],
  ['有条件开发', 'CONDITIONAL_OPEN'],
  ['受限开放', 'CONDITIONAL_OPEN'],
  ['禁止开放', 'NOT_OPEN'],
  ['半开放', 'CONDITIONAL_OPEN'],
  ['申请后开放', 'CONDITIONAL_OPEN'],
  ['实名注册用户可下载', 'UNCONDITIONAL_OPEN'],
  ['普通公开，简单注册用户可下载', 'UNCONDITIONAL_OPEN'],
  ['开放数据平台', 'UNCONDITIONAL_OPEN'],
  ['无条件共享', 'UNCONDITIONAL_OPEN'],
  ['开放网站申请', 'CONDITIONAL_OPEN'],
  ['需申请', 'CONDITIONAL_OPEN'],
  ['无特殊条件', 'UNCONDITIONAL_OPEN'],
  ['涉及个人信息的公共数据已匿名化处理,于开放网站申请后开放', 'CONDITIONAL_OPEN'],
  ['暂无', null],
  ['null', null],
  ['', null],
  ['无', null],
  ['请补充开放条件', null],
  ['用于数据校验', null],
  ['安全开放', null],
];
const FREQUENCY: [string, string | null][] = [
  ['实时', 'REALTIME'],
  ['即时', 'REALTIME'],
  ['小时级', 'REALTIME'],
  ['分钟级(更新说明:暂无新业务数据产生)', 'REALTIME'],
  ['每日', 'DAILY'],
  ['每天', 'DAILY'],
  ['每 2 日', 'DAILY'],
  ['每 3 日', 'WEEKLY'],
  ['每周', 'WEEKLY'],
  ['每半月', 'MONTHLY'],
  ['每月', 'MONTHLY'],
  ['每 3 月', 'QUARTERLY'],
  ['每季度', 'QUARTERLY'],
  ['季度', 'QUARTERLY'],
  ['每 121 日', 'QUARTERLY'],
  ['每半年', 'YEARLY'],
  ['半年', 'YEARLY'],
  ['每 6 月', 'YEARLY'],
  ['每年', 'YEARLY'],
  ['年', 'YEARLY'],
  ['按年更新', 'YEARLY'],
  ['‘每年’', 'YEARLY'],
  ['每两年', 'YEARLY'],
  ['每年(更新说明:暂无新业务数据产生)', 'YEARLY'],
  ['不定期', 'IRREGULAR'],
  ['不定时', 'IRREGULAR'],
  ['不定期更新', 'IRREGULAR'],
  ['其他', null],
  ['其它', null],
  ['自定义', null],
  ['每 null null', null],
  ['', null],
  ['不更新', null],
  ['静态数据', null],
];
const DATES: [unknown, string | null][] = [
  ['2020-07-20', '2020-07-20'],
  ['2023-6-16', '2023-06-16'],
  ['2021-6-8', '2021-06-08'],
  ['2022/07/05 15:33:11', '2022-07-05'],
  ['2022-06-12 06:57:17', '2022-06-12'],
  ['2023-05-25\n01:45', '2023-05-25'],
  [1624612929000, '2021-06-25'],
  ['1696010400000', '2023-09-30'],
  ['2023年5月3日', '2023-05-03'],
  ['20230516', '2023-05-16'],
  ['', null],
  [null, null],
  ['2023-13-45', null],
  ['1980-01-01', null],
];
const FORMATS: [unknown, string | null][] = [
  ["['api']", 'api'],
  ["['xls', 'xml', 'json', 'csv', 'rdf']", 'csv,json,rdf,xls,xml'],
  ['[xml,xls,csv,json]', 'csv,json,xls,xml'],
  [['xlsx', 'json', 'xml', 'csv'], 'csv,json,xlsx,xml'],
  [['xls', 'xls', 'xls'], 'xls'],
  [[], null],
  ['[]', null],
  ['xls,xml,json,csv', 'csv,json,xls,xml'],
  ['电子表格:xlsx;数据库:greenplum', 'greenplum,xlsx'],
  ['电子文件-doc', 'doc'],
  ['数据库-mongodb', 'mongodb'],
  ['mysql', 'mysql'],
  [['json', 'excel'], 'json,xlsx'],
  [['excl'], 'xls'],
  ["['xls', '链接']", 'xls'],
  ["['xls', 'json', 'csv', '其他']", 'csv,json,xls'],
  [['文件目录', 'docx'], 'docx'],
  [['接口'], 'api'],
  ['[csv,json,rdf,xlsx,xml]', 'csv,json,rdf,xlsx,xml'],
];
const VOLUMES: [unknown, number | null, number | null][] = [
  [10, 10, null],
  ['644', 644, null],
  ['2,229', 2229, null],
  ['1,241,609', 1241609, null],
  [-1, null, null],
  ['637\r\n\r\n', 637, null],
  ['1.5万条', 15000, null],
  ['300条', 300, null],
  ['2亿', 200000000, null],
  ['2GB', null, 2],
  ['512 MB', null, 0.5],
  [null, null, null],
  ['很多', null, null],
];
const SECTORS: [string | string[], string | null][] = [
  ['商贸流通', 'DEX03'],
  ['金融服务', 'DEX05'],
  ['交通运输', 'DEX04'],
  ['交通运输、仓储和邮政业', 'DEX04'],
  ['农、林、牧、渔业', 'DEX02'],
  ['工业农业', 'DEX01'],
  ['工业农业、财税金融', 'DEX01'],
  ['财税金融', 'DEX05'],
  ['科技创新', 'DEX06'],
  ['科学研究和技术服务业', 'DEX06'],
  ['文化休闲', 'DEX07'],
  ['文化、体育和娱乐业', 'DEX07'],
  ['医疗卫生', 'DEX08'],
  ['卫生和社会工作', 'DEX08'],
  ['卫生健康', 'DEX08'],
  ['安全生产', 'DEX09'],
  ['公共安全', 'DEX09'],
  ['气象服务', 'DEX10'],
  ['气象、测绘、水文、地震', 'DEX10'],
  ['城建住房', 'DEX11'],
  ['城乡建设、环境保护', 'DEX11'],
  ['公共管理、社会保障和社会组织', 'DEX11'],
  ['生活服务', 'DEX11'],
  ['生态环境', 'DEX12'],
  ['教育文化', 'OTH_EDU'],
  ['教育', 'OTH_EDU'],
  ['地理空间', 'OTH_NATRES'],
  ['水利、环境和公共设施管理业', 'OTH_NATRES'],
  ['社保就业', 'OTH_SOCSEC'],
  ['社会救助', 'OTH_SOCSEC'],
  ['劳动、人事', 'OTH_SOCSEC'],
  ['市场监管', 'OTH_CREDIT'],
  ['信用服务', 'OTH_CREDIT'],
  ['资源能源', 'OTH_ENERGY'],
  ['电力、热力、燃气及水生产和供应业', 'OTH_ENERGY'],
  ['机构团体', 'OTH_OTHER'],
  ['综合类', 'OTH_OTHER'],
  ['统计', 'OTH_OTHER'],
  [['财税金融', '社会救助'], 'DEX05'],
  ['信息产业,教育文化', 'DEX06'],
  ['农、林、牧、渔业\r\n公共管理、社会保障和社会组织', 'DEX02'],
  ['暂无', null],
  ['默认主题', null],
  ['默认行业', null],
  ['无', null],
  ['其他', null],
  ['其它', null],
  ['其他主题', null],
  ['空', null],
  ['null', null],
  ['', null],
  [[], null],
  [['其他'], null],
  ['长三角高价值清单', null],
  ['管理制度', null],
];
/** Every field-name synonym of mappings/fields.csv, with the field it must fill. */
const FIELD_NAMES = fs
  .readFileSync(path.join(import.meta.dirname, 'mappings', 'fields.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','))
  .map(([, name, field]) => ({ name, field }));

const tmp = tempDir('atlas-portal-variants-');
let db: AtlasDb;
let byTitle: Map<string, Row>;
const records: Record<string, unknown>[] = [];
const add = (title: string, raw: Record<string, unknown>) => records.push({ 标题: title, ...raw });

OPENNESS.forEach(([v], i) => add(`openness-${i}`, { 开放属性: v }));
FREQUENCY.forEach(([v], i) => add(`frequency-${i}`, { 更新频率: v }));
DATES.forEach(([v], i) => add(`date-${i}`, { 发布时间: v }));
FORMATS.forEach(([v], i) => add(`format-${i}`, { 数据格式: v }));
VOLUMES.forEach(([v], i) => add(`volume-${i}`, { 数据量: v }));
SECTORS.forEach(([v], i) => add(`sector-${i}`, { 数据领域: v }));
const SAMPLE: Record<string, unknown> = {
  title: '字段名测试',
  holder: '某某局',
  sector: '交通运输',
  openness: '有条件开放',
  frequency: '每月',
  published: '2021-02-03',
  created: '2021-02-03',
  updated: '2021-02-03',
  volume: '77',
  formats: 'csv',
  summary: '摘要文本',
  district: '西湖区',
  url: 'http://example/detail/1',
  record_id: 'ID-1',
  province: '江苏省',
  city: '南京市',
};
// identities must differ between records: the url and record-id samples get the record's number
const sample = (field: string, i: number) =>
  field === 'url' || field === 'record_id' ? `${SAMPLE[field]}-${i}` : SAMPLE[field];
FIELD_NAMES.forEach(({ name, field }, i) =>
  records.push({
    ...(field === 'title' ? {} : { 标题: `field-${i}` }),
    [name]: field === 'title' ? `field-${i}` : sample(field, i),
  }),
);

beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  const file = path.join(tmp.dir, 'variants.jsonl');
  fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
  const summary = await ingestPortalCatalog(db, { path: file, portal: 'variants', province: '浙江省' });
  expect(summary.first_rejects).toEqual([]);
  expect(summary).toMatchObject({ status: 'COMMITTED', rejected: 0, inserted: records.length });
  const regs = await db.withConnection((con) => queryRows(con, `SELECT * FROM registration`));
  byTitle = new Map(regs.map((r) => [String(r.data_name), r]));
});
afterAll(() => {
  db.close();
  tmp.cleanup();
});

describe('value variants of the real catalogues', () => {
  it('openness: the three codes or unknown', () => {
    expect(OPENNESS.map(([v], i) => [v, byTitle.get(`openness-${i}`)!.open_attribute])).toEqual(OPENNESS);
  });
  it('update frequency: the seven codes or unknown', () => {
    expect(FREQUENCY.map(([v], i) => [v, byTitle.get(`frequency-${i}`)!.update_frequency])).toEqual(FREQUENCY);
  });
  it('dates: ISO, short, slashed, timestamps, epoch milliseconds, Chinese', () => {
    expect(DATES.map(([v], i) => [v, byTitle.get(`date-${i}`)!.registered_at])).toEqual(DATES);
  });
  it('formats: python lists, JSON arrays, comma lists, category prefixes', () => {
    expect(FORMATS.map(([v], i) => [v, byTitle.get(`format-${i}`)!.data_format])).toEqual(FORMATS);
  });
  it('volumes: integers, separators, units, sizes', () => {
    expect(
      VOLUMES.map(([v], i) => [v, byTitle.get(`volume-${i}`)!.record_count, byTitle.get(`volume-${i}`)!.storage_gb]),
    ).toEqual(VOLUMES);
  });
  it('sector labels: synonyms, GB/T 4754 names, combined labels, and placeholders that stay unknown', () => {
    expect(SECTORS.map(([v], i) => [v, byTitle.get(`sector-${i}`)!.sector_code])).toEqual(SECTORS);
  });
  it('every field-name synonym fills its field', () => {
    const column: Record<string, (r: Row) => unknown> = {
      title: (r) => r.data_name,
      holder: (r) => r.registrant_name,
      sector: (r) => r.sector_code,
      openness: (r) => r.open_attribute,
      frequency: (r) => r.update_frequency,
      published: (r) => r.registered_at,
      created: (r) => r.registered_at,
      updated: (r) => r.registered_at,
      volume: (r) => r.record_count,
      formats: (r) => r.data_format,
      summary: (r) => r.content_summary,
      district: (r) => JSON.parse(String(r.raw)).所属区县 ?? null,
      url: (r) => r.source_ref,
      record_id: (r) => r.source_ref,
      province: (r) => r.region_code,
      city: (r) => r.city,
    };
    const expected: Record<string, unknown> = {
      sector: 'DEX04',
      openness: 'CONDITIONAL_OPEN',
      frequency: 'MONTHLY',
      published: '2021-02-03',
      created: '2021-02-03',
      updated: '2021-02-03',
      volume: 77,
      formats: 'csv',
      summary: '摘要文本',
      holder: '某某局',
      url: 'variants:http://example/detail/1',
      record_id: 'variants:id:ID-1',
      province: '320000',
      city: '南京市',
    };
    for (const [i, { name, field }] of FIELD_NAMES.entries()) {
      const r = byTitle.get(`field-${i}`);
      expect(r, `record for ${name}`).toBeDefined();
      if (field === 'title') continue;
      if (field === 'district') continue; // identity only: checked in the identity test
      const want = field === 'url' || field === 'record_id' ? `${expected[field]}-${i}` : expected[field];
      expect([name, column[field](r!)]).toEqual([name, want]);
    }
    expect(FIELD_NAMES.length).toBeGreaterThan(100);
  });
});
