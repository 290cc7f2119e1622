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
  'registration.status': {
    zh: '登记状态（enum_label 的 reg_status）',
    en: 'Registration status (reg_status in enum_label)',
  },
  'authorization.status': {
    zh: '授权状态（enum_label 的 auth_status）',
    en: 'Authorization status (auth_status in enum_label)',
  },
  'ingest_batch.status': {
    zh: '批次状态：COMMITTED 已提交、REFUSED 被拒绝、FAILED 中断',
    en: 'Batch status: COMMITTED, REFUSED, FAILED (interrupted)',
  },
  'saved_query.sql': { zh: '查询语句', en: 'Query text' },
  'saved_query.title': { zh: '标题', en: 'Title' },

  // reference tables
  iso_3166_2: { zh: 'ISO 3166-2 地区代码', en: 'ISO 3166-2 code' },
  name_zh_short: { zh: '中文简称', en: 'Short Chinese name' },
  name_en_short: { zh: '英文简称', en: 'Short English name' },
  admin_type: {
    zh: '行政区类型（省、自治区、直辖市、特别行政区等）',
    en: 'Kind of administrative region (province, autonomous region, municipality, …)',
  },
  region7: { zh: '七大地理分区', en: 'Seven-region geographic group' },
  is_province: {
    zh: '是否为省级行政区（兵团与全国为否）',
    en: 'Whether a provincial-level region (not XPCC or national)',
  },
  sort_order: { zh: '显示顺序', en: 'Display order' },
  is_data_elements_x: {
    zh: '是否为"数据要素×"12 个行业之一',
    en: 'Whether one of the twelve "Data Elements ×" sectors',
  },
  lead_ministry_zh: { zh: '牵头部委', en: 'Lead ministry (in Chinese)' },
  gbt4754_sections: { zh: '对应的 GB/T 4754 国民经济行业门类', en: 'Matching GB/T 4754 industry sections' },
  enum_name: { zh: '枚举名称（与使用它的字段同名）', en: 'Enumeration name (the column that uses it)' },
  code: { zh: '记录表中存放的代码', en: 'Code as the record tables store it' },
  label_zh: { zh: '中文标签', en: 'Chinese label' },
  label_en: { zh: '英文标签', en: 'English label' },
  is_free: {
    zh: '免费用途（公共治理、公益事业）为真：这些用途的金额应为 0，"付费"即非免费用途且金额大于 0',
    en: 'True for the free purposes (public governance, public welfare): their amount should be 0; "paid" means a purpose that is not free with an amount above 0',
  },
  synonym: { zh: '导入时识别的另一种写法', en: 'Another spelling accepted at ingestion' },

  // ingest bookkeeping
  kind: { zh: '导入类型（org、registration、usage 等）', en: 'Ingest kind (org, registration, usage, …)' },
  file_name: { zh: '文件名', en: 'File name' },
  content_hash: { zh: '文件内容的哈希（重复导入据此识别）', en: "Hash of the file's content (recognises a re-ingest)" },
  file_bytes: { zh: '文件大小（字节）', en: 'File size in bytes' },
  format: { zh: '文件格式（csv、parquet、json、ndjson 等）', en: 'File format (csv, parquet, json, ndjson, …)' },
  encoding: { zh: '文本编码（UTF-8 或 GB18030）', en: 'Text encoding (UTF-8 or GB18030)' },
  strict: {
    zh: '严格模式：有任何被拒绝的行则整个文件不导入',
    en: 'Strict mode: any rejected row refuses the whole file',
  },
  started_at: { zh: '开始时间', en: 'Started at' },
  finished_at: { zh: '结束时间', en: 'Finished at' },
  rows_read: { zh: '读取的行数', en: 'Rows read' },
  inserted: { zh: '新增的记录数', en: 'New records' },
  replaced: {
    zh: '替换的记录数（旧版本移入 record_history）',
    en: 'Records replaced (old version moved to record_history)',
  },
  unchanged: { zh: '内容相同而未改动的记录数', en: 'Records identical to the stored ones' },
  rejected: { zh: '被拒绝的行数', en: 'Rows rejected' },
  warnings: { zh: '触发合规警告的行数', en: 'Rows with a compliance warning' },
  duplicates: { zh: '因键在文件内重复而被拒绝的行数', en: 'Rows rejected because their key repeats in the file' },
  'ingest_batch.source': { zh: '来源：cli 命令行、upload 上传、sample 示例数据', en: 'Source: cli, upload or sample' },
  summary: { zh: '导入摘要（JSON，含前几条被拒绝的行）', en: 'Ingest summary (JSON, with the first rejects)' },
  account: {
    zh: '导入者账户（命令行与本地模式为空）',
    en: 'Account that loaded it (NULL from the CLI and local mode)',
  },
  scope: { zh: '导入者可导入的地区（空为全国）', en: 'Regions the loader may load (NULL: national)' },
  line: {
    zh: '行号（CSV 表头为第 1 行；Parquet/JSON 为第几条记录）',
    en: 'Line (CSV header is line 1; record number in Parquet/JSON)',
  },
  field: { zh: '字段名', en: 'Field' },
  value: { zh: '字段的值', en: 'Value of the field' },
  reason_code: { zh: '拒绝原因代码', en: 'Reason code' },
  reason: { zh: '拒绝原因', en: 'Reason' },
  table_name: { zh: '记录所在的表', en: 'Table of the record' },
  record_key: { zh: '记录的键', en: "The record's key" },
  rule_code: { zh: '合规规则代码', en: 'Compliance rule code' },
  message: { zh: '警告说明', en: 'Warning message' },
  superseded_by_batch: { zh: '替换该版本的批次', en: 'Batch that replaced this version' },
  superseded_at: { zh: '被替换的时间', en: 'Replaced at' },
  record: { zh: '旧版本的整行（JSON）', en: 'The old row (JSON)' },

  // records
  uscc: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  name: { zh: '名称', en: 'Name' },
  org_type: { zh: '机构类型', en: 'Organisation type' },
  admin_level: { zh: '行政层级（国家、省、市、县）', en: 'Administrative level (national, provincial, city, county)' },
  is_data_group: { zh: '是否为数据集团', en: 'Whether a data group company' },
  reg_code: { zh: '登记编号', en: 'Registration code' },
  registrant_org_id: { zh: '登记主体机构编号', en: 'Registrant organisation id' },
  registrant_name: {
    zh: '登记主体名称（开放平台目录只有名称时）',
    en: 'Registrant name (when a portal catalogue gives only a name)',
  },
  platform_level: { zh: '登记平台层级（国家或省级）', en: 'Registration platform level (national or provincial)' },
  city: { zh: '城市', en: 'City' },
  in_authorized_scope: { zh: '是否在授权运营范围内', en: 'Whether within an authorized operation' },
  data_name: { zh: '数据资源或产品名称', en: 'Name of the data resource or product' },
  content_summary: { zh: '内容摘要', en: 'Content summary' },
  data_type: { zh: '数据类型', en: 'Data type' },
  data_format: { zh: '数据格式', en: 'Data format' },
  storage_gb: { zh: '存储量（GB）', en: 'Storage (GB)' },
  update_frequency: { zh: '更新频率', en: 'Update frequency' },
  security_level: { zh: '安全级别', en: 'Security level' },
  sharing_attribute: { zh: '共享属性', en: 'Sharing attribute' },
  accepted_at: { zh: '受理日期', en: 'Date accepted' },
  notice_start: { zh: '公示开始日期', en: 'Public notice start' },
  notice_end: { zh: '公示结束日期', en: 'Public notice end' },
  first_operation_date: { zh: '首次运营日期', en: 'First operation date' },
  'registration.source': {
    zh: '来源（sample 示例数据、open-data-portal 开放平台目录等）',
    en: 'Source (sample, open-data-portal, …)',
  },
  source_ref: { zh: '在来源中的标识（开放平台的编号）', en: 'Identity in the source (the portal id)' },
  raw: { zh: '来源的原始记录（JSON）', en: 'The raw source record (JSON)' },
  granting_authority_org_id: { zh: '授权主体机构编号', en: 'Granting authority organisation id' },
  implementing_agency_org_id: { zh: '实施机构编号', en: 'Implementing agency organisation id' },
  operator_org_id: { zh: '运营方机构编号', en: 'Operator organisation id' },
  selection_method: { zh: '运营方遴选方式', en: 'How the operator was selected' },
  agreement_signed_at: { zh: '协议签订日期', en: 'Date the agreement was signed' },
  tariff_status: { zh: '价格（收费标准）状态', en: 'Tariff status' },
  granted_at: { zh: '授权日期', en: 'Date granted' },
  revoked_at: { zh: '撤销日期', en: 'Date revoked' },
  product_name: { zh: '产品名称', en: 'Product name' },
  delivery_mode: { zh: '交付方式', en: 'Delivery mode' },
  launched_at: { zh: '上线日期', en: 'Launch date' },
  user_org_id: { zh: '使用方机构编号', en: 'User organisation id' },
  records_delivered: { zh: '交付的记录数', en: 'Records delivered' },
  data_volume_gb: { zh: '数据量（GB）', en: 'Data volume (GB)' },
  success_rate: { zh: '调用成功率（0–1）', en: 'Call success rate (0–1)' },
  usage_rows: { zh: '汇总的使用记录行数', en: 'Usage rows summed' },
  new_users: { zh: '新用户数', en: 'New users' },
};

export function columnDoc(table: string, column: string): Text2 | null {
  return COLUMN_DOCS[`${table}.${column}`] ?? COLUMN_DOCS[column] ?? null;
}
