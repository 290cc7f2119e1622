/**
 * A refused request's reason in the page's language. Every API error carries its message in English and Chinese
 * (contract/errors.ts). A filter error without the Chinese text (an answer from before it existed) is written in
 * Chinese from its details with the contract's own templates; any other error shows the server's message.
 */
import { FILTER_FIELDS, paramMessages, PARAM_REASONS, type ParamReason } from '../../../contract/messages.ts';
import type { ApiError } from './api.ts';
import type { Lang } from './i18n.ts';

export function errorText(err: ApiError, lang: Lang): string {
  if (lang !== 'zh-CN') return err.message;
  if (err.messageZh) return err.messageZh;
  const d = (err.details ?? {}) as { field?: string; reason?: string; value?: unknown; to?: unknown };
  const field = FILTER_FIELDS.find((f) => f === d.field);
  const reason = PARAM_REASONS.find((r): r is ParamReason => r === d.reason);
  if (err.code !== 'invalid_filter' || !field || !reason) return err.message;
  return paramMessages(field, { reason, value: String(d.value ?? ''), to: String(d.to ?? '') }).message_zh;
}
