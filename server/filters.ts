import { filters as filtersSchema, LIST_FILTERS, type Filters } from '../contract/common.ts';
import { paramError } from '../contract/errors.ts';
import { parse } from './api/parse.ts';
import { REFERENCE_CODES } from './db/schema.ts';
import { AtlasError } from './errors.ts';
import type { SqlParams } from './db/query.ts';

/**
 * The shared filters every dashboard and indicator endpoint accepts, with the same names as the web app's URL (their
 * schema is contract/common.ts `filters`):
 *   from, to      period as YYYY-MM (inclusive months; either may be left out)
 *   regions       comma-separated region codes (provider region for usage, holder region for registrations)
 *   sectors       comma-separated sector codes
 *   user_types    comma-separated user type codes
 *   purposes      comma-separated use purpose codes
 * An empty list means "all". Each code must be one of the product's reference lists (server/db/reference/), onto which
 * ingestion maps every record, so a code outside them could only ever match nothing: it is refused instead. SQL
 * receives the values only as bound parameters.
 */
export type { Filters };

export const EMPTY_FILTERS: Filters = { from: null, to: null, regions: [], sectors: [], user_types: [], purposes: [] };

/** The codes each list filter may name (GET /api/reference lists them with their names). */
const KNOWN: Record<(typeof LIST_FILTERS)[number], Set<string>> = {
  regions: REFERENCE_CODES.regions,
  sectors: REFERENCE_CODES.sectors,
  user_types: REFERENCE_CODES.enum('user_type'),
  purposes: REFERENCE_CODES.enum('use_purpose'),
};

/** The filters of a request's query, checked (400 invalid_filter naming the field, reason and value). */
export function parseFilters(query: Record<string, unknown>): Filters {
  return checkKnownCodes(parse(filtersSchema, query, 'query'));
}

/** Refuse a well-formed code that is not in the reference lists. */
export function checkKnownCodes<F extends Filters>(f: F): F {
  for (const name of LIST_FILTERS) {
    const unknown = f[name].find((x) => !KNOWN[name].has(x));
    if (unknown !== undefined) {
      const e = paramError(name, { reason: 'unknown_code', value: unknown });
      throw new AtlasError(e.code, e.message, 400, e.details, e.message_zh);
    }
  }
  return f;
}

/** Whether a parsed query carries the shared filters (every list filter parsed to an array). */
export function hasFilters(query: unknown): query is Filters {
  return typeof query === 'object' && query !== null && LIST_FILTERS.every((n) => Array.isArray((query as Filters)[n]));
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
