import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import type { AtlasDb } from '../db/database.ts';
import { NATIONAL, type Scope } from '../db/scope.ts';
import { AtlasError, badRequest, conflict } from '../errors.ts';
import type { Logger } from '../log.ts';
import { ARROW_EOS } from './chunks.ts';
import { exportBoundsFromEnv, type ExportBounds } from './export-bounds.ts';
import { Gate } from './gate.ts';
import type { Catalog } from './schema-info.ts';
import { SnapshotManager, sandboxConfigFromEnv, type SandboxConfig, type SnapshotLease } from './snapshot.ts';
import { redactPaths, sqlError } from './sql-error.ts';
import { checkSqlText } from './statement.ts';
import { sweepTempLeftoversOnce } from './temp-leftovers.ts';
import { SqlWorkerHost } from './worker-host.ts';
import type { ExportFormat, ExportReply, RunReply } from './worker-protocol.ts';

export interface SandboxLimits {
  /** Queries running at once (ATLAS_SQL_CONCURRENCY, default 2) and waiting (default 20). */
  slots: number;
  maxQueue: number;
  /** Queries one user may run at once (ATLAS_SQL_PER_USER, default 1): the others' share of the slots. */
  perUser: number;
  /** Row cap when the request names none, and the largest a request may ask for (ATLAS_SQL_MAX_ROWS). */
  defaultRows: number;
  maxRows: number;
  /** Per-query time limit: default and the most a request may ask for (ATLAS_SQL_TIMEOUT_MS); exports get their own. */
  defaultTimeoutMs: number;
  maxTimeoutMs: number;
  exportTimeoutMs: number;
}

export function limitsFromEnv(): SandboxLimits {
  const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback) || fallback;
  return {
    slots: num('ATLAS_SQL_CONCURRENCY', 2),
    maxQueue: 20,
    perUser: num('ATLAS_SQL_PER_USER', 1),
    defaultRows: 10_000,
    maxRows: num('ATLAS_SQL_MAX_ROWS', 500_000),
    defaultTimeoutMs: num('ATLAS_SQL_TIMEOUT_MS', 30_000),
    maxTimeoutMs: Math.max(num('ATLAS_SQL_TIMEOUT_MS', 30_000), 300_000),
    exportTimeoutMs: num('ATLAS_SQL_EXPORT_TIMEOUT_MS', 600_000),
  };
}

export interface QueryOptions {
  /** Client-chosen id for POST /api/sql/cancel ([A-Za-z0-9_-], up to 64); a UUID when left out. */
  queryId?: string;
  timeoutMs?: number;
  /** Aborted when the HTTP client goes away: the query is stopped like a cancel. */
  signal?: AbortSignal;
  /**
   * The regions whose rows the statement may see (default national): it runs on that scope's own snapshot, which holds
   * no other rows (snapshot.ts), so no SQL can reach them.
   */
  scope?: Scope;
  /** Who runs it: the gate gives one user at most limits.perUser of its slots. */
  user?: string;
}

export interface RunResult {
  /** The result as Arrow IPC stream bytes, with the facts below also in its schema metadata; sent as they are. */
  ipc: Uint8Array;
  /** rows, query_id, truncated, limit, elapsed_ms, queued_ms, snapshot_version, statement_type. */
  meta: Record<string, string | number | boolean>;
  truncated: boolean;
  limit: number;
  queryId: string;
  /** The decoded result, for callers that need rows (JSON, CSV, tests); decoded on first use. */
  readonly table: Table;
}

/** The facts of an analyst answer: rows, query_id, truncated, limit, elapsed_ms, queued_ms, snapshot_version, statement_type. */
export type AnswerMeta = Record<string, string | number | boolean>;

export type RunOptions = Omit<QueryOptions, 'timeoutMs'> & { limit?: number | string; timeoutMs?: number | string };

type StopReason = 'timeout' | 'cancelled';

interface Control {
  id: string;
  reason: StopReason | null;
  abort: AbortController;
  /** Set once the worker was asked to stop: kills it when the query has not ended by then. */
  killTimer?: ReturnType<typeof setTimeout>;
  state: 'queued' | 'running';
}

/** How long a stopped query may take to end before its worker is killed and replaced (a long scalar can ignore interrupts). */
const STOP_GRACE_MS = 2_000;

const QUERY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A requested row cap, checked against the limits (the default when none is given). */
export function parseRowLimit(limit: unknown, limits: SandboxLimits): number {
  if (limit === undefined || limit === null) return limits.defaultRows;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > limits.maxRows) {
    throw badRequest(
      'invalid_limit',
      `limit must be a whole number from 1 to ${limits.maxRows}, got ${JSON.stringify(limit)}; use export for full results`,
      {
        field: 'limit',
        value: limit,
      },
      `limit 必须是 1 到 ${limits.maxRows} 的整数，收到 ${JSON.stringify(limit)}；完整结果请用导出`,
    );
  }
  return n;
}

/** A requested time limit in ms, checked against the limits (the default when none is given). */
export function parseTimeout(ms: unknown, limits: SandboxLimits): number {
  if (ms === undefined || ms === null) return limits.defaultTimeoutMs;
  const n = Number(ms);
  if (!Number.isInteger(n) || n < 1 || n > limits.maxTimeoutMs) {
    throw badRequest(
      'invalid_timeout',
      `timeout_ms must be a whole number from 1 to ${limits.maxTimeoutMs}, got ${JSON.stringify(ms)}`,
      {
        field: 'timeout_ms',
        value: ms,
      },
      `timeout_ms 必须是 1 到 ${limits.maxTimeoutMs} 的整数，收到 ${JSON.stringify(ms)}`,
    );
  }
  return n;
}

/**
 * Runs analyst SQL on the read-only snapshot (snapshot.ts) in a separate worker process (worker.ts, worker-host.ts),
 * behind a gate of a few slots, with a row cap, a time limit, cancellation by query id and a resident-memory limit on the
 * worker. The main database is never touched by analyst text, and no analyst result is held in this process's DuckDB.
 */
export class AnalystSandbox {
  readonly snapshots: SnapshotManager;
  readonly gate: Gate;
  readonly limits: SandboxLimits;
  /** Size cap of one export and the free-disk floor (export-bounds.ts). */
  readonly exportBounds: ExportBounds; // its fields may be changed at run time (tests)
  readonly worker: SqlWorkerHost;
  private readonly running = new Map<string, Control>();

  constructor(
    db: AtlasDb,
    opts: {
      config?: SandboxConfig;
      limits?: Partial<SandboxLimits>;
      maxRssMb?: number;
      log?: Logger;
      /** Scope snapshots kept at once (ATLAS_SQL_SCOPE_SNAPSHOTS, default 8). */
      scopeSnapshots?: number;
      exportBounds?: Partial<ExportBounds>;
    } = {},
  ) {
    // what a killed server left in the temp folders, before this one makes its own
    sweepTempLeftoversOnce();
    this.limits = { ...limitsFromEnv(), ...opts.limits };
    this.exportBounds = { ...exportBoundsFromEnv(), ...opts.exportBounds };
    const config = opts.config ?? sandboxConfigFromEnv();
    this.worker = new SqlWorkerHost(config, opts.maxRssMb, opts.log);
    this.snapshots = new SnapshotManager(db, opts.log, (file) => this.worker.notify({ type: 'close', file }), {
      memoryLimit: config.memoryLimit,
      scopeSnapshots: opts.scopeSnapshots,
    });
    this.gate = new Gate(this.limits.slots, this.limits.maxQueue, this.limits.perUser);
  }

  /**
   * Run one read statement and return at most `limit` rows as Arrow IPC, saying whether more existed; the whole answer
   * is collected here, so this is for callers that need its rows (tests, small answers). HTTP answers use stream().
   */
  async run(sql: string, opts: RunOptions = {}): Promise<RunResult> {
    const parts: Uint8Array[] = [];
    const { meta, limit, queryId } = await this.stream(sql, opts, {
      onStarted: () => undefined,
      onBatch: async (bytes) => void parts.push(bytes),
    });
    parts.push(ARROW_EOS);
    const ipc = Buffer.concat(parts);
    let table: Table | undefined;
    return {
      ipc,
      meta,
      truncated: meta.truncated === true,
      limit,
      queryId,
      get table() {
        return (table ??= tableFromIPC(ipc));
      },
    };
  }

  /**
   * Run one read statement, capped at `limit` rows, and hand its answer on as it comes from the worker: `onStarted`
   * with the facts (rows, truncated, …) once it is computed, then the Arrow IPC stream messages (the schema first, no
   * end-of-stream marker), the next one only after `onBatch` resolved, so a slow reader holds back the worker instead
   * of filling this process. The limits may be given as a request gave them (a number or its text): they are checked
   * here against the configured ones.
   */
  async stream(
    sql: string,
    opts: RunOptions,
    handlers: { onStarted(meta: AnswerMeta): void; onBatch(bytes: Uint8Array): Promise<void> },
  ): Promise<{ meta: AnswerMeta; limit: number; queryId: string }> {
    const limit = parseRowLimit(opts.limit, this.limits);
    return this.execute(
      sql,
      { ...opts, timeoutMs: undefined },
      parseTimeout(opts.timeoutMs, this.limits),
      async ({ lease, queryId, queuedMs, watch }) => {
        const flow = this.inOrder(queryId, handlers.onBatch);
        const reply = await this.worker.request<RunReply>(
          {
            type: 'run',
            id: queryId,
            file: lease.file,
            sql,
            limit,
            meta: { query_id: queryId, limit, queued_ms: Math.round(queuedMs), snapshot_version: lease.version },
          },
          { ...watch, onStarted: (meta) => handlers.onStarted(meta!), onBatch: flow.onBatch },
        );
        await flow.done();
        return { meta: reply.meta, limit, queryId };
      },
    );
  }

  /**
   * Export one read statement's full result. CSV and Parquet: the worker has DuckDB COPY it to a file in a fresh folder,
   * and `onFile` streams it (the folder is removed afterwards). Arrow: the worker sends IPC batches, and the next one
   * comes only after onBatch resolves, so a slow reader holds back DuckDB instead of filling memory.
   */
  async export(
    sql: string,
    format: ExportFormat,
    opts: QueryOptions,
    handlers: {
      onStarted(): void;
      onBatch(bytes: Uint8Array): Promise<void>;
      onFile(file: string, rows: number): Promise<void>;
    },
  ): Promise<{ rows: number; queryId: string }> {
    return this.execute(sql, opts, opts.timeoutMs ?? this.limits.exportTimeoutMs, async ({ lease, queryId, watch }) => {
      const dir = path.join(this.worker.tmpDir, `export-${queryId}-${randomUUID().slice(0, 8)}`);
      try {
        const flow = this.inOrder(queryId, handlers.onBatch);
        const reply = await this.worker.request<ExportReply>(
          { type: 'export', id: queryId, file: lease.file, sql, format, dir, bounds: this.exportBounds },
          { ...watch, onStarted: handlers.onStarted, onBatch: flow.onBatch },
        );
        await flow.done();
        if (reply.path) await handlers.onFile(reply.path, reply.rows);
        return { rows: reply.rows, queryId };
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  /**
   * Batches handed to `write` one after another, each acknowledged to the worker once written (it sends the next but
   * one only then); a failed write stops the query.
   */
  private inOrder(queryId: string, write: (bytes: Uint8Array) => Promise<void>) {
    let writing = Promise.resolve();
    return {
      onBatch: (bytes: Uint8Array) => {
        writing = writing.then(() => write(bytes)).then(() => this.worker.notify({ type: 'ack', id: queryId }));
        writing.catch(() => this.stop(this.running.get(queryId), 'cancelled'));
      },
      done: () => writing,
    };
  }

  /** Stop a queued or running query. Returns what it was doing, or null when no such query is known. */
  cancel(queryId: string): 'queued' | 'running' | null {
    const ctl = this.running.get(queryId);
    if (!ctl) return null;
    const state = ctl.state;
    this.stop(ctl, 'cancelled');
    return state;
  }

  /**
   * The schema browser's catalog of the current snapshot of `scope` (its row counts are the scope's), read by fixed
   * queries in the worker, outside the analyst gate.
   */
  async catalog(scope: Scope = NATIONAL): Promise<{ lease: SnapshotLease; catalog: Catalog }> {
    this.worker.warmUp();
    const lease = await this.snapshots.acquire(scope);
    try {
      return {
        lease,
        catalog: await this.worker.request<Catalog>({ type: 'schema', id: `schema-${randomUUID()}`, file: lease.file }),
      };
    } finally {
      lease.release();
    }
  }

  async close(): Promise<void> {
    for (const ctl of this.running.values()) this.stop(ctl, 'cancelled');
    await this.worker.close();
    await this.snapshots.close();
  }

  private async execute<T>(
    sqlText: string,
    opts: QueryOptions,
    timeoutMs: number,
    body: (q: {
      lease: SnapshotLease;
      queryId: string;
      queuedMs: number;
      watch: { sent(): void; signal: AbortSignal };
    }) => Promise<T>,
  ): Promise<T> {
    const sql = checkSqlText(sqlText);
    const queryId = opts.queryId ?? randomUUID();
    if (!QUERY_ID.test(queryId)) {
      throw badRequest(
        'invalid_query_id',
        `query_id must be 1 to 64 letters, digits, "_" or "-", got ${JSON.stringify(queryId)}`,
        { field: 'query_id' },
        `query_id 必须由 1 到 64 个字母、数字、“_”或“-”组成，收到 ${JSON.stringify(queryId)}`,
      );
    }
    if (this.running.has(queryId))
      throw conflict(
        'query_id_in_use',
        `a query with id ${queryId} is already running`,
        { query_id: queryId },
        `编号为 ${queryId} 的查询正在运行`,
      );
    const ctl: Control = { id: queryId, reason: null, abort: new AbortController(), state: 'queued' };
    this.running.set(queryId, ctl);
    const arrived = performance.now();
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => this.stop(ctl, 'cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let release: (() => void) | undefined;
    let lease: SnapshotLease | undefined;
    try {
      release = await this.gate.enter(ctl.abort.signal, opts.user);
      ctl.state = 'running';
      // the time limit counts from here: waiting in the queue is not the statement's time
      deadline = setTimeout(() => this.stop(ctl, 'timeout'), timeoutMs);
      const startedAt = performance.now();
      this.worker.warmUp();
      lease = await this.snapshots.acquire(opts.scope ?? NATIONAL).catch((err: unknown) => {
        // not the analyst's fault (disk full, copy failed): say so instead of passing it off as an SQL error
        throw new AtlasError(
          'sql_unavailable',
          `the analyst snapshot of the database could not be prepared: ${redactPaths((err as Error).message)}`,
          503,
          undefined,
          `无法准备数据库的分析快照：${redactPaths((err as Error).message)}`,
        );
      });
      this.throwIfStopped(ctl);
      // a stop that came while the request waited for the worker to start reaches the worker with the request
      const sent = () => ctl.reason && this.worker.notify({ type: 'stop', id: queryId });
      const out = await body({
        lease,
        queryId,
        queuedMs: startedAt - arrived,
        watch: { sent, signal: ctl.abort.signal },
      });
      this.throwIfStopped(ctl);
      return out;
    } catch (err) {
      throw this.failure(ctl, err, sql, timeoutMs);
    } finally {
      clearTimeout(deadline);
      if (ctl.killTimer) clearTimeout(ctl.killTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      lease?.release();
      release?.();
      this.running.delete(queryId);
    }
  }

  private stop(ctl: Control | undefined, reason: StopReason): void {
    if (!ctl || ctl.reason) return;
    ctl.reason = reason;
    ctl.abort.abort(new Error(reason));
    if (ctl.state !== 'running') return;
    this.worker.notify({ type: 'stop', id: ctl.id });
    ctl.killTimer = setTimeout(() => {
      if (this.worker.isPending(ctl.id)) this.worker.killUnresponsive(ctl.id);
    }, STOP_GRACE_MS);
  }

  private throwIfStopped(ctl: Control): void {
    if (ctl.reason) throw new Error(ctl.reason);
  }

  private failure(ctl: Control, err: unknown, sql: string, timeoutMs: number): AtlasError {
    const details = { query_id: ctl.id };
    if (ctl.reason === 'timeout') {
      return new AtlasError(
        'query_timeout',
        `the query was stopped after ${timeoutMs} ms, its time limit; aggregate or filter it, or export the full result`,
        504,
        details,
        `查询达到时间上限 ${timeoutMs} 毫秒后被停止；请聚合或筛选，或导出完整结果`,
      );
    }
    if (ctl.reason === 'cancelled')
      return new AtlasError('query_cancelled', `query ${ctl.id} was cancelled`, 409, details, `查询 ${ctl.id} 已取消`);
    const e = sqlError(err, sql);
    return new AtlasError(e.code, e.message, e.status, { ...(e.details as object), ...details }, e.messageZh);
  }
}
