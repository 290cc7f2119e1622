import crypto from 'node:crypto';
import fs from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AtlasDb } from '../db/database.ts';
import { execute, queryOne, queryRows, type Row } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { mapCatalog, type CatalogOptions } from './map-catalog.ts';

export interface ImportOptions extends CatalogOptions {
  /** How the file arrived (ingest_batch.source): cli, upload, … */
  source?: string;
}

/** What `atlas ingest portal-catalog` prints and POST /api/ingest/portal-catalog answers. */
export interface PortalImportReport {
  batch_id: number;
  kind: 'portal-catalog';
  file: string;
  portal: string;
  format: string;
  gzip: boolean;
  encoding: string | null;
  /** Non-blank records read from the file. */
  rows_read: number;
  /** Records that passed (including exact repeats of an earlier record, merged into it). */
  accepted: number;
  accepted_share: number;
  /** Distinct records after merging repeats: what the registration table now holds for this file. */
  records: number;
  repeats: number;
  rejected: number;
  inserted: number;
  replaced: number;
  unchanged: number;
  rejects: Row[];
  first_rejects: Row[];
  fields: Row[];
  unmapped: Row[];
  regions: Row[];
  portals: Row[];
  elapsed_ms: number;
}

/** How many unmapped labels and example rejects the batch summary keeps (the full lists are in the returned report). */
const SUMMARY_UNMAPPED = 200;
const FIRST_REJECTS = 20;

/**
 * Import one open-data portal catalogue as registration records in one transaction: map it (map-catalog.ts), then
 * upsert by portal identity (new records inserted, changed ones replaced with the old version kept in record_history,
 * identical ones left alone), record the rejects and one ingest batch whose summary is the report.
 */
export async function importCatalog(db: AtlasDb, file: string, opts: ImportOptions = {}): Promise<PortalImportReport> {
  const started = new Date();
  const t0 = performance.now();
  const { hash, bytes } = await fileDigest(file);
  const report = await db.writes.run(() =>
    db.withConnection(async (con) => {
      const staged = await mapCatalog(con, file, opts);
      const totals = (await queryOne(con, sqlFile('portal/report_totals')))!;
      const partial = {
        kind: 'portal-catalog' as const,
        file: staged.fileName,
        portal: staged.portal,
        format: staged.format,
        gzip: staged.gzip,
        encoding: staged.encoding,
        rows_read: Number(totals.rows_read),
        accepted: Number(totals.accepted),
        accepted_share: Number(totals.rows_read) ? Math.round((Number(totals.accepted) / Number(totals.rows_read)) * 1e4) / 1e4 : 0,
        records: Number(totals.records),
        repeats: Number(totals.repeats),
        rejected: Number(totals.rejected),
        rejects: await queryRows(con, sqlFile('portal/report_rejects')),
        first_rejects: await queryRows(con, `SELECT line, reject_field AS field, reject_value AS value, reject_reason AS reason
          FROM portal_mapped WHERE reject_code IS NOT NULL ORDER BY line LIMIT ${FIRST_REJECTS}`),
        fields: await queryRows(con, sqlFile('portal/report_fields')),
        unmapped: await queryRows(con, sqlFile('portal/report_unmapped')),
        regions: await queryRows(con, sqlFile('portal/report_regions')),
        portals: await queryRows(con, sqlFile('portal/report_portals')),
      };
      const outcome = await upsert(con, {
        file_name: staged.fileName,
        content_hash: hash,
        file_bytes: bytes,
        format: staged.gzip ? `${staged.format}+gzip` : staged.format,
        encoding: staged.encoding,
        started_at: started.toISOString(),
        rows_read: partial.rows_read,
        rejected: partial.rejected,
        source: opts.source ?? 'cli',
      }, (o) => JSON.stringify({ ...partial, ...o, unmapped: partial.unmapped.slice(0, SUMMARY_UNMAPPED) }));
      return { ...partial, ...outcome };
    }),
  );
  await db.notifyDataChanged();
  return { ...report, elapsed_ms: Math.round(performance.now() - t0) };
}

interface BatchFacts {
  file_name: string;
  content_hash: string;
  file_bytes: number;
  format: string;
  encoding: string | null;
  started_at: string;
  rows_read: number;
  rejected: number;
  source: string;
}

type Outcome = { batch_id: number; inserted: number; replaced: number; unchanged: number };

async function upsert(con: DuckDBConnection, facts: BatchFacts, summary: (o: Outcome) => string): Promise<Outcome> {
  await con.run('BEGIN TRANSACTION');
  try {
    const batch_id = Number((await queryOne(con, sqlFile('portal/next_batch_id')))!.batch_id);
    await execute(con, sqlFile('portal/accepted_records'));
    await execute(con, sqlFile('portal/known_records'));
    const counts = (await queryOne(con, sqlFile('portal/count_outcome')))!;
    const outcome: Outcome = { batch_id, inserted: Number(counts.inserted), replaced: Number(counts.replaced), unchanged: Number(counts.unchanged) };
    await execute(con, sqlFile('portal/keep_history'), { batch_id });
    await execute(con, sqlFile('portal/delete_replaced'));
    await execute(con, sqlFile('portal/insert_records'), { batch_id });
    await execute(con, sqlFile('portal/insert_rejects'), { batch_id, file_name: facts.file_name });
    await execute(con, sqlFile('portal/insert_batch'), {
      ...facts,
      batch_id,
      inserted: outcome.inserted,
      replaced: outcome.replaced,
      unchanged: outcome.unchanged,
      duplicates: 0,
      summary: summary(outcome),
    });
    await con.run('COMMIT');
    return outcome;
  } catch (err) {
    await con.run('ROLLBACK');
    throw err;
  }
}

async function fileDigest(file: string): Promise<{ hash: string; bytes: number }> {
  const h = crypto.createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { hash: h.digest('hex'), bytes };
}
