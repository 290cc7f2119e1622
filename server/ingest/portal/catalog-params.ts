import { badRequest } from '../../errors.ts';
import type { CatalogOptions } from './map-catalog.ts';

const MAX_LENGTH = 200;

/**
 * The portal-catalog options of an upload (POST /api/ingest/portal-catalog?portal=…&province=…&city=…). Values are only
 * ever bound as SQL parameters; they are checked here so a mistake is reported instead of silently mapping nothing.
 */
export function catalogOptionsFromQuery(query: Record<string, unknown>): CatalogOptions {
  const out: CatalogOptions = {};
  for (const name of ['portal', 'province', 'city'] as const) {
    const v = query[name];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !v.trim() || v.length > MAX_LENGTH) {
      throw badRequest(
        'invalid_parameter',
        `${name} must be a non-empty text of at most ${MAX_LENGTH} characters, got ${JSON.stringify(v)}`,
        { field: name },
      );
    }
    out[name] = v.trim();
  }
  return out;
}
