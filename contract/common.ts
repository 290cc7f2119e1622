/** Shapes several endpoints share: names in two languages, periods, tabular answers, the shared filters. */
import { z } from 'zod';
import { param, ParamProblem, parseItems } from './params.ts';

export const bilingual = z.object({ zh: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof bilingual>;

/** A month 'YYYY-MM'. */
export const month = z.string().regex(/^\d{4}-\d{2}$/);
/** A calendar date 'YYYY-MM-DD'. */
export const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * The window an indicator view is computed on ('YYYY-MM-01' first days, both months included). months_with_data: how
 * many of its months any usage or registration record falls in; 0 means nothing to compute (the view has no rows).
 */
export const period = z.object({ from: date, to: date, months: z.number(), months_with_data: z.number() });
export type Period = z.infer<typeof period>;

/** The same window as the metadata of a table (JSON fields, X-Atlas-* headers): months written 'YYYY-MM'. */
export const tablePeriod = z.object({ from: month, to: month, months: z.number(), months_with_data: z.number() });
export type TablePeriod = z.infer<typeof tablePeriod>;

export const LEVELS = ['region', 'sector', 'cell'] as const;
export const level = z.enum(LEVELS);
export type Level = z.infer<typeof level>;

/** A column of a tabular answer: its name and Arrow type (`Utf8`, `Float64`, …). */
export const column = z.object({ name: z.string(), type: z.string() });

/**
 * A tabular endpoint: Arrow IPC by default, CSV with ?format=csv, and JSON ({columns, rows, …meta}) with ?format=json
 * or Accept: application/json. `row` is one row of the JSON form; `meta` the facts sent beside the rows (JSON fields,
 * X-Atlas-* headers and Arrow schema metadata).
 */
export function table<R extends z.ZodType, M extends z.ZodRawShape = Record<never, never>>(row: R, meta?: M) {
  return z.object({ columns: z.array(column), rows: z.array(row), ...(meta ?? ({} as M)) });
}
export type JsonTable<R> = { columns: { name: string; type: string }[]; rows: R[] };

// The shared filters (docs/api.md "Filters"); the server also checks each code against the reference lists.
const CODE_PATTERNS = {
  regions: /^\d{6}$/,
  sectors: /^(DEX\d{2}|OTH_[A-Z]+)$/,
  user_types: /^[A-Z][A-Z_]*$/,
  purposes: /^[A-Z][A-Z_]*$/,
} as const;

/** A month written YYYY-MM, as its first day 'YYYY-MM-01'. */
export function parseMonth(text: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new ParamProblem('month');
  return `${text}-01`;
}

const codes = (pattern: RegExp) =>
  param<string[]>((text) => {
    const list = parseItems(text);
    const bad = list.find((x) => !pattern.test(x));
    if (bad !== undefined) throw new ParamProblem('code', { value: bad });
    return list;
  }, []);

/**
 * from, to: the period as YYYY-MM (either may be left open); regions, sectors, user_types, purposes: comma-separated
 * codes, empty meaning all. Parsed: from/to as 'YYYY-MM-01' or null, lists as arrays.
 */
export const filterShape = {
  from: param<string | null>(parseMonth, null),
  to: param<string | null>(parseMonth, null),
  regions: codes(CODE_PATTERNS.regions),
  sectors: codes(CODE_PATTERNS.sectors),
  user_types: codes(CODE_PATTERNS.user_types),
  purposes: codes(CODE_PATTERNS.purposes),
};

/** The filters' own cross-field rule: from is not after to. Apply to any object schema that spreads filterShape. */
export function filtersInOrder<T extends { from: string | null; to: string | null }>(f: T, ctx: z.core.$RefinementCtx) {
  if (f.from && f.to && f.from > f.to) {
    ctx.issues.push({
      code: 'custom',
      input: f.from,
      path: ['from'],
      message: 'order',
      params: { reason: 'order', value: f.from.slice(0, 7), to: f.to.slice(0, 7) },
    });
  }
}

export const filters = z.object(filterShape).superRefine(filtersInOrder);
export type Filters = z.output<typeof filters>;
export const LIST_FILTERS = ['regions', 'sectors', 'user_types', 'purposes'] as const;
