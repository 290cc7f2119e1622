/**
 * Every reason a row or a file can be refused, and every warning rule, with a Chinese and an English message.
 * The database stores the code and the English text; the API returns both languages so the web can show either.
 */
export interface Message {
  zh: string;
  en: string;
}

/** Row-level reject reasons (ingest_reject.reason_code). */
export const REJECT_REASONS = {
  missing_value: { zh: '必填字段为空', en: 'a required value is missing' },
  unparseable_number: { zh: '无法识别为数字', en: 'not a number' },
  unparseable_date: {
    zh: '无法识别为日期（可用 2025-03-01、2025/3/1、20250301、2025年3月1日）',
    en: 'not a date (use 2025-03-01, 2025/3/1, 20250301 or 2025年3月1日)',
  },
  unparseable_month: {
    zh: '无法识别为月份（可用 2025-03 或 2025年3月）',
    en: 'not a month (use 2025-03 or 2025年3月)',
  },
  unparseable_boolean: {
    zh: '无法识别为是/否（可用 true/false、1/0、是/否、Y/N）',
    en: 'not a yes/no value (use true/false, 1/0, 是/否, Y/N)',
  },
  invalid_json: { zh: '不是有效的 JSON', en: 'not valid JSON' },
  unknown_enum: {
    zh: '不在该字段的取值列表中（可用代码、中文或英文名称）',
    en: 'not one of the allowed values (code, Chinese or English label)',
  },
  unknown_region: { zh: '未知的行政区划代码', en: 'unknown region code' },
  unknown_sector: { zh: '未知的行业领域代码', en: 'unknown sector code' },
  negative_value: { zh: '数量或金额不能为负', en: 'counts and money cannot be negative' },
  out_of_range: {
    zh: '超出允许范围（日期须在 1990-01-01 至 2099-12-31 之间，比率须在 0 至 1 之间）',
    en: 'out of range (dates 1990-01-01 to 2099-12-31, ratios 0 to 1)',
  },
  formula_injection: {
    zh: '文本以 = + - @ 开头，可能在电子表格中作为公式执行',
    en: 'text starts with = + - @ and would run as a spreadsheet formula',
  },
  unknown_reference: {
    zh: '引用的记录在数据库和本文件中都不存在',
    en: 'refers to a record that exists neither in the database nor in this file',
  },
  duplicate_key: { zh: '主键在同一文件中重复出现', en: 'the key appears more than once in this file' },
  sector_required: {
    zh: '非整体授权必须填写行业领域',
    en: 'a sector is required unless the authorization mode is OVERALL',
  },
  date_order: { zh: '结束日期早于开始日期', en: 'the end date is before the start date' },
  out_of_scope: {
    zh: '超出您可导入的地区范围：该行属于其他地区（产品和授权资源按其授权所在地区），或会替换其他地区的已有记录',
    en: "outside the regions you may load: the row belongs to another region (a product or granted resource: its authorization's), or would replace a record of another region",
  },
  csv_too_few_columns: { zh: 'CSV 行的列数少于表头', en: 'the CSV line has fewer columns than the header' },
  csv_too_many_columns: { zh: 'CSV 行的列数多于表头', en: 'the CSV line has more columns than the header' },
  csv_unterminated_quote: {
    zh: 'CSV 引号未闭合（其后的内容无法读取）',
    en: 'unterminated quote in the CSV (what follows could not be read)',
  },
  csv_malformed: { zh: 'CSV 行格式错误', en: 'malformed CSV line' },
  line_too_long: { zh: '单行超过 1 MB 上限', en: 'the line is longer than the 1 MB limit' },
  json_malformed: { zh: '该行不是有效的 JSON 对象', en: 'the line is not a valid JSON object' },
} as const satisfies Record<string, Message>;

/** File-level refusals and notes (summary.file_errors[].code). */
export const FILE_REASONS = {
  empty_file: { zh: '文件为空', en: 'the file is empty' },
  zip_archive: {
    zh: '这是 ZIP 压缩包（可能是改了扩展名的 .xlsx）；请导出为 CSV、Parquet 或 JSON',
    en: 'this is a ZIP archive (perhaps an .xlsx renamed); export it as CSV, Parquet or JSON',
  },
  binary_file: {
    zh: '这是二进制文件，不是 CSV、Parquet 或 JSON',
    en: 'this is a binary file, not CSV, Parquet or JSON',
  },
  utf16: { zh: '文件是 UTF-16 编码；请另存为 UTF-8 或 GB18030', en: 'the file is UTF-16; save it as UTF-8 or GB18030' },
  undecodable: {
    zh: '文件既不是有效的 UTF-8 也不是有效的 GB18030/GBK',
    en: 'the file is neither valid UTF-8 nor valid GB18030/GBK',
  },
  header_too_long: { zh: '表头行过长（超过 1 MB）', en: 'the header line is longer than 1 MB' },
  missing_columns: { zh: '缺少必需的列', en: 'required columns are missing' },
  duplicate_columns: { zh: '表头中有重复的列名', en: 'the header names a column more than once' },
  extra_columns: { zh: '已忽略无法识别的列', en: 'unrecognised columns were ignored' },
  tab_separated: { zh: '按制表符分隔读取', en: 'read as tab-separated' },
  duplicate_file: {
    zh: '相同内容的文件已导入过，未做任何改变',
    en: 'a file with the same content was already ingested; nothing changed',
  },
  no_rows: { zh: '文件没有数据行', en: 'the file has no data rows' },
  unreadable: { zh: '无法读取文件', en: 'the file could not be read' },
  strict_refused: {
    zh: '严格模式：存在被拒绝的行，整个文件未写入',
    en: 'strict mode: rows were rejected, so nothing from the file was written',
  },
  ingest_failed: { zh: '导入失败，数据库未改变', en: 'the ingest failed and the database was left unchanged' },
  too_many_columns: {
    zh: '文件的列数超过允许的上限（ATLAS_MAX_COLUMNS），不像是本类数据',
    en: 'the file has more columns than allowed (ATLAS_MAX_COLUMNS); it cannot be a file of this kind',
  },
  interrupted: {
    zh: '导入进行中服务被终止（进程被杀或崩溃），文件未写入任何数据；请重新上传',
    en: 'the server stopped (killed or crashed) while this file was being ingested; nothing of it was written, upload it again',
  },
} as const satisfies Record<string, Message>;

/** Warning rules (ingest_warning.rule_code): the row is kept and counted in the compliance indicators. */
export const WARNING_RULES = {
  NOTICE_NOT_10_WD: { zh: '公示期不是 10 个工作日', en: 'public notice is not 10 working days' },
  ACCEPTANCE_OVER_3_WD: { zh: '受理超过 3 个工作日', en: 'acceptance took more than 3 working days' },
  FILING_LATE: {
    zh: '首次运营后超过 20 个工作日才提交登记',
    en: 'registration filed more than 20 working days after first operation',
  },
  TERM_OVER_5_YEARS: { zh: '授权期限超过 5 年', en: 'authorization term is longer than 5 years' },
  FREE_PURPOSE_CHARGED: { zh: '公共治理或公益用途却有收费金额', en: 'free-purpose usage with a non-zero amount' },
  PRICE_ABOVE_CAP: { zh: '挂牌价高于价格上限', en: 'list price above the price cap' },
  REVENUE_ABOVE_MAX: { zh: '申报收入高于最高准许收入', en: 'reported revenue above the maximum allowed revenue' },
  CORE_ASSET_AUTHORIZED: { zh: '核心数据被纳入授权运营', en: 'a CORE-level asset is inside an authorization' },
} as const satisfies Record<string, Message>;

export type FileReason = keyof typeof FILE_REASONS;

export function rejectMessage(code: string): Message {
  return (REJECT_REASONS as Record<string, Message>)[code] ?? { zh: code, en: code };
}

export function warningMessage(code: string): Message {
  return (WARNING_RULES as Record<string, Message>)[code] ?? { zh: code, en: code };
}
