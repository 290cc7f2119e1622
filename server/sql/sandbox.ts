import { randomUUID } from 'node:crypto';
import type { DuckDBConnection, DuckDBDataChunk, DuckDBPreparedStatement, DuckDBResult } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import type { AtlasDb } from '../db/database.ts';
import { AtlasError, badRequest, conflict } from '../errors.ts';
import type { Logger } from '../log.ts';
import { fetchRows, resultNames, runCapped } from './chunks.ts';
import { Gate } from './gate.ts';
import { SnapshotManager, sandboxConfigFromEnv, type SandboxConfig, type SnapshotLease } from './snapshot.ts';
import { sqlError } from './sql-error.ts';
import { checkSqlText, prepareReadStatement, statementTypeName } from './statement.ts';

export interface SandboxLimits {
  /** Queries running at once (ATLAS_SQL_CONCURRENCY, default 2) and waiting (default 20). */
  slots: number;
  maxQueue: number;
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
}

export interface RunResult {
  table: Table;
  truncated: boolean;
  limit: number;
  queryId: string;
  elapsedMs: number;
  queuedMs: number;
  snapshotVersion: number;
  statementType: string;
}

type StopReason = 'timeout' | 'cancelled';

interface Control {
  id: string;
  reason: StopReason | null;
  con: DuckDBConnection | null;
  abort: AbortController;
  repeat?: ReturnType<typeof setInterval>;
  state: 'queued' | 'running';
}

const QUERY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A requested row cap, checked against the limits (the default when none is given). */
export function parseRowLimit(limit: unknown, limits: SandboxLimits): number {
  if (limit === undefined || limit === null) return limits.defaultRows;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > limits.maxRows) {
    throw badRequest('invalid_limit', `limit must be a whole number from 1 to ${limits.maxRows}, got ${JSON.stringify(limit)}; use export for full results`, {
      field: 'limit',
      value: limit,
    });
  }
  return n;
}

/** A requested time limit in ms, checked against the limits (the default when none is given). */
export function parseTimeout(ms: unknown, limits: SandboxLimits): number {
  if (ms === undefined || ms === null) return limits.defaultTimeoutMs;
  const n = Number(ms);
  if (!Number.isInteger(n) || n < 1 || n > limits.maxTimeoutMs) {
    throw badRequest('invalid_timeout', `timeout_ms must be a whole number from 1 to ${limits.maxTimeoutMs}, got ${JSON.stringify(ms)}`, {
      field: 'timeout_ms',
      value: ms,
    });
  }
  return n;
}


/**
 * Runs analyst SQL on the read-only snapshot (snapshot.ts), one fresh connection per query, behind a gate of a few
 * slots, with a row cap, a time limit and cancellation by query id. The main database is never touched by analyst text.
 */
export class AnalystSandbox {
  readonly snapshots: SnapshotManager;
  readonly gate: Gate;
  readonly limits: SandboxLimits;
  private readonly running = new Map<string, Control>();

  constructor(db: AtlasDb, opts: { config?: SandboxConfig; limits?: Partial<SandboxLimits>; log?: Logger } = {}) {
    this.limits = { ...limitsFromEnv(), ...opts.limits };
    this.snapshots = new SnapshotManager(db, opts.config ?? sandboxConfigFromEnv(), opts.log);
    this.gate = new Gate(this.limits.slots, this.limits.maxQueue);
  }

  /** Run one read statement and return at most `limit` rows as Arrow, saying whether more existed. */
  async run(sql: string, opts: QueryOptions & { limit?: number } = {}): Promise<RunResult> {
    const limit = parseRowLimit(opts.limit, this.limits);
    return this.execute(sql, opts, parseTimeout(opts.timeoutMs, this.limits), async ({ con, stmt, lease, queryId, startedAt, queuedMs }) => {
      const { table, truncated } = await runCapped(con, stmt, sql, limit);
      return {
        table,
        truncated,
        limit,
        queryId,
        elapsedMs: performance.now() - startedAt,
        queuedMs,
        snapshotVersion: lease.version,
        statementType: statementTypeName(stmt.statementType),
      };
    });
  }

  /**
   * Run one read statement without a row cap and hand its chunks over in batches of about `batchRows` rows; the next
   * batch is fetched only after onBatch resolves, so a slow reader holds back DuckDB instead of filling memory.
   */
  async stream(
    sql: string,
    opts: QueryOptions,
    batchRows: number,
    handlers: {
      onStart(result: DuckDBResult, names: string[]): Promise<void> | void;
      onBatch(chunks: DuckDBDataChunk[], result: DuckDBResult, names: string[]): Promise<void>;
    },
  ): Promise<{ rows: number; queryId: string; elapsedMs: number }> {
    return this.execute(sql, opts, opts.timeoutMs ?? this.limits.exportTimeoutMs, async ({ stmt, queryId, startedAt }) => {
      const result = await stmt.stream();
      const names = resultNames(result);
      await handlers.onStart(result, names);
      let rows = 0;
      for (;;) {
        const fetched = await fetchRows(result, batchRows);
        if (fetched.rows > 0) await handlers.onBatch(fetched.chunks, result, names);
        rows += fetched.rows;
        if (fetched.done) break;
      }
      return { rows, queryId, elapsedMs: performance.now() - startedAt };
    });
  }

  /** Stop a queued or running query. Returns what it was doing, or null when no such query is known. */
  cancel(queryId: string): 'queued' | 'running' | null {
    const ctl = this.running.get(queryId);
    if (!ctl) return null;
    const state = ctl.state;
    this.stop(ctl, 'cancelled');
    return state;
  }

  /** Run fixed catalog queries (the schema browser) on the current snapshot, outside the analyst gate. */
  async withSnapshot<T>(fn: (con: DuckDBConnection, lease: SnapshotLease) => Promise<T>): Promise<T> {
    const lease = await this.snapshots.acquire();
    const con = await lease.instance.connect();
    try {
      return await fn(con, lease);
    } finally {
      con.closeSync();
      lease.release();
    }
  }

  async close(): Promise<void> {
    for (const ctl of this.running.values()) this.stop(ctl, 'cancelled');
    await this.snapshots.close();
  }

  private async execute<T>(
    sqlText: string,
    opts: QueryOptions,
    timeoutMs: number,
    body: (q: { con: DuckDBConnection; stmt: DuckDBPreparedStatement; lease: SnapshotLease; queryId: string; startedAt: number; queuedMs: number }) => Promise<T>,
  ): Promise<T> {
    const sql = checkSqlText(sqlText);
    const queryId = opts.queryId ?? randomUUID();
    if (!QUERY_ID.test(queryId)) {
      throw badRequest('invalid_query_id', `query_id must be 1 to 64 letters, digits, "_" or "-", got ${JSON.stringify(queryId)}`, { field: 'query_id' });
    }
    if (this.running.has(queryId)) throw conflict('query_id_in_use', `a query with id ${queryId} is already running`, { query_id: queryId });
    const ctl: Control = { id: queryId, reason: null, con: null, abort: new AbortController(), state: 'queued' };
    this.running.set(queryId, ctl);
    const arrived = performance.now();
    const deadline = setTimeout(() => this.stop(ctl, 'timeout'), timeoutMs);
    const onAbort = () => this.stop(ctl, 'cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let release: (() => void) | undefined;
    let lease: SnapshotLease | undefined;
    let con: DuckDBConnection | undefined;
    try {
      release = await this.gate.enter(ctl.abort.signal);
      ctl.state = 'running';
      const startedAt = performance.now();
      lease = await this.snapshots.acquire().catch((err: unknown) => {
        // not the analyst's fault (disk full, copy failed): say so instead of passing it off as an SQL error
        throw new AtlasError('sql_unavailable', `the analyst snapshot of the database could not be prepared: ${(err as Error).message}`, 503);
      });
      con = await lease.instance.connect();
      ctl.con = con;
      this.throwIfStopped(ctl);
      const stmt = await prepareReadStatement(con, sql);
      const out = await body({ con, stmt, lease, queryId, startedAt, queuedMs: startedAt - arrived });
      this.throwIfStopped(ctl);
      return out;
    } catch (err) {
      throw this.failure(ctl, err, sql, timeoutMs);
    } finally {
      clearTimeout(deadline);
      if (ctl.repeat) clearInterval(ctl.repeat);
      opts.signal?.removeEventListener('abort', onAbort);
      ctl.con = null;
      con?.closeSync();
      lease?.release();
      release?.();
      this.running.delete(queryId);
    }
  }

  private stop(ctl: Control, reason: StopReason): void {
    if (ctl.reason) return;
    ctl.reason = reason;
    ctl.abort.abort(new Error(reason));
    // An interrupt that lands between two steps (prepare, then execute) can be lost, so repeat it until the query ends.
    ctl.con?.interrupt();
    ctl.repeat = setInterval(() => ctl.con?.interrupt(), 50);
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
      );
    }
    if (ctl.reason === 'cancelled') return new AtlasError('query_cancelled', `query ${ctl.id} was cancelled`, 409, details);
    const e = sqlError(err, sql);
    return new AtlasError(e.code, e.message, e.status, { ...(e.details as object), ...details });
  }
}
