/**
 * A refused request's reason in the page's language. The server writes its reasons in English; the filter errors,
 * which an edited or pasted link can cause on any page, carry their reason, field and value in `details`, so they are
 * written in Chinese here. Every other error shows the server's own message.
 */
import type { ApiError } from './api.ts';
import { fill, translate, type Lang } from './i18n.ts';
import { shell } from './messages.ts';

const ZH_FILTER_REASONS: Record<string, string> = {
  month: '{field}必须是“年-月”（YYYY-MM），收到 "{value}"',
  code: '{field}中的代码 "{value}" 格式不对',
  unknown_code: '{field}中的代码 "{value}" 不在参考列表中',
  order: '起始月（{value}）晚于截止月（{to}）',
  repeated: '{field}只能给一个',
};

const FILTER_FIELDS = ['from', 'to', 'regions', 'sectors', 'user_types', 'purposes'] as const;

export function errorText(err: ApiError, lang: Lang): string {
  const d = (err.details ?? {}) as { field?: string; reason?: string; value?: unknown; to?: unknown };
  const template = err.code === 'invalid_filter' && d.reason ? ZH_FILTER_REASONS[d.reason] : undefined;
  const field = FILTER_FIELDS.find((f) => f === d.field);
  if (lang !== 'zh-CN' || !template || !field) return err.message;
  const vars = {
    field: translate(shell, lang, `filters.${field}`),
    value: String(d.value ?? ''),
    to: String(d.to ?? ''),
  };
  return fill(template, vars);
}
