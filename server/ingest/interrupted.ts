/**
 * Ingests a killed process left unfinished. Each upload job writes a marker (`job.json`) into its folder of the ingest
 * workspace (workspace.ts) when it starts, and the folder is removed when the job ends however it ends. A folder still
 * there when a writer opens the database was left by a process that died: at start the marker becomes a FAILED batch
 * in the history (reason `interrupted`: nothing of the file was written, since its transaction never committed), and
 * the folder, with whatever the dead ingest had written there, is removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AtlasDb } from '../db/database.ts';
import { queryOne } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import type { Logger } from '../log.ts';
import type { KindName } from './kinds.ts';
import { FILE_REASONS } from './reasons.ts';
import { recordBatch, type IngestSummary } from './summary.ts';
import { IngestWorkspace } from './workspace.ts';

const MARKER = 'job.json';

export interface JobMarker {
  kind: string;
  file_name: string;
  bytes: number;
  strict: boolean;
  started_at: string;
  source: string;
  account: string | null;
  /** Region codes of the loader's scope, null when national. */
  scope: string[] | null;
}

/** Say, in the job's workspace folder, that an ingest of this file has started (removed with the folder). */
export function writeJobMarker(dir: string, marker: JobMarker): void {
  fs.writeFileSync(path.join(dir, MARKER), JSON.stringify(marker));
}

export interface Recovery {
  /** Workspace entries removed (folders of uploads, decompressed and transcoded copies). */
  removed: number;
  /** FAILED batches recorded for the ingests that were interrupted. */
  failedBatches: number[];
}

const recovered = new WeakSet<AtlasDb>();

/**
 * Record interrupted ingests as FAILED batches and empty the workspace. Once per database handle, and only for a
 * writable database file: it alone may hold the workspace (DuckDB's file lock), so nothing in it belongs to a live job.
 */
export async function recoverInterruptedIngests(db: AtlasDb, log?: Logger): Promise<Recovery> {
  const none: Recovery = { removed: 0, failedBatches: [] };
  const ws = IngestWorkspace.of(db);
  if (db.readOnly || !ws.persistent || recovered.has(db)) return none;
  recovered.add(db);
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(ws.root, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return none;
    throw err;
  }
  const markers: JobMarker[] = [];
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const marker = readMarker(path.join(ws.root, e.name));
    if (marker) markers.push(marker);
  }
  markers.sort((a, b) => a.started_at.localeCompare(b.started_at));
  const failedBatches: number[] = [];
  if (markers.length)
    await db.writes.run(() =>
      db.withConnection(async (con) => {
        for (const m of markers) {
          const done = await queryOne<{ recorded: boolean }>(con, sqlFile('ingest/batch_recorded_since'), {
            file_name: m.file_name,
            source: m.source,
            started_at: m.started_at,
          });
          if (done?.recorded) continue;
          await con.run('BEGIN TRANSACTION');
          try {
            const { batch_id } = (await queryOne<{ batch_id: number }>(con, sqlFile('ingest/next_batch_id')))!;
            await recordBatch(con, failedSummary(batch_id, m), {
              startedIso: m.started_at,
              source: m.source,
              account: m.account,
              scope: m.scope,
            });
            await con.run('COMMIT');
            failedBatches.push(batch_id);
          } catch (err) {
            await con.run('ROLLBACK').catch(() => {});
            throw err;
          }
        }
      }),
    );
  // Only now: a crash before the batches are recorded leaves the markers for the next start.
  await Promise.all(entries.map((e) => fs.promises.rm(path.join(ws.root, e.name), { recursive: true, force: true })));
  // the emptied root too, as a finished job leaves it (workspace.ts makes it again for the next upload)
  await fs.promises.rmdir(ws.root).catch(() => undefined);
  if (entries.length)
    log?.warn(
      { removed: entries.length, failed_batches: failedBatches },
      'removed the temporary files of ingests a stopped process left; recorded its unfinished ingests as failed',
    );
  return { removed: entries.length, failedBatches };
}

function readMarker(dir: string): JobMarker | null {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as Partial<JobMarker>;
    if (typeof m.kind !== 'string' || typeof m.file_name !== 'string' || typeof m.started_at !== 'string') return null;
    return {
      kind: m.kind,
      file_name: m.file_name,
      bytes: Number(m.bytes) || 0,
      strict: !!m.strict,
      started_at: m.started_at,
      source: typeof m.source === 'string' ? m.source : 'upload',
      account: typeof m.account === 'string' ? m.account : null,
      scope: Array.isArray(m.scope) ? m.scope.map(String) : null,
    };
  } catch {
    // no marker (an upload still being received) or a torn one: the folder is removed, nothing to record
    return null;
  }
}

function failedSummary(batchId: number, m: JobMarker): IngestSummary {
  const reason = FILE_REASONS.interrupted;
  return {
    batch_id: batchId,
    kind: m.kind as KindName,
    file: m.file_name,
    status: 'FAILED',
    format: null,
    encoding: null,
    sha256: null,
    bytes: m.bytes,
    strict: m.strict,
    rows_read: 0,
    accepted: 0,
    inserted: 0,
    replaced: 0,
    unchanged: 0,
    rejected: 0,
    duplicates: 0,
    warnings: 0,
    warnings_by_rule: {},
    rejects_by_reason: {},
    first_rejects: [],
    file_errors: [{ code: 'interrupted', level: 'error', message: reason.en, ...reason }],
    elapsed_ms: 0,
    phases_ms: {},
    statements_ms: {},
  };
}
