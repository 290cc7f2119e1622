/**
 * The one error shape of the API, and the bilingual text of refused parameters.
 *
 * Every 4xx and 5xx answer is `{"error": {"code", "message", "message_zh", "details"}}`: a stable code, the message in
 * English and in Chinese (the web app shows the one of the page's language), and structured details. A refused
 * parameter's details are `{field, reason, value, …}` with a reason of params.ts.
 */
import { z } from 'zod';
import { FILTER_FIELDS, paramMessages, type ParamIssueParams } from './messages.ts';

export { FILTER_FIELDS };

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    message_zh: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

/** A refused parameter's code, messages and details. */
export function paramError(field: string, p: ParamIssueParams, code?: string) {
  const { reason, value, message: _m, message_zh: _z, code: ownCode, ...rest } = p;
  const filter = (FILTER_FIELDS as readonly string[]).includes(field);
  return {
    code: String(ownCode ?? code ?? (filter ? 'invalid_filter' : 'invalid_parameter')),
    ...paramMessages(field, p),
    details: { field, reason, ...(value === undefined ? {} : { value }), ...rest },
  };
}
