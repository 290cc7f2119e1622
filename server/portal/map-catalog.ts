import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { execute } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { AtlasError, duckdbMessage } from '../errors.ts';
import { detectCatalogFile, transcodeGb18030, xlsxToNdjson, type CatalogFileInfo, type CatalogFormat } from './catalog-file.ts';

export interface CatalogOptions {
  /** Stable id of the portal the file comes from (part of every record's identity). Default: the file's base name. */
  portal?: string;
  /** Province (and city) of every record that does not name its own. */
  province?: string;
  city?: string;
  /** Force a layout instead of detecting it. */
  format?: CatalogFormat;
  /** Name to report the file under (an upload's original name). Default: the file's base name. */
  fileName?: string;
}

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

const MACROS = ['portal/macro_norm', 'portal/macro_text', 'portal/macro_date_plausible', 'portal/macro_date', 'portal/macro_volume', 'portal/macro_gb'];

/** The mapping steps, in order; each creates one temporary table from the ones before (see queries/portal/). */
const MAP_STEPS = [
  'portal/stage_records',
  'portal/field_values',
  'portal/classify_labels',
  'portal/classify_records',
  'portal/record_formats',
  'portal/record_places',
  'portal/resolve_regions',
  'portal/map_records',
];

export interface StagedCatalog extends CatalogFileInfo {
  fileName: string;
  portal: string;
}

/**
 * Read a catalogue file into temporary tables of `con` and map it: afterwards portal_mapped holds one row per record
 * (registration-shaped, with reject and report columns). Everything is set-based SQL over the staged records.
 */
export async function mapCatalog(con: DuckDBConnection, file: string, opts: CatalogOptions = {}): Promise<StagedCatalog> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new AtlasError('portal_no_file', `no such file: ${file}`, 400);
  const fileName = opts.fileName ?? path.basename(file);
  const info = detectCatalogFile(file, opts.format);
  const portal = opts.portal?.trim() || defaultPortalId(fileName);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-portal-'));
  try {
    await stage(con, file, info, tmp, fileName);
    for (const m of MACROS) await con.run(sqlFile(m));
    await execute(con, sqlFile('portal/create_map'));
    for (const { kind, file: csv } of MAPPINGS) {
      await execute(con, sqlFile('portal/load_map'), { kind, path: path.join(MAPPINGS_DIR, csv) });
    }
    const params = { portal, province: opts.province ?? null, city: opts.city ?? null };
    for (const step of MAP_STEPS) await execute(con, sqlFile(step), params);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { ...info, fileName, portal };
}

/** A portal id from a file name: "hangzhou_catalog.jsonl.gz" → "hangzhou_catalog". */
export function defaultPortalId(fileName: string): string {
  return path.basename(fileName).replace(/(\.(gz|json|jsonl|ndjson|csv|tsv|xlsx))+$/i, '') || 'portal';
}

async function stage(con: DuckDBConnection, file: string, info: CatalogFileInfo, tmp: string, fileName: string): Promise<void> {
  let source = file;
  // read_json spells "not compressed" differently from read_csv
  let compression = info.gzip ? 'gzip' : info.format === 'json' ? 'uncompressed' : 'none';
  let step = info.format === 'json' ? 'portal/stage_json_array' : info.format === 'csv' ? 'portal/stage_csv' : 'portal/stage_ndjson';
  if (info.format === 'xlsx') {
    source = path.join(tmp, 'sheet.ndjson');
    await xlsxToNdjson(file, source);
    compression = 'none';
  } else if (info.format === 'csv' && info.encoding === 'gb18030') {
    source = path.join(tmp, 'utf8.csv');
    await transcodeGb18030(file, source, info.gzip);
    compression = 'none';
  }
  try {
    await execute(con, sqlFile(step), { path: source, compression });
  } catch (err) {
    if (err instanceof AtlasError) throw err;
    throw new AtlasError('portal_unreadable', `${fileName}: could not read the ${info.format.toUpperCase()} catalogue: ${duckdbMessage(err, 500)}`, 400);
  }
}
