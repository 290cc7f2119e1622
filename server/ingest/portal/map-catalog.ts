import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { execute } from '../../db/query.ts';
import { sqlFile } from '../../db/sql-files.ts';
import { AtlasError, duckdbMessage } from '../../errors.ts';

/** What the importer may be told about a catalogue as a whole (the crawl wrapper or the records may say otherwise). */
export interface CatalogOptions {
  /** Stable id of the portal the file comes from (part of every record's identity). Default: the file's base name. */
  portal?: string;
  /** Province (and city) of every record that does not name its own. */
  province?: string;
  city?: string;
}

/** Layouts the mapping reads: plain UTF-8 text (gzip and XLSX are turned into NDJSON before, see catalog-file.ts). */
export type TextLayout = 'json' | 'ndjson' | 'csv';

/** The mapping tables kept as data beside this file; `kind` is how the SQL refers to each. */
const MAPPINGS_DIR = path.join(import.meta.dirname, 'mappings');
const MAPPINGS: { kind: string; file: string }[] = [
  { kind: 'field', file: 'fields.csv' },
  { kind: 'placeholder', file: 'placeholders.csv' },
  { kind: 'openness', file: 'openness.csv' },
  { kind: 'frequency', file: 'frequency.csv' },
  { kind: 'sector', file: 'sectors.csv' },
  { kind: 'format', file: 'formats.csv' },
  { kind: 'city', file: 'cities.csv' },
];

const MACROS = ['macro_norm', 'macro_text', 'macro_date_plausible', 'macro_date', 'macro_volume', 'macro_gb'];

const STAGE: Record<TextLayout, string> = { json: 'stage_json_array', ndjson: 'stage_ndjson', csv: 'stage_csv' };

/** The mapping steps, in order; each creates one temporary table from the ones before (see queries/portal/). */
const MAP_STEPS = [
  'stage_records',
  'field_values',
  'classify_labels',
  'classify_records',
  'record_formats',
  'record_places',
  'resolve_regions',
  'map_records',
  'accepted_records',
];

/**
 * Read a catalogue (plain UTF-8 JSON array, NDJSON or CSV) into temporary tables of `con` and map it, set-based:
 * afterwards portal_mapped holds one row per record (registration-shaped, with reject and report columns) and
 * portal_accepted the records to register, in registration's columns.
 */
export async function mapCatalog(
  con: DuckDBConnection,
  file: string,
  layout: TextLayout,
  fileName: string,
  opts: CatalogOptions,
  onStep: (step: string) => Promise<void> = async () => {},
): Promise<void> {
  try {
    // read_json spells "not compressed" differently from read_csv
    await execute(con, sqlFile(`portal/${STAGE[layout]}`), {
      path: file,
      compression: layout === 'json' ? 'uncompressed' : 'none',
    });
  } catch (err) {
    throw new AtlasError(
      'portal_unreadable',
      `${fileName}: could not read the ${layout.toUpperCase()} catalogue: ${duckdbMessage(err, 500)}`,
      400,
      undefined,
      `${fileName}：无法读取 ${layout.toUpperCase()} 目录：${duckdbMessage(err, 500)}`,
    );
  }
  await onStep('staged');
  for (const m of MACROS) await con.run(sqlFile(`portal/${m}`));
  await execute(con, sqlFile('portal/create_map'));
  for (const { kind, file: csv } of MAPPINGS) {
    await execute(con, sqlFile('portal/load_map'), { kind, path: path.join(MAPPINGS_DIR, csv) });
  }
  const params = {
    portal: opts.portal?.trim() || defaultPortalId(fileName),
    province: opts.province ?? null,
    city: opts.city ?? null,
  };
  for (const step of MAP_STEPS) {
    await execute(con, sqlFile(`portal/${step}`), params);
    await onStep(step);
  }
}

/** A portal id from a file name: "hangzhou_catalog.jsonl.gz" → "hangzhou_catalog". */
export function defaultPortalId(fileName: string): string {
  return path.basename(fileName).replace(/(\.(gz|json|jsonl|ndjson|csv|tsv|txt|xlsx))+$/i, '') || 'portal';
}
