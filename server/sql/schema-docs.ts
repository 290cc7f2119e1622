/**
 * Bilingual descriptions of the tables and their important columns for the workbench's schema browser and autocomplete.
 * The schema files carry English SQL comments only, and DuckDB comments (COMMENT ON) win when a table has them.
 * schema.test.ts checks that every name here still exists, so a renamed column cannot leave a stale description.
 */
export interface Text2 {
  zh: string;
  en: string;
}

export const TABLE_DOCS: Record<string, Text2> = {
  ref_region: {
    zh: '省级行政区参考表：31 个省份、新疆生产建设兵团、全国；中英文名称、区域分组、2020 年人口、2023 年 GDP',
    en: 'Provincial-level regions: 31 provinces, XPCC, national; names, region groups, 2020 population, 2023 GDP',
  },
  ref_sector: {
    zh: '行业参考表："数据要素×"12 个行业及其他领域',
    en: 'Sectors: the twelve "Data Elements ×" sectors and other domains',
  },
  enum_label: { zh: '枚举代码的中英文标签', en: 'Chinese and English labels of every enumeration code' },
  enum_synonym: {
    zh: '枚举代码的同义写法（导入时识别）',
    en: 'Other spellings accepted for enumeration codes at ingestion',
  },
  ingest_batch: { zh: '导入批次：每个导入的文件一行', en: 'Ingest batches: one row per ingested file' },
  ingest_reject: {
    zh: '导入时被拒绝的行：文件、行号、字段、值、原因',
    en: 'Rows refused at ingestion: file, line, field, value, reason',
  },
  ingest_warning: { zh: '保留但触发合规规则的记录', en: 'Rows kept but flagged by a compliance rule' },
  record_history: { zh: '被后续批次替换的记录的旧版本', en: 'Earlier versions of records replaced by a later batch' },
  org: {
    zh: '机构：数据持有方、登记机构、授权主体、实施机构、运营方、使用方',
    en: 'Organisations: holders, registration institutions, granting authorities, agencies, operators, users',
  },
  registration: {
    zh: '公共数据资源与数据产品登记事件',
    en: 'Registration events of public data resources and data products',
  },
  authorization: {
    zh: '授权运营协议（SQL 中需写作 "authorization"）',
    en: 'Authorized-operation agreements (quote as "authorization" in SQL)',
  },
  authorization_resource: { zh: '授权协议覆盖的登记资源', en: 'Registered assets inside an authorization' },
  product: { zh: '授权运营形成的数据产品与服务', en: 'Data products and services made under an authorization' },
  usage: { zh: '数据产品按月、按用户、按用途的使用量', en: 'Monthly usage of a product by one user for one purpose' },
  rollup_usage_month: {
    zh: '按月 × 提供方地区 × 行业 × 用户类型 × 用途汇总的使用量',
    en: 'Usage summed by month × provider region × sector × user type × purpose',
  },
  saved_query: { zh: '分析人员保存的查询', en: "Analysts' saved queries" },
};

/** Column descriptions, keyed by column name; `table.column` keys override a name used with another meaning. */
export const COLUMN_DOCS: Record<string, Text2> = {
  region_code: { zh: '地区代码（GB/T 2260，6 位）', en: 'Region code (GB/T 2260, 6 digits)' },
  sector_code: { zh: '行业代码（DEX01…DEX12、OTH_*）', en: 'Sector code (DEX01…DEX12, OTH_*)' },
  name_zh: { zh: '中文名称', en: 'Chinese name' },
  name_en: { zh: '英文名称', en: 'English name' },
  pop_2020: { zh: '2020 年人口普查常住人口', en: '2020 census population' },
  gdp_2023_100m_cny: { zh: '2023 年地区生产总值（亿元）', en: 'GDP 2023, 100 million CNY' },
  region4: { zh: '四大区域（东部、中部、西部、东北）', en: 'Four-region group (EAST, CENTRAL, WEST, NORTHEAST)' },
  batch_id: { zh: '带来该行的导入批次', en: 'Ingest batch that brought the row' },
  org_id: { zh: '机构编号', en: 'Organisation id' },
  org_role: { zh: '机构角色', en: 'Organisation role' },
  reg_event_id: { zh: '登记事件编号', en: 'Registration event id' },
  asset_uid: {
    zh: '登记对象编号（串联同一资源的各次登记）',
    en: 'Registered asset id (links the events of one asset)',
  },
  object_type: { zh: '登记对象类型：公共数据资源或数据产品', en: 'Object type: public data resource or data product' },
  reg_type: {
    zh: '登记类型：首次、变更、更正、注销',
    en: 'Registration type: initial, change, correction, cancellation',
  },
  open_attribute: {
    zh: '开放属性：无条件开放、有条件开放、不予开放',
    en: 'Openness: unconditional, conditional, not open',
  },
  record_count: { zh: '数据记录数', en: 'Number of records' },
  registered_at: { zh: '登记日期', en: 'Date registered' },
  submitted_at: { zh: '提交日期', en: 'Date submitted' },
  quality_score: { zh: '数据质量评分', en: 'Data quality score' },
  auth_id: { zh: '授权运营协议编号', en: 'Authorization id' },
  auth_mode: { zh: '授权模式：整体、分领域、依场景', en: 'Authorization mode: overall, domain, scenario' },
  scenario_name: { zh: '应用场景', en: 'Application scenario' },
  term_start: { zh: '授权期限开始', en: 'Term start' },
  term_end: { zh: '授权期限结束', en: 'Term end' },
  max_allowed_revenue_cny: { zh: '最高准许收入（元）', en: 'Maximum allowed revenue (CNY)' },
  revenue_reported_cny: { zh: '报告收入（元）', en: 'Reported revenue (CNY)' },
  is_replicated_from: {
    zh: '复制自哪个授权协议（可复制模式）',
    en: 'Authorization this one copies (replicated model)',
  },
  product_id: { zh: '数据产品编号', en: 'Product id' },
  product_form: { zh: '产品形态', en: 'Product form' },
  charge_basis: { zh: '计费方式', en: 'Charge basis' },
  cap_unit_price_cny: { zh: '价格上限（元/单位）', en: 'Price cap per unit (CNY)' },
  list_unit_price_cny: { zh: '标价（元/单位）', en: 'List price per unit (CNY)' },
  usage_id: { zh: '使用记录编号', en: 'Usage row id' },
  period_month: { zh: '月份（当月第一天）', en: 'Month (its first day)' },
  provider_region_code: { zh: '提供方所在地区', en: 'Provider region' },
  user_region_code: { zh: '使用方所在地区', en: 'User region' },
  user_type: { zh: '使用方类型', en: 'User type' },
  use_purpose: {
    zh: '使用用途（公共治理、公益、产业发展、行业发展）',
    en: 'Purpose (governance, welfare, industry, sector development)',
  },
  calls: { zh: '调用次数', en: 'Number of calls' },
  amount_cny: { zh: '金额（元）；公益用途应为 0', en: 'Amount (CNY); 0 for free purposes' },
  paid_amount_cny: { zh: '付费用途的金额（元）', en: 'Amount of paid purposes (CNY)' },
  cross_region: { zh: '是否跨地区使用', en: 'Whether provider and user regions differ' },
  new_user: { zh: '是否新用户', en: 'Whether the user is new' },
  status: { zh: '状态', en: 'Status' },
  'saved_query.sql': { zh: '查询语句', en: 'Query text' },
  'saved_query.title': { zh: '标题', en: 'Title' },
};

export function columnDoc(table: string, column: string): Text2 | null {
  return COLUMN_DOCS[`${table}.${column}`] ?? COLUMN_DOCS[column] ?? null;
}
