/**
 * The one error shape of the API, and the bilingual text of refused parameters.
 *
 * Every 4xx and 5xx answer is `{"error": {"code", "message", "message_zh", "details"}}`: a stable code, the message in
 * English and in Chinese (the web app shows the one of the page's language), and structured details. A refused
 * parameter's details are `{field, reason, value, …}` with a reason of params.ts.
 */
import { z } from 'zod';
import type { ParamIssueParams, ParamReason } from './params.ts';

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    message_zh: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

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

/** A refused parameter's code, messages and details. */
export function paramError(field: string, p: ParamIssueParams, code?: string) {
  const { reason, value, message: _m, message_zh: _z, code: ownCode, ...rest } = p;
  const vars = { ...p, field };
  return {
    code: String(
      ownCode ??
        code ??
        ((FILTER_FIELDS as readonly string[]).includes(field) ? 'invalid_filter' : 'invalid_parameter'),
    ),
    message: EN[reason](vars),
    message_zh: ZH[reason]({ ...vars, field: FIELD_ZH[field] ?? field }),
    details: { field, reason, ...(value === undefined ? {} : { value }), ...rest },
  };
}
