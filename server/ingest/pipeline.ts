/**
 * ingestFile: one file → one batch in one transaction. Identify and hash the file, read it into a staging table,
 * validate with set-based queries, upsert by key with history, compute warnings, bring the rollups up to date, record
 * the batch, commit. Any error rolls everything back; a kill leaves an uncommitted transaction DuckDB discards.
 */
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AtlasDb } from '../db/database.ts';
import { execute, queryOne, queryRows, type SqlParams } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { AtlasError, duckdbMessage } from '../errors.ts';
import { KIND_NAMES, KINDS, isKind, type KindName, type KindSpec } from './kinds.ts';
import { FILE_REASONS, REJECT_REASONS, WARNING_RULES, rejectMessage, warningMessage, type FileReason, type Message } from './reasons.ts';
import { readerFor, type FileNote, type SourceReader } from './readers.ts';
import { FileRefusal, prepareFile, type PreparedFile } from './sniff.ts';
import { buildDuplicateKeysSql, buildKeysSql, buildStageSql } from './stage-sql.ts';
import { INSERT_STAGE_REJECTS, deleteReplacedSql, historySql, insertRowsSql, knownRowsSql, warningLinesSql } from './upsert-sql.ts';

export type IngestPhase = 'queued' | 'hashing' | 'reading' | 'validating' | 'writing' | 'warnings' | 'rollups' | 'committing' | 'done';
export type IngestStatus = 'COMMITTED' | 'REFUSED' | 'DUPLICATE_FILE';

export interface IngestProgress {
  phase: IngestPhase;
  rows_read: number;
  rows_validated: number;
  elapsed_ms: number;
  bytes_read?: number;
  /** DuckDB's estimate for the statement running now, when it gives one. */
  percent?: number;
}

export interface IngestOptions {
  kind: string;
  path: string;
  /** Name to record and report (default: the path's base name); uploads pass the client's file name. */
  fileName?: string;
  /** Refuse the whole file when any row is rejected. */
  strict?: boolean;
  /** How the file arrived, recorded on the batch: cli, upload, sample, bench… */
  source?: string;
  onProgress?: (p: IngestProgress) => void;
  /** Read step for inputs that are not plain files of the kind's columns (default: by detected format). */
  reader?: SourceReader;
  /** Runs after every write and before COMMIT; a test throws here to prove a late failure changes nothing. */
  beforeCommit?: (con: DuckDBConnection) => Promise<void>;
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
  first_rejects: { line: number | null; field: string | null; value: string | null; reason_code: string; reason: Message }[];
  file_errors: (FileNote & Message)[];
  duplicate_of?: { batch_id: number; file_name: string; finished_at: string | null };
  elapsed_ms: number;
  phases_ms: Record<string, number>;
  /** Time of the long statements (duplicates, insert, rejects, warnings, rollups…), to see where time goes. */
  statements_ms: Record<string, number>;
}

/** Warning queries (queries/ingest/warn_*.sql) per kind, with the rule each one writes. */
const WARNING_QUERIES: Record<KindName, [string, keyof typeof WARNING_RULES][]> = {
  org: [],
  registration: [
    ['ingest/warn_registration_notice', 'NOTICE_NOT_10_WD'],
    ['ingest/warn_registration_acceptance', 'ACCEPTANCE_OVER_3_WD'],
    ['ingest/warn_registration_filing', 'FILING_LATE'],
    ['ingest/warn_registration_core', 'CORE_ASSET_AUTHORIZED'],
  ],
  authorization: [
    ['ingest/warn_authorization_term', 'TERM_OVER_5_YEARS'],
    ['ingest/warn_authorization_revenue', 'REVENUE_ABOVE_MAX'],
  ],
  authorization_resource: [['ingest/warn_authorization_resource_core', 'CORE_ASSET_AUTHORIZED']],
  product: [['ingest/warn_product_price_cap', 'PRICE_ABOVE_CAP']],
  usage: [['ingest/warn_usage_free_purpose', 'FREE_PURPOSE_CHARGED']],
};

const FIRST_REJECTS = 20;

export function unknownKind(kind: string): AtlasError {
  return new AtlasError('unknown_kind', `unknown kind "${kind}"; the kinds are ${KIND_NAMES.join(', ')}`, 404, { kinds: KIND_NAMES });
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

  constructor(
    private readonly db: AtlasDb,
    private readonly spec: KindSpec,
    private readonly opts: IngestOptions,
  ) {
    this.fileName = opts.fileName ?? path.basename(opts.path);
  }

  async execute(): Promise<IngestSummary> {
    this.report();
    try {
      this.file = await prepareFile(this.opts.path, (bytes) => {
        this.bytesRead = bytes;
        this.report();
      });
    } catch (err) {
      if (err instanceof FileRefusal) return this.db.writes.run(() => this.refuse(err));
      throw err;
    }
    try {
      this.enter('queued');
      return await this.db.writes.run(() => this.db.withConnection((con) => this.transaction(con)));
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
  private async timed(con: DuckDBConnection, label: string, sql: string, params: SqlParams = {}): Promise<void> {
    await this.timedOne(con, label, sql, params);
  }

  private async timedOne<T = number>(con: DuckDBConnection, label: string, sql: string, params: SqlParams = {}, column = 'n'): Promise<T | undefined> {
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

  private async transaction(con: DuckDBConnection): Promise<IngestSummary> {
    const file = this.file!;
    const { spec } = this;
    const earlier = await queryOne<{ batch_id: number; file_name: string; finished_at: string | null }>(con, sqlFile('ingest/committed_batch_by_hash'), {
      kind: spec.kind,
      content_hash: file.sha256,
    });
    if (earlier) return this.summary({ status: 'DUPLICATE_FILE', batchId: null, duplicateOf: earlier });

    await con.run('SET enable_progress_bar = true');
    await con.run('SET enable_progress_bar_print = false');
    await con.run('BEGIN TRANSACTION');
    let batchId = 0;
    try {
      batchId = (await queryOne<{ batch_id: number }>(con, sqlFile('ingest/next_batch_id')))!.batch_id;
      this.enter('reading');
      await con.run(sqlFile('ingest/enum_map'));
      const reader = this.opts.reader ?? readerFor(file);
      const read = await reader({ con, spec, file, batchId, fileName: this.fileName });
      this.notes.push(...read.notes);

      this.enter('validating');
      const source = read.source;
      this.rowsRead = (read.rows ?? (await queryOne<{ n: number }>(con, `SELECT count(*) AS n FROM ${source.relation} s`))!.n) + read.readerRejects;
      // Duplicate keys first, from the key columns alone; the staging view then marks those rows.
      const dupSql = buildDuplicateKeysSql(spec, source);
      await this.timed(con, 'duplicates', dupSql.candidates);
      let duplicates = 0;
      if ((await queryOne<{ n: number }>(con, 'SELECT count(*) AS n FROM ingest_dup_hashes'))!.n > 0) {
        await this.timed(con, 'duplicates', dupSql.keys);
        duplicates = (await queryOne<{ n: number }>(con, 'SELECT coalesce(sum(n), 0) AS n FROM ingest_dups'))!.n;
      }
      await con.run(buildStageSql(spec, source, { dups: duplicates > 0 }));
      let refusal: FileReason | null = null;
      if (this.opts.strict) {
        const bad = (await this.timedOne<number>(con, 'strict check', 'SELECT count(*) AS n FROM ingest_stage WHERE bad'))!;
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
        await this.timed(con, 'rejects', INSERT_STAGE_REJECTS, { batch_id: batchId, file_name: this.fileName, codes, messages });
      }
      const rejected = (await queryOne<{ n: number }>(con, 'SELECT count(DISTINCT coalesce(line, -1)) AS n FROM ingest_reject WHERE batch_id = $batch_id', { batch_id: batchId }))!.n;
      const accepted = refusal ? 0 : clean;
      if (!refusal && inserted + replaced > 0) {
        this.enter('warnings');
        await this.warnings(con, batchId, buildKeysSql(spec, source));
        this.enter('rollups');
        await this.rollups(con, batchId);
      }
      if (refusal) {
        this.notes.push({ code: refusal, level: 'error', message: `${FILE_REASONS[refusal].en} (${rejected} rejected rows)` });
      }
      const status: IngestStatus = refusal || accepted === 0 ? 'REFUSED' : 'COMMITTED';
      this.enter('committing');
      const summary = await this.summary({ status, batchId, con, counts: { accepted, inserted, replaced, unchanged, rejected, duplicates } });
      await this.recordBatch(con, summary);
      await this.opts.beforeCommit?.(con);
      await con.run('COMMIT');
      this.enter('done');
      if (status === 'COMMITTED' && inserted + replaced > 0) await this.db.notifyDataChanged();
      return summary;
    } catch (err) {
      await con.run('ROLLBACK').catch(() => {});
      if (err instanceof FileRefusal) return this.refuse(err, con);
      if (err instanceof AtlasError) throw err;
      throw new AtlasError('ingest_failed', `ingesting ${this.fileName} failed and the database was left unchanged: ${duckdbMessage(err, 1000)}`, 500);
    }
  }

  /** Write the clean rows: new keys inserted, changed ones replaced (old version to record_history), same ones left. */
  private async upsert(con: DuckDBConnection, batchId: number) {
    const { spec } = this;
    const live = (await queryOne<{ n: number }>(con, `SELECT count(*) AS n FROM ${spec.tableSql}`))!.n;
    let replaced = 0;
    let unchanged = 0;
    if (live > 0) {
      await this.timed(con, 'compare with live rows', knownRowsSql(spec));
      const k = (await queryOne<{ same: number; changed: number }>(con, 'SELECT count(*) FILTER (WHERE same) AS same, count(*) FILTER (WHERE NOT same) AS changed FROM ingest_known'))!;
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

  private async warnings(con: DuckDBConnection, batchId: number, keys: string) {
    const queries = WARNING_QUERIES[this.spec.kind];
    for (const [name, rule] of queries) await this.timed(con, name, sqlFile(name), { batch_id: batchId, message: WARNING_RULES[rule].en });
    const any = (await queryOne<{ n: number }>(con, 'SELECT count(*) AS n FROM ingest_warning WHERE batch_id = $batch_id', { batch_id: batchId }))!.n;
    if (any > 0) await this.timed(con, 'warning lines', warningLinesSql(this.spec, keys), { batch_id: batchId });
  }

  private async rollups(con: DuckDBConnection, batchId: number) {
    if (this.spec.kind === 'usage') {
      await this.timed(con, 'rollup_usage_month', sqlFile('rollups/usage_month_apply_batch'), { batch_id: batchId });
      await con.run(sqlFile('rollups/usage_month_drop_empty'));
    } else if (this.spec.kind === 'product') {
      const moved = (await queryOne<{ n: number }>(con, sqlFile('rollups/product_sector_changed'), { batch_id: batchId }))!.n;
      if (moved > 0) {
        await con.run(sqlFile('rollups/usage_month_clear'));
        await con.run(sqlFile('rollups/usage_month_rebuild'));
      }
    }
  }

  private async summary(o: {
    status: IngestStatus;
    batchId: number | null;
    con?: DuckDBConnection;
    counts?: { accepted: number; inserted: number; replaced: number; unchanged: number; rejected: number; duplicates: number };
    duplicateOf?: { batch_id: number; file_name: string; finished_at: string | null };
  }): Promise<IngestSummary> {
    const file = this.file;
    const c = o.counts ?? { accepted: 0, inserted: 0, replaced: 0, unchanged: 0, rejected: 0, duplicates: 0 };
    const warningsByRule: Record<string, Counted> = {};
    const rejectsByReason: Record<string, Counted> = {};
    let firstRejects: IngestSummary['first_rejects'] = [];
    let warnings = 0;
    if (o.con && o.batchId !== null) {
      for (const w of await queryRows<{ rule_code: string; warnings: number }>(o.con, sqlFile('ingest/batch_warning_counts'), { batch_id: o.batchId })) {
        warningsByRule[w.rule_code] = { count: w.warnings, ...warningMessage(w.rule_code) };
        warnings += w.warnings;
      }
      for (const r of await queryRows<{ reason_code: string; problems: number }>(o.con, sqlFile('ingest/batch_reject_counts'), { batch_id: o.batchId })) {
        rejectsByReason[r.reason_code] = { count: r.problems, ...rejectMessage(r.reason_code) };
      }
      firstRejects = (await queryRows<{ line: number | null; field: string | null; value: string | null; reason_code: string }>(
        o.con, sqlFile('ingest/batch_rejects'), { batch_id: o.batchId, limit: FIRST_REJECTS, offset: 0 },
      )).map((r) => ({ line: r.line, field: r.field, value: r.value, reason_code: r.reason_code, reason: rejectMessage(r.reason_code) }));
    }
    if (o.duplicateOf) {
      this.notes.push({ code: 'duplicate_file', level: 'warning', message: `the same content was already ingested as batch ${o.duplicateOf.batch_id} (${o.duplicateOf.file_name}); nothing changed` });
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
      warnings,
      warnings_by_rule: warningsByRule,
      rejects_by_reason: rejectsByReason,
      first_rejects: firstRejects,
      file_errors: this.notes.map((n) => ({ ...n, ...noteMessage(n.code) })),
      ...(o.duplicateOf ? { duplicate_of: o.duplicateOf } : {}),
      elapsed_ms: Date.now() - this.started,
      phases_ms: { ...this.phases },
      statements_ms: { ...this.statements },
    };
  }

  private async recordBatch(con: DuckDBConnection, s: IngestSummary) {
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
      started_at: this.startedIso,
      finished_at: new Date().toISOString(),
      rows_read: s.rows_read,
      inserted: s.inserted,
      replaced: s.replaced,
      unchanged: s.unchanged,
      rejected: s.rejected,
      warnings: s.warnings,
      duplicates: s.duplicates,
      source: this.opts.source ?? null,
      summary: JSON.stringify(s),
    });
  }

  /** A file refused as a whole: nothing of it is kept except the REFUSED batch that says why. */
  private async refuse(err: FileRefusal, con?: DuckDBConnection): Promise<IngestSummary> {
    this.notes.push({ code: err.code, level: 'error', message: err.message, ...(Object.keys(err.detail).length ? { detail: err.detail } : {}) });
    const write = async (c: DuckDBConnection) => {
      await c.run('BEGIN TRANSACTION');
      try {
        const batchId = (await queryOne<{ batch_id: number }>(c, sqlFile('ingest/next_batch_id')))!.batch_id;
        this.rowsRead = 0;
        this.rowsValidated = 0;
        const summary = await this.summary({ status: 'REFUSED', batchId: null });
        summary.batch_id = batchId;
        await this.recordBatch(c, summary);
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
