/**
 * What an ingest reports and records: the summary of a file's batch (returned to the caller, stored on ingest_batch)
 * and the reading of a batch's rejects and warnings back from the database.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { execute, queryRows } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import type { KindName } from './kinds.ts';
import { rejectMessage, warningMessage, type Message } from './reasons.ts';
import type { FileNote } from './readers.ts';

export type IngestPhase =
  'queued' | 'hashing' | 'reading' | 'validating' | 'writing' | 'warnings' | 'rollups' | 'committing' | 'done';
/** FAILED: recorded at the next start for an ingest its process did not live to finish (interrupted.ts). */
export type IngestStatus = 'COMMITTED' | 'REFUSED' | 'DUPLICATE_FILE' | 'FAILED';

export interface IngestProgress {
  phase: IngestPhase;
  rows_read: number;
  rows_validated: number;
  elapsed_ms: number;
  bytes_read?: number;
  /** DuckDB's estimate for the statement running now, when it gives one. */
  percent?: number;
}

export interface Counted extends Message {
  count: number;
}

export interface IngestSummary {
  batch_id: number | null;
  kind: KindName;
  file: string;
  status: IngestStatus;
  format: string | null;
  encoding: string | null;
  sha256: string | null;
  bytes: number | null;
  strict: boolean;
  rows_read: number;
  accepted: number;
  inserted: number;
  replaced: number;
  unchanged: number;
  rejected: number;
  duplicates: number;
  warnings: number;
  warnings_by_rule: Record<string, Counted>;
  rejects_by_reason: Record<string, Counted>;
  first_rejects: {
    line: number | null;
    field: string | null;
    value: string | null;
    reason_code: string;
    reason: Message;
  }[];
  file_errors: (FileNote & Message)[];
  duplicate_of?: { batch_id: number; file_name: string; finished_at: string | null };
  elapsed_ms: number;
  phases_ms: Record<string, number>;
  /** Time of the long statements (duplicates, insert, rejects, warnings, rollups…), to see where time goes. */
  statements_ms: Record<string, number>;
}

const FIRST_REJECTS = 20;

/** A batch's warnings by rule, rejects by reason and its first rejected rows, as the summary lists them. */
export async function batchDetails(con: DuckDBConnection, batchId: number) {
  const warningsByRule: Record<string, Counted> = {};
  const rejectsByReason: Record<string, Counted> = {};
  let warnings = 0;
  for (const w of await queryRows<{ rule_code: string; warnings: number }>(
    con,
    sqlFile('ingest/batch_warning_counts'),
    { batch_id: batchId },
  )) {
    warningsByRule[w.rule_code] = { count: w.warnings, ...warningMessage(w.rule_code) };
    warnings += w.warnings;
  }
  for (const r of await queryRows<{ reason_code: string; problems: number }>(
    con,
    sqlFile('ingest/batch_reject_counts'),
    { batch_id: batchId },
  )) {
    rejectsByReason[r.reason_code] = { count: r.problems, ...rejectMessage(r.reason_code) };
  }
  const firstRejects: IngestSummary['first_rejects'] = (
    await queryRows<{ line: number | null; field: string | null; value: string | null; reason_code: string }>(
      con,
      sqlFile('ingest/batch_rejects'),
      { batch_id: batchId, limit: FIRST_REJECTS, offset: 0 },
    )
  ).map((r) => ({
    line: r.line,
    field: r.field,
    value: r.value,
    reason_code: r.reason_code,
    reason: rejectMessage(r.reason_code),
  }));
  return { warnings, warningsByRule, rejectsByReason, firstRejects };
}

/** Record the batch with its summary (ingest_batch), inside the ingest's transaction. */
export async function recordBatch(
  con: DuckDBConnection,
  s: IngestSummary,
  run: { startedIso: string; source: string | null; account: string | null; scope: readonly string[] | null },
) {
  await execute(con, sqlFile('ingest/insert_batch'), {
    batch_id: s.batch_id,
    kind: s.kind,
    file_name: s.file,
    content_hash: s.sha256 ?? '',
    file_bytes: s.bytes ?? 0,
    format: s.format,
    encoding: s.encoding,
    status: s.status,
    strict: s.strict,
    started_at: run.startedIso,
    finished_at: new Date().toISOString(),
    rows_read: s.rows_read,
    inserted: s.inserted,
    replaced: s.replaced,
    unchanged: s.unchanged,
    rejected: s.rejected,
    warnings: s.warnings,
    duplicates: s.duplicates,
    source: run.source,
    account: run.account,
    national: run.scope === null,
    scope: run.scope ?? [],
    summary: JSON.stringify(s),
  });
}
