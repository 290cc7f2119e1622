/** Request parts parsed with the contract's schemas, and a schema's refusal as the API's one error shape. */
import type { z } from 'zod';
import { paramError } from '../../contract/errors.ts';
import type { ParamIssueParams } from '../../contract/params.ts';
import { AtlasError } from '../errors.ts';

/**
 * Parse a request part with its schema; the first problem becomes the error the client sees. `codes` gives particular
 * fields an error code of their own (an endpoint's `codes` in the contract).
 */
export function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
  codes: Record<string, string> = {},
): z.output<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  throw toParamError(r.error.issues[0], where, codes);
}

export function bodyObject(body: unknown): unknown {
  if (body === undefined) return {};
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new AtlasError(
      'invalid_body',
      'send a JSON object',
      400,
      { field: 'body', reason: 'format' },
      '请发送一个 JSON 对象',
    );
  return body;
}

/**
 * A schema issue as the API's error: parameters written with contract/params.ts carry their reason; zod's own issues
 * (a JSON body field of the wrong type) are mapped onto the same reasons.
 */
export function toParamError(issue: z.core.$ZodIssue, where: string, codes: Record<string, string> = {}): AtlasError {
  const field = issue.path.length ? issue.path.map(String).join('.') : where;
  const e = paramError(field, paramParams(issue), codes[field]);
  return new AtlasError(e.code, e.message, 400, e.details, e.message_zh);
}

function paramParams(issue: z.core.$ZodIssue): ParamIssueParams {
  if (issue.code === 'custom' && issue.params && typeof issue.params.reason === 'string')
    return issue.params as ParamIssueParams;
  const value = 'input' in issue && issue.input !== undefined ? String(issue.input).slice(0, 200) : undefined;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { reason: 'required' }
        : { reason: 'format', value, message: `must be ${issue.expected}`, message_zh: `应为 ${issue.expected}` };
    case 'invalid_value':
      return { reason: 'choice', value, allowed: issue.values.map(String).join(', ') };
    case 'too_big':
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? { reason: 'too_long', value, max: Number(issue.code === 'too_big' ? issue.maximum : issue.minimum) }
        : {
            reason: 'number',
            value,
            min: String(issue.code === 'too_small' ? issue.minimum : '…'),
            max: String(issue.code === 'too_big' ? issue.maximum : '…'),
          };
    default:
      return { reason: 'format', value, message: issue.message, message_zh: issue.message };
  }
}
