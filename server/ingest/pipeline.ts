/**
 * ingestFile: one file → one batch in one transaction. Identify and hash the file, read it into a staging table,
 * validate with set-based queries, upsert by key with history, compute warnings, bring the rollups up to date, record
 * the batch, commit. Any error rolls everything back; a kill leaves an uncommitted transaction DuckDB discards.
 */
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AtlasDb } from '../db/database.ts';
import { NATIONAL, type Scope } from '../db/scope.ts';
import { queryOne, type SqlParams } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { AtlasError, duckdbMessage } from '../errors.ts';
import { cleanFileName } from './file-name.ts';
import { IngestWorkspace } from './workspace.ts';
import { updateRollups, writeWarnings, type TimedRun } from './derived.ts';
import { KIND_NAMES, KINDS, isKind, type KindSpec } from './kinds.ts';
import { FILE_REASONS, REJECT_REASONS, type FileReason, type Message } from './reasons.ts';
import { readerFor, type FileNote, type SourceReader } from './readers.ts';
import { FileRefusal, prepareFile, type PreparedFile } from './sniff.ts';
import { anyForeignStoredSql, foreignRecordsSql, scopeRegions } from './scope-sql.ts';
import { buildDuplicateKeysSql, buildKeysSql, buildStageSql, type StageSource } from './stage-sql.ts';
import {
  batchDetails,
  recordBatch,
  type IngestPhase,
  type IngestProgress,
  type IngestStatus,
  type IngestSummary,
} from './summary.ts';
import {
  EMPTY_KNOWN,
  INSERT_STAGE_REJECTS,
  deleteReplacedSql,
  historySql,
  insertRowsSql,
  knownKeysSql,
  knownRowsSql,
} from './upsert-sql.ts';

export type { Counted, IngestPhase, IngestProgress, IngestStatus, IngestSummary } from './summary.ts';

export interface IngestOptions {
  kind: string;
  path: string;
  /** Name to record and report (default: the path's base name); uploads pass the client's file name. */
  fileName?: string;
  /** Refuse the whole file when any row is rejected. */
  strict?: boolean;
  /** How the file arrived, recorded on the batch: cli, upload, sample, bench… */
  source?: string;
  /**
   * The regions the loader may write (default national). Rows outside them, and rows that would replace a stored record
   * outside them, are rejected as out_of_scope; recorded on the batch.
   */
  scope?: Scope;
  /** Who loads the file, recorded on the batch (null: the command line or local mode). */
  account?: string | null;
  onProgress?: (p: IngestProgress) => void;
  /** Read step for inputs that are not plain files of the kind's columns (default: by detected format). */
  reader?: SourceReader;
  /** Runs after every write and before COMMIT; a test throws here to prove a late failure changes nothing. */
  beforeCommit?: (con: DuckDBConnection) => Promise<void>;
}

export function unknownKind(kind: string): AtlasError {
  return new AtlasError(
    'unknown_kind',
    `unknown kind "${kind}"; the kinds are ${KIND_NAMES.join(', ')}`,
    404,
    {
      kinds: KIND_NAMES,
    },
    `未知的记录类型「${kind}」；可用的类型：${KIND_NAMES.join('、')}`,
  );
}

export async function ingestFile(db: AtlasDb, opts: IngestOptions): Promise<IngestSummary> {
  if (!isKind(opts.kind)) throw unknownKind(opts.kind);
  const run = new IngestRun(db, KINDS[opts.kind], opts);
  return run.execute();
}

class IngestRun {
  private readonly started = Date.now();
  private readonly startedIso = new Date().toISOString();
  private readonly fileName: string;
  private phase: IngestPhase = 'hashing';
  private phaseStart = Date.now();
  private readonly phases: Record<string, number> = {};
  private readonly statements: Record<string, number> = {};
  private rowsRead = 0;
  private rowsValidated = 0;
  private bytesRead = 0;
  private file: PreparedFile | null = null;
  private notes: FileNote[] = [];
  /** The scope's region codes (sorted, checked), null when national. */
  private readonly regions: string[] | null;

  constructor(
    private readonly db: AtlasDb,
    private readonly spec: KindSpec,
    private readonly opts: IngestOptions,
  ) {
    this.fileName = cleanFileName(opts.fileName ?? path.basename(opts.path));
    this.regions = scopeRegions(opts.scope ?? NATIONAL);
  }

  async execute(): Promise<IngestSummary> {
    this.report();
    try {
      this.file = await prepareFile(this.opts.path, IngestWorkspace.of(this.db), (bytes) => {
        this.bytesRead = bytes;
        this.report();
      });
    } catch (err) {
      if (err instanceof FileRefusal) return this.db.writes.run(() => this.refuse(err));
      throw err;
    }
    try {
      this.enter('queued');
      return await this.db.writes.run(async () => {
        // The readers' staging files (readers.ts): they back the staging view until the transaction ends.
        const workspace = IngestWorkspace.of(this.db);
        const workDir = await workspace.newDir('stage-');
        try {
          return await this.db.withConnection((con) => this.transaction(con, workDir));
        } finally {
          await workspace.removeDir(workDir);
        }
      });
    } finally {
      await this.file.cleanup();
    }
  }

  private report(extra: Partial<IngestProgress> = {}) {
    this.opts.onProgress?.({
      phase: this.phase,
      rows_read: this.rowsRead,
      rows_validated: this.rowsValidated,
      elapsed_ms: Date.now() - this.started,
      ...(this.phase === 'hashing' ? { bytes_read: this.bytesRead } : {}),
      ...extra,
    });
  }

  private enter(phase: IngestPhase) {
    const now = Date.now();
    this.phases[this.phase] = (this.phases[this.phase] ?? 0) + (now - this.phaseStart);
    this.phase = phase;
    this.phaseStart = now;
    this.report();
  }

  /**
   * Run one statement, timing it (the summary's statements_ms) and polling DuckDB's query progress while it runs so
   * the progress reports move during a long statement.
   */
  private readonly timed: TimedRun = async (con, label, sql, params = {}) => {
    await this.timedOne(con, label, sql, params);
  };

  private async timedOne<T = number>(
    con: DuckDBConnection,
    label: string,
    sql: string,
    params: SqlParams = {},
    column = 'n',
  ): Promise<T | undefined> {
    const t0 = Date.now();
    const timer = setInterval(() => {
      try {
        const p = con.progress;
        // While the clean rows are written, the rows DuckDB has processed are the rows validated so far.
        if (label === 'insert') this.rowsValidated = Math.min(Number(p.rows_processed), this.rowsRead);
        if (p.percentage > 0) this.report({ percent: Math.round(p.percentage * 10) / 10 });
        else this.report();
      } catch {
        // progress is best effort
      }
    }, 500);
    try {
      const row = await queryOne(con, sql, params);
      return row?.[column] as T | undefined;
    } finally {
      clearInterval(timer);
      this.statements[label] = (this.statements[label] ?? 0) + (Date.now() - t0);
    }
  }

  private async transaction(con: DuckDBConnection, workDir: string): Promise<IngestSummary> {
    const file = this.file!;
    const { spec } = this;
    const earlier = await queryOne<{ batch_id: number; file_name: string; finished_at: string | null }>(
      con,
      sqlFile('ingest/committed_batch_by_hash'),
      { kind: spec.kind, content_hash: file.sha256, national: this.regions === null, scope: this.regions ?? [] },
    );
    if (earlier) return this.summary({ status: 'DUPLICATE_FILE', batchId: null, duplicateOf: earlier });

    await con.run('SET enable_progress_bar = true');
    await con.run('SET enable_progress_bar_print = false');
    await con.run('BEGIN TRANSACTION');
    try {
      const batchId = (await queryOne<{ batch_id: number }>(con, sqlFile('ingest/next_batch_id')))!.batch_id;
      this.enter('reading');
      await con.run(sqlFile('ingest/enum_map'));
      const reader = this.opts.reader ?? readerFor(file);
      const read = await reader({ con, spec, file, batchId, fileName: this.fileName, workDir });
      this.notes.push(...read.notes);

      this.enter('validating');
      const source = read.source;
      this.rowsRead =
        (read.rows ?? (await queryOne<{ n: number }>(con, `SELECT count(*) AS n FROM ${source.relation} s`))!.n) +
        read.readerRejects;
      // Duplicate keys first, from the key columns alone; the staging view then marks those rows.
      const dupSql = buildDuplicateKeysSql(spec, source);
      await this.timed(con, 'duplicates', dupSql.candidates);
      let duplicates = 0;
      if ((await queryOne<{ n: number }>(con, 'SELECT count(*) AS n FROM ingest_dup_hashes'))!.n > 0) {
        await this.timed(con, 'duplicates', dupSql.keys);
        duplicates = (await queryOne<{ n: number }>(con, 'SELECT coalesce(sum(n), 0) AS n FROM ingest_dups'))!.n;
      }
      const scope = this.regions && { regions: this.regions, foreign: await this.foreignRecords(con, source) };
      await con.run(buildStageSql(spec, source, { dups: duplicates > 0, scope }));
      let refusal: FileReason | null = null;
      if (this.opts.strict) {
        const bad = (await this.timedOne<number>(
          con,
          'strict check',
          'SELECT count(*) AS n FROM ingest_stage WHERE bad',
        ))!;
        if (bad + read.readerRejects > 0) refusal = 'strict_refused';
      }
      let inserted = 0;
      let replaced = 0;
      let unchanged = 0;
      let clean = 0;
      if (!refusal) {
        this.enter('writing');
        ({ inserted, replaced, unchanged } = await this.upsert(con, batchId));
        clean = inserted + replaced + unchanged;
      }
      this.rowsValidated = this.rowsRead - read.readerRejects;
      // Rejects: a second pass over the staging view, only when some rows were not written (or strict refused).
      if (refusal || clean < this.rowsRead - read.readerRejects) {
        const codes = Object.keys(REJECT_REASONS);
        const messages = Object.values(REJECT_REASONS).map((m) => m.en);
        await this.timed(con, 'rejects', INSERT_STAGE_REJECTS, {
          batch_id: batchId,
          file_name: this.fileName,
          codes,
          messages,
        });
      }
      const rejected = (await queryOne<{ n: number }>(
        con,
        'SELECT count(DISTINCT coalesce(line, -1)) AS n FROM ingest_reject WHERE batch_id = $batch_id',
        { batch_id: batchId },
      ))!.n;
      const accepted = refusal ? 0 : clean;
      if (!refusal && inserted + replaced > 0) {
        this.enter('warnings');
        await writeWarnings(con, spec, batchId, buildKeysSql(spec, source), this.timed);
        this.enter('rollups');
        await updateRollups(con, spec.kind, batchId, this.timed);
      }
      if (refusal) {
        this.notes.push({
          code: refusal,
          level: 'error',
          message: `${FILE_REASONS[refusal].en} (${rejected} rejected rows)`,
        });
      }
      const status: IngestStatus = refusal || accepted === 0 ? 'REFUSED' : 'COMMITTED';
      this.enter('committing');
      const summary = await this.summary({
        status,
        batchId,
        con,
        counts: { accepted, inserted, replaced, unchanged, rejected, duplicates },
      });
      await recordBatch(con, summary, this.batchRun);
      await this.opts.beforeCommit?.(con);
      await con.run('COMMIT');
      this.enter('done');
      if (status === 'COMMITTED' && inserted + replaced > 0) await this.db.notifyDataChanged();
      return summary;
    } catch (err) {
      await con.run('ROLLBACK').catch(() => {});
      if (err instanceof FileRefusal) return this.refuse(err, con);
      if (err instanceof AtlasError) throw err;
      throw new AtlasError(
        'ingest_failed',
        `ingesting ${this.fileName} failed and the database was left unchanged: ${duckdbMessage(err, 1000)}`,
        500,
        undefined,
        `导入 ${this.fileName} 失败，数据库未改变：${duckdbMessage(err, 1000)}`,
      );
    }
  }

  /**
   * A scoped load: find the file's keys whose stored record lies outside the scope (ingest_foreign), which the staging
   * view then refuses. Skipped, without reading the file again, when no stored record of the kind is outside the scope.
   */
  private async foreignRecords(con: DuckDBConnection, source: StageSource): Promise<boolean> {
    const { spec } = this;
    const regions = this.regions!;
    if (!(await queryOne<{ n: boolean }>(con, anyForeignStoredSql(spec, regions)))!.n) return false;
    await this.timed(con, 'scope', foreignRecordsSql(spec, buildKeysSql(spec, source), regions));
    return (await queryOne<{ n: number }>(con, 'SELECT count(*) AS n FROM ingest_foreign'))!.n > 0;
  }

  /** Write the clean rows: new keys inserted, changed ones replaced (old version to record_history), same ones left. */
  private async upsert(con: DuckDBConnection, batchId: number) {
    const { spec } = this;
    const live = (await queryOne<{ n: number }>(con, `SELECT count(*) AS n FROM ${spec.tableSql}`))!.n;
    let replaced = 0;
    let unchanged = 0;
    if (live > 0) {
      await this.timed(con, 'known keys', knownKeysSql(spec));
      if ((await queryOne<{ n: number }>(con, 'SELECT count(*) AS n FROM ingest_hits'))!.n > 0)
        await this.timed(con, 'compare with live rows', knownRowsSql(spec));
      else await con.run(EMPTY_KNOWN);
      const k = (await queryOne<{ same: number; changed: number }>(
        con,
        'SELECT count(*) FILTER (WHERE same) AS same, count(*) FILTER (WHERE NOT same) AS changed FROM ingest_known',
      ))!;
      unchanged = k.same;
      replaced = k.changed;
      if (replaced > 0) {
        await this.timed(con, 'history', historySql(spec), { batch_id: batchId });
        await this.timed(con, 'delete replaced', deleteReplacedSql(spec));
      }
    }
    // Nothing reads the physical order of a record table (lines are a column of the stage, rejects are ordered by
    // line), so the insert need not keep the file's order: a plain parallel INSERT instead of DuckDB's order-keeping
    // batch insert, about a fifth faster at 10M rows. SESSION: this connection only; the CSV reader's row_number()
    // over the scan does rely on order, so the setting is restored right after.
    await con.run('SET SESSION preserve_insertion_order = false');
    let written: number;
    try {
      written = (await this.timedOne(con, 'insert', insertRowsSql(spec, live > 0), { batch_id: batchId }, 'Count'))!;
    } finally {
      // After a failed insert the transaction is aborted and refuses the RESET; the failure must surface, not this,
      // and the ingest's connection is closed after the rollback anyway.
      await con.run('RESET SESSION preserve_insertion_order').catch(() => {});
    }
    return { inserted: written - replaced, replaced, unchanged };
  }

  private get batchRun() {
    return {
      startedIso: this.startedIso,
      source: this.opts.source ?? null,
      account: this.opts.account ?? null,
      scope: this.regions,
    };
  }

  private async summary(o: {
    status: IngestStatus;
    batchId: number | null;
    con?: DuckDBConnection;
    counts?: {
      accepted: number;
      inserted: number;
      replaced: number;
      unchanged: number;
      rejected: number;
      duplicates: number;
    };
    duplicateOf?: { batch_id: number; file_name: string; finished_at: string | null };
  }): Promise<IngestSummary> {
    const file = this.file;
    const c = o.counts ?? { accepted: 0, inserted: 0, replaced: 0, unchanged: 0, rejected: 0, duplicates: 0 };
    const details =
      o.con && o.batchId !== null
        ? await batchDetails(o.con, o.batchId)
        : { warnings: 0, warningsByRule: {}, rejectsByReason: {}, firstRejects: [] };
    if (o.duplicateOf) {
      this.notes.push({
        code: 'duplicate_file',
        level: 'warning',
        message: `the same content was already ingested as batch ${o.duplicateOf.batch_id} (${o.duplicateOf.file_name}); nothing changed`,
      });
    }
    this.phases[this.phase] = (this.phases[this.phase] ?? 0) + (Date.now() - this.phaseStart);
    this.phaseStart = Date.now();
    return {
      batch_id: o.batchId,
      kind: this.spec.kind,
      file: this.fileName,
      status: o.status,
      format: file?.format ?? null,
      encoding: file?.encoding ?? null,
      sha256: file?.sha256 ?? null,
      bytes: file?.bytes ?? null,
      strict: !!this.opts.strict,
      rows_read: this.rowsRead,
      accepted: c.accepted,
      inserted: c.inserted,
      replaced: c.replaced,
      unchanged: c.unchanged,
      rejected: c.rejected,
      duplicates: c.duplicates,
      warnings: details.warnings,
      warnings_by_rule: details.warningsByRule,
      rejects_by_reason: details.rejectsByReason,
      first_rejects: details.firstRejects,
      file_errors: this.notes.map((n) => ({ ...n, ...noteMessage(n.code) })),
      ...(o.duplicateOf ? { duplicate_of: o.duplicateOf } : {}),
      elapsed_ms: Date.now() - this.started,
      phases_ms: { ...this.phases },
      statements_ms: { ...this.statements },
    };
  }

  /** A file refused as a whole: nothing of it is kept except the REFUSED batch that says why. */
  private async refuse(err: FileRefusal, con?: DuckDBConnection): Promise<IngestSummary> {
    this.notes.push({
      code: err.code,
      level: 'error',
      message: err.message,
      ...(Object.keys(err.detail).length ? { detail: err.detail } : {}),
    });
    const write = async (c: DuckDBConnection) => {
      await c.run('BEGIN TRANSACTION');
      try {
        const batchId = (await queryOne<{ batch_id: number }>(c, sqlFile('ingest/next_batch_id')))!.batch_id;
        this.rowsRead = 0;
        this.rowsValidated = 0;
        const summary = await this.summary({ status: 'REFUSED', batchId: null });
        summary.batch_id = batchId;
        await recordBatch(c, summary, this.batchRun);
        await c.run('COMMIT');
        return summary;
      } catch (e) {
        await c.run('ROLLBACK').catch(() => {});
        throw e;
      }
    };
    this.enter('done');
    return con ? write(con) : this.db.withConnection(write);
  }
}

function noteMessage(code: string): Message {
  return (FILE_REASONS as Record<string, Message>)[code] ?? { zh: code, en: code };
}
