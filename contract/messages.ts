/**
 * The English and Chinese text of a refused parameter, written from its reason. Free of zod, so the web app may import
 * it as code (error-text.ts writes a filter error in Chinese from its details when an answer lacks message_zh); the
 * server writes both texts into every error (errors.ts).
 */

/** Why a parameter was refused. */
export const PARAM_REASONS = [
  'repeated',
  'required',
  'number',
  'integer',
  'boolean',
  'choice',
  'month',
  'order',
  'code',
  'unknown_code',
  'format',
  'too_long',
] as const;
export type ParamReason = (typeof PARAM_REASONS)[number];

/** A refused parameter's reason and the values its message needs (value, min, max, allowed, …). */
export interface ParamIssueParams {
  reason: ParamReason;
  value?: string;
  [k: string]: string | number | undefined;
}

/** The shared filters (filters.ts): refusals of these answer `invalid_filter`, every other parameter `invalid_parameter`. */
export const FILTER_FIELDS = ['from', 'to', 'regions', 'sectors', 'user_types', 'purposes'] as const;

/** Parameter names in Chinese, as the pages name them; a name not listed is written as it is. */
const FIELD_ZH: Record<string, string> = {
  from: '起始月',
  to: '截止月',
  regions: '地区',
  sectors: '行业',
  user_types: '用户类型',
  purposes: '用途',
  level: '层级',
  index: '指数',
  weights: '权重',
  normalize: '标准化方法',
  draws: '抽样次数',
  k: '前 k 名',
  seed: '随机种子',
  concentration: '权重集中度',
  threshold: '阈值',
  standardize: '标准化范围',
  limit: '条数上限',
  offset: '起始位置',
  per_cell: '每格证据条数',
  measure: '指标',
  basis: '口径',
  code: '地区代码',
  id: '编号',
  format: '格式',
  strict: '严格模式',
  wait: '等待完成',
  contributions: '贡献度',
  indicators: '指标列表',
  targets: '推广目标数',
  min_months: '最少月数',
  min_provinces: '最少省份数',
  min_paying_users: '最少付费用户数',
  abundance_index: '资源丰度指数',
  demand_index: '市场需求指数',
  portal: '门户',
  province: '省份',
  city: '城市',
  batches: '批次数',
  user: '用户',
  action: '操作',
  outcome: '结果',
  since: '起始时间',
  until: '截止时间',
  before: '分页位置',
};

type Vars = ParamIssueParams & { field: string };
type Template = (v: Vars) => string;
const q = (v: unknown) => JSON.stringify(v ?? '');

const EN: Record<ParamReason, Template> = {
  repeated: (v) => `${v.field} must be given once`,
  required: (v) => `${v.field} is required`,
  number: (v) => `${v.field} must be a number from ${v.min} to ${v.max}, got ${q(v.value)}`,
  integer: (v) => `${v.field} must be a whole number, got ${v.value}`,
  boolean: (v) => `${v.field} must be true or false, got ${q(v.value)}`,
  choice: (v) => `${v.field} must be one of ${v.allowed}, got ${q(v.value)}`,
  month: (v) => `${v.field} must be a month written YYYY-MM, got ${q(v.value)}`,
  order: (v) => `from (${v.value}) is after to (${v.to})`,
  code: (v) => `${v.field} has an invalid code ${q(v.value)}`,
  unknown_code: (v) => `${v.field} has an unknown code ${q(v.value)} (GET /api/reference lists the codes)`,
  format: (v) => `${v.field} ${v.message ?? 'is not written as expected'} (got ${q(v.value)})`,
  too_long: (v) => `${v.field} is too long (at most ${v.max})`,
};

const ZH: Record<ParamReason, Template> = {
  repeated: (v) => `${v.field}只能给一个`,
  required: (v) => `缺少${v.field}`,
  number: (v) => `${v.field}必须是 ${v.min} 到 ${v.max} 之间的数，收到 "${v.value}"`,
  integer: (v) => `${v.field}必须是整数，收到 "${v.value}"`,
  boolean: (v) => `${v.field}必须是 true 或 false，收到 "${v.value}"`,
  choice: (v) => `${v.field}必须是以下之一：${v.allowed}，收到 "${v.value}"`,
  month: (v) => `${v.field}必须是“年-月”（YYYY-MM），收到 "${v.value}"`,
  order: (v) => `起始月（${v.value}）晚于截止月（${v.to}）`,
  code: (v) => `${v.field}中的代码 "${v.value}" 格式不对`,
  unknown_code: (v) => `${v.field}中的代码 "${v.value}" 不在参考列表中`,
  format: (v) => `${v.field}的写法不对（${v.message_zh ?? v.message ?? ''}），收到 "${v.value}"`,
  too_long: (v) => `${v.field}太长（最多 ${v.max}）`,
};

/** The English and Chinese messages of a refused parameter. */
export function paramMessages(field: string, p: ParamIssueParams): { message: string; message_zh: string } {
  const vars = { ...p, field };
  return { message: EN[p.reason](vars), message_zh: ZH[p.reason]({ ...vars, field: FIELD_ZH[field] ?? field }) };
}
