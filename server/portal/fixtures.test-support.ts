/**
 * Catalogue fixtures written by the tests themselves: one record per field variant seen in the real portal catalogues
 * (field names, openness, frequency, date, format, volume and sector spellings), each with the values it must map to.
 */
export interface FixtureRecord {
  /** The crawl wrapper's fields. */
  portal: string;
  province: string;
  city: string;
  raw: Record<string, unknown>;
  expect: {
    sector: string | null;
    openness: string | null;
    frequency: string | null;
    registered_at: string | null;
    data_format: string | null;
    record_count: number | null;
    storage_gb?: number | null;
    holder: string | null;
    region: string;
    city: string | null;
  };
}

export const FIXTURE: FixtureRecord[] = [
  {
    portal: 'anhui_anhui', province: '安徽省', city: '安徽省',
    raw: { 标题: '人口普查基本情况', 发布日期: '2020-07-20', 提供单位: '省统计局', 所属领域: '', 开放属性: '无条件开放', 更新频率: '每年', 数据格式: "['api']" },
    expect: { sector: null, openness: 'UNCONDITIONAL_OPEN', frequency: 'YEARLY', registered_at: '2020-07-20', data_format: 'api', record_count: null, holder: '省统计局', region: '340000', city: null },
  },
  {
    portal: 'guangxi_beihai', province: '广西壮族自治区', city: '北海市',
    raw: { 标题: '北海市企业名录', 发布时间: '2023-6-16', 来源部门: '北海市市场监管局', 所属行业: '默认行业', 重点领域: '市场监管', 开放条件: '有条件开放', 更新频率: '每 2 日', 数据格式: ['xlsx', 'json', 'xml', 'csv'], 数据量: '2,229', 详情页网址: 'https://bh.example/catalog/a1' },
    expect: { sector: 'OTH_CREDIT', openness: 'CONDITIONAL_OPEN', frequency: 'DAILY', registered_at: '2023-06-16', data_format: 'csv,json,xlsx,xml', record_count: 2229, holder: '北海市市场监管局', region: '450000', city: '北海市' },
  },
  {
    portal: 'sichuan_aba', province: '四川省', city: '阿坝藏族羌族自治州',
    raw: { subjectBaseName: '阿坝州旅游景区名录', orgName: '州文旅局', fieldName: '暂无', industry: '文化、体育和娱乐业', openTypeName: '无条件', frequency: '不定期', releaseTime: '2022-06-12 06:57:17', updateTime: '2022-11-13 16:56:00', dataNumSum: 1889, dataType: 'xls,xml,json,csv', 详情页网址: 'http://aba.example/getTableDetail?tableId1586' },
    expect: { sector: 'DEX07', openness: 'UNCONDITIONAL_OPEN', frequency: 'IRREGULAR', registered_at: '2022-06-12', data_format: 'csv,json,xls,xml', record_count: 1889, holder: '州文旅局', region: '510000', city: '阿坝藏族羌族自治州' },
  },
  {
    portal: 'shanghai_shanghai', province: '上海市', city: '上海市',
    raw: { 数据集名称: '上海律师信息', 数据领域: '机构团体', 国家主题分类: '综合类', 首次发布日期: '2022-10-25', 更新频度: '即时', 数据提供方: '上海市司法局', 开放属性: '有条件开放', 数据格式: [] },
    expect: { sector: 'OTH_OTHER', openness: 'CONDITIONAL_OPEN', frequency: 'REALTIME', registered_at: '2022-10-25', data_format: null, record_count: null, holder: '上海市司法局', region: '310000', city: null },
  },
  {
    portal: 'zhejiang_zhoushan', province: '浙江省', city: '舟山市',
    raw: { 资源名称: '舟山港口吞吐量', 上线日期: 1624612929000, 更新日期: 1696010400000, 资源提供方: '市港航局', 数据领域: '交通运输', 数据量: 73, 资源格式: ['xls', 'xls', 'xls'] },
    expect: { sector: 'DEX04', openness: null, frequency: null, registered_at: '2021-06-25', data_format: 'xls', record_count: 73, holder: '市港航局', region: '330000', city: '舟山市' },
  },
  {
    portal: 'zhejiang_hangzhou', province: '浙江省', city: '杭州市',
    raw: { 资源名称: '西湖区停车场', 发布部门: '西湖区城管局', 所属区县: '西湖区', 开放等级: '登录开放', 更新周期: '每年(更新说明:暂无新业务数据产生)', 发布时间: '2021-08-02', 数据格式: '电子表格:xlsx;数据库:greenplum', 数据量: '1.5万条' },
    expect: { sector: null, openness: 'UNCONDITIONAL_OPEN', frequency: 'YEARLY', registered_at: '2021-08-02', data_format: 'greenplum,xlsx', record_count: 15000, holder: '西湖区城管局', region: '330000', city: '杭州市' },
  },
  {
    portal: 'jiangsu_xuzhou', province: '江苏省', city: '徐州市',
    raw: { 资源名称: '徐州市医疗机构', 资源提供方: '市卫健委', 主题分类: '医疗卫生', 领域: '卫生和社会工作', 开放类型: '依申请开放', 更新周期: '每季度', 详情页网址: 'http://xz.example/DataDirectory/04%2F021882' },
    expect: { sector: 'DEX08', openness: 'CONDITIONAL_OPEN', frequency: 'QUARTERLY', registered_at: null, data_format: null, record_count: null, holder: '市卫健委', region: '320000', city: '徐州市' },
  },
  {
    portal: 'jiangsu_lianyungang', province: '江苏省', city: '连云港市',
    raw: { 信息资源名称: '连云港市学校名录', 信息资源提供方: '市教育局', 所属主题: '教育文化', 是否向社会开放: '完全开放', 上传时间: '2023-05-10', 数据格式: 'xls' },
    expect: { sector: 'OTH_EDU', openness: 'UNCONDITIONAL_OPEN', frequency: null, registered_at: '2023-05-10', data_format: 'xls', record_count: null, holder: '市教育局', region: '320000', city: '连云港市' },
  },
  {
    portal: 'hainan_hainan', province: '海南省', city: '海南省',
    raw: { 目录名称: '海南省气象站点', 来源部门: '省气象局', 所属主题: '默认主题', 开放状态: '无条件开放', 更新频率: '实时', 目录发布时间: '2022-08-30\n15:08', 数据更新时间: '2023-05-25\n01:45', 数据格式: '[xml,xls,csv,json]' },
    expect: { sector: null, openness: 'UNCONDITIONAL_OPEN', frequency: 'REALTIME', registered_at: '2022-08-30', data_format: 'csv,json,xls,xml', record_count: null, holder: '省气象局', region: '460000', city: null },
  },
  {
    portal: 'sichuan_meishan', province: '四川省', city: '眉山市',
    raw: { 标题: '仁寿县农产品冷链', 提供单位: '县农业农村局', 行业名称: '农、林、牧、渔业', 数据领域: '无', 开放属性: '有条件开发', 更新周期: '半年', 发布时间: '2023/06/12 17:33:10', 格式类型: 'mysql' },
    expect: { sector: 'DEX02', openness: 'CONDITIONAL_OPEN', frequency: 'YEARLY', registered_at: '2023-06-12', data_format: 'mysql', record_count: null, holder: '县农业农村局', region: '510000', city: '眉山市' },
  },
  {
    portal: 'zhejiang_jinhua', province: '浙江省', city: '金华市',
    raw: { 标题: '金华市企业信用', 数源单位: '市发改委', 数据领域: '其他', 行业分类: '暂无', 开放条件: '暂无', 更新周期: '其他', 发布日期: '2023-01-27', 数据容量: '-1', 资源格式: ['json', 'excel'] },
    expect: { sector: null, openness: null, frequency: null, registered_at: '2023-01-27', data_format: 'json,xlsx', record_count: null, holder: '市发改委', region: '330000', city: '金华市' },
  },
  {
    portal: 'jiangsu_yancheng', province: '江苏省', city: '盐城市',
    raw: { 目录名称: '盐城市供气企业', 提供部门: '市住建局', 领域分类: null, 行业分类: '电力、热力、燃气及水生产和供应业', 开放类型: '普遍开放', 开放条件: 'null', 更新频率: '不定时', 创建日期: '2022-12-27', 发布日期: '2022-12-28', 资源格式: "['xml', 'csv']" },
    expect: { sector: 'OTH_ENERGY', openness: 'UNCONDITIONAL_OPEN', frequency: 'IRREGULAR', registered_at: '2022-12-28', data_format: 'csv,xml', record_count: null, holder: '市住建局', region: '320000', city: '盐城市' },
  },
  {
    portal: 'fujian_fuzhou', province: '福建省', city: '福州市',
    raw: { 名称: '福州市天然气价格', 数据提供方: '市发改委', 主题分类: '工业农业、财税金融', 开放方式: '开放网站申请', 发布日期: '2020-07-20', 资源格式: '[csv,json,rdf,xlsx,xml]', url: 'http://data.fuzhou.example/toDataCatalog' },
    expect: { sector: 'DEX01', openness: 'CONDITIONAL_OPEN', frequency: null, registered_at: '2020-07-20', data_format: 'csv,json,rdf,xlsx,xml', record_count: null, holder: '市发改委', region: '350000', city: '福州市' },
  },
  {
    portal: 'guizhou_guiyang', province: '贵州省', city: '贵阳市',
    raw: { 标题: '贵阳市环境监测', 数据提供方: '市生态环境局', 主题名称: '生态环境', 所属行业: '水利、环境和公共设施管理业', 开放属性: '禁止开放', 更新频率: '不更新', 发布时间: '2021-03-01', 数据格式: ['file'], 数据量: '2GB' },
    expect: { sector: 'DEX12', openness: 'NOT_OPEN', frequency: null, registered_at: '2021-03-01', data_format: 'file', record_count: null, storage_gb: 2, holder: '市生态环境局', region: '520000', city: '贵阳市' },
  },
  {
    portal: 'anhui_wuhu', province: '安徽省', city: '芜湖市',
    raw: { 标题: '芜湖市公交线路', 领域名称: '交通出行', 开放类型: '安全开放', 更新频率: '每两年', 数据集创建时间: '2022-12-15', 数据集更新时间: '2023-02-16', 资源格式: ['json'], 数据量: '637\r\n\r\n' },
    expect: { sector: 'DEX04', openness: null, frequency: 'YEARLY', registered_at: '2022-12-15', data_format: 'json', record_count: 637, holder: null, region: '340000', city: '芜湖市' },
  },
];

/** Labels in FIXTURE that are placeholders and must never become a sector or openness code. */
export const PLACEHOLDER_LABELS = ['', '暂无', '默认主题', '默认行业', '无', '其他', 'null'];

/** The crawl-wrapper NDJSON line of a fixture record. */
export function wrapperLine(r: FixtureRecord): string {
  return JSON.stringify({ province: r.province, city: r.city, source_id: r.portal, raw: r.raw });
}
