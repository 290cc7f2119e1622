import { REFERENCE_CODES } from './db/schema.ts';
import { badRequest } from './errors.ts';
import type { SqlParams } from './db/query.ts';

/**
 * The shared filters every dashboard and indicator endpoint accepts, with the same names as the web app's URL:
 *   from, to      period as YYYY-MM (inclusive months; either may be left out)
 *   regions       comma-separated region codes (provider region for usage, holder region for registrations)
 *   sectors       comma-separated sector codes
 *   user_types    comma-separated user type codes
 *   purposes      comma-separated use purpose codes
 * An empty list means "all". Each code must be one of the product's reference lists (server/db/reference/), onto which
 * ingestion maps every record, so a code outside them could only ever match nothing: it is refused instead. SQL
 * receives the values only as bound parameters.
 */
export interface Filters {
  from: string | null; // 'YYYY-MM-01'
  to: string | null; // 'YYYY-MM-01'
  regions: string[];
  sectors: string[];
  user_types: string[];
  purposes: string[];
}

export const EMPTY_FILTERS: Filters = { from: null, to: null, regions: [], sectors: [], user_types: [], purposes: [] };

const CODE_LISTS = {
  regions: /^\d{6}$/,
  sectors: /^(DEX\d{2}|OTH_[A-Z]+)$/,
  user_types: /^[A-Z][A-Z_]*$/,
  purposes: /^[A-Z][A-Z_]*$/,
} as const;

type Query = Record<string, unknown>;

/** The codes each list filter may name (GET /api/reference lists them with their names). */
const KNOWN: Record<keyof typeof CODE_LISTS, Set<string>> = {
  regions: REFERENCE_CODES.regions,
  sectors: REFERENCE_CODES.sectors,
  user_types: REFERENCE_CODES.enum('user_type'),
  purposes: REFERENCE_CODES.enum('use_purpose'),
};

export function parseFilters(query: Query): Filters {
  const f: Filters = { ...EMPTY_FILTERS, from: parseMonth(query, 'from'), to: parseMonth(query, 'to') };
  for (const [name, pattern] of Object.entries(CODE_LISTS) as [keyof typeof CODE_LISTS, RegExp][]) {
    f[name] = parseList(query, name, pattern);
  }
  if (f.from && f.to && f.from > f.to) {
    throw badRequest('invalid_filter', `from (${f.from.slice(0, 7)}) is after to (${f.to.slice(0, 7)})`, {
      field: 'from',
      reason: 'order',
      value: f.from.slice(0, 7),
      to: f.to.slice(0, 7),
    });
  }
  return f;
}

/** The filters as bound SQL parameters: $from, $to (DATE text or NULL), $regions, $sectors, $user_types, $purposes. */
export function filterParams(f: Filters): SqlParams {
  return {
    from: f.from,
    to: f.to,
    regions: f.regions,
    sectors: f.sectors,
    user_types: f.user_types,
    purposes: f.purposes,
  };
}

function single(query: Query, name: string): string | undefined {
  const v = query[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string')
    throw badRequest('invalid_filter', `${name} must be given once`, { field: name, reason: 'repeated' });
  return v;
}

function parseMonth(query: Query, name: string): string | null {
  const v = single(query, name);
  if (v === undefined) return null;
  const m = /^(\d{4})-(\d{2})$/.exec(v);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
    throw badRequest('invalid_filter', `${name} must be a month written YYYY-MM, got ${JSON.stringify(v)}`, {
      field: name,
      value: v,
      reason: 'month',
    });
  }
  return `${v}-01`;
}

function parseList(query: Query, name: string, pattern: RegExp): string[] {
  const v = single(query, name);
  if (v === undefined) return [];
  const items = [
    ...new Set(
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const bad = items.find((x) => !pattern.test(x));
  if (bad !== undefined)
    throw badRequest('invalid_filter', `${name} has an invalid code ${JSON.stringify(bad)}`, {
      field: name,
      value: bad,
      reason: 'code',
    });
  const unknown = items.find((x) => !KNOWN[name as keyof typeof KNOWN].has(x));
  if (unknown !== undefined) {
    throw badRequest(
      'invalid_filter',
      `${name} has an unknown code ${JSON.stringify(unknown)} (GET /api/reference lists the codes)`,
      { field: name, value: unknown, reason: 'unknown_code' },
    );
  }
  return items;
}
