/**
 * Query and path parameters as zod schemas. Every endpoint's parameters are written with these builders, so a refused
 * parameter is always refused the same way: the schema reports an issue whose params carry a `reason` (and the values
 * the message needs), and the server turns the first issue into one error shape (`invalid_parameter`, or
 * `invalid_filter` for the shared filters) with `details: { field, reason, value, … }` and a message in English and
 * Chinese (errors.ts).
 *
 * A query value arrives as Express parses it: undefined, a string, an array (the name given twice) or an object
 * (`a[b]=…`). An absent or empty value means "the default"; anything but a single string is refused as `repeated`.
 */
import { z } from 'zod';

export { PARAM_REASONS, type ParamIssueParams, type ParamReason } from './messages.ts';
import type { ParamIssueParams, ParamReason } from './messages.ts';

/**
 * What a parameter parser throws: the reason and the values its message needs (min, max, allowed, …). `value` in
 * params replaces the whole text as the refused value (the one bad code of a list); `message` gives the English text of
 * a `format` refusal; `code` an error code other than the endpoint's own (invalid_weights).
 */
export class ParamProblem extends Error {
  constructor(
    readonly reason: ParamReason,
    readonly params: Record<string, string | number> = {},
  ) {
    super(reason);
  }
}

function refuse(ctx: z.core.$RefinementCtx, input: unknown, params: ParamIssueParams): never {
  ctx.issues.push({ code: 'custom', input, message: params.reason, params });
  return z.NEVER;
}

/**
 * A parameter read from one text value: absent or '' gives `fallback`, a repeated name is refused, and `parse` turns
 * the text into the value or throws a ParamProblem. `empty` changes what '' means: `{ value }` (a bare `?strict` is
 * true) or 'parse' (a value that must not be blank).
 */
export function param<T, F extends T | undefined = T>(
  parse: (text: string) => T,
  fallback: F,
  empty?: { value: T } | 'parse',
) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx): T | F => {
      if (v === undefined) return fallback;
      if (v === '' && empty !== 'parse') return empty ? empty.value : fallback;
      if (typeof v !== 'string') return refuse(ctx, v, { reason: 'repeated' });
      try {
        return parse(v);
      } catch (err) {
        if (!(err instanceof ParamProblem)) throw err;
        return refuse(ctx, v, { reason: err.reason, value: v, ...err.params });
      }
    });
}

/** A required parameter (a path segment, or a query value that has no default). */
export function required<T>(parse: (text: string) => T) {
  return param<T | undefined>(parse, undefined).transform((v, ctx): T => {
    return v === undefined ? refuse(ctx, v, { reason: 'required' }) : v;
  });
}

export function parseNumber(text: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new ParamProblem('number', { min, max });
  return n;
}

export function parseInteger(text: string, min: number, max: number): number {
  const n = parseNumber(text, min, max);
  if (!Number.isInteger(n)) throw new ParamProblem('integer', { min, max });
  return n;
}

/** true/1 or false/0. */
export function parseBoolean(text: string): boolean {
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new ParamProblem('boolean');
}

export function parseChoice<T extends string>(text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new ParamProblem('choice', { allowed: allowed.join(', ') });
  return text as T;
}

/** Comma-separated items, trimmed, empty items and repeats dropped, in their first order. */
export function parseItems(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export const num = (min: number, max: number, fallback: number) => param((t) => parseNumber(t, min, max), fallback);
export const int = (min: number, max: number, fallback: number) => param((t) => parseInteger(t, min, max), fallback);
export const optionalInt = (min: number, max: number) =>
  param<number | undefined>((t) => parseInteger(t, min, max), undefined);
export const bool = (fallback: boolean) => param(parseBoolean, fallback);
/** A flag: absent is false, written bare (`?strict` or `?strict=`) is true. */
export const flag = () => param(parseBoolean, false, { value: true });
export const choice = <const T extends string>(allowed: readonly T[], fallback: T) =>
  param((t) => parseChoice(t, allowed), fallback);
/** Free text with a length limit; absent gives undefined. */
export const text = (maxLength: number) =>
  param<string | undefined>((t) => {
    if (t.length > maxLength) throw new ParamProblem('too_long', { max: maxLength });
    return t;
  }, undefined);
/** A comma-separated list; absent gives undefined (the endpoint's default list). */
export const items = (maxItems = 100, maxLength = 64) =>
  param<string[] | undefined>((t) => {
    const out = parseItems(t);
    if (out.length > maxItems || out.some((x) => x.length > maxLength))
      throw new ParamProblem('too_long', { max: maxItems });
    return out;
  }, undefined);
