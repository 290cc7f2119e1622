import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { AtlasError } from '../errors.ts';
import { Mutex } from './mutex.ts';
import { defaultDbPath } from './paths.ts';
import { applySchema, loadReferenceData } from './schema.ts';

export interface OpenOptions {
  /** Database file; ':memory:' for a throwaway database. Default: ATLAS_DB or data/atlas.duckdb. */
  path?: string;
  /** DuckDB memory_limit. Default: ATLAS_MEMORY_LIMIT or 1GB. Set explicitly so a large ingest spills instead of growing. */
  memoryLimit?: string;
  /** DuckDB worker threads. Default: ATLAS_THREADS or the number of CPUs DuckDB sees. */
  threads?: number;
  /** Open without write access (no schema changes, no reference refresh). */
  readOnly?: boolean;
}

/**
 * The product's database: one DuckDB instance on one file. Every request or command takes its own connection
 * (withConnection); everything that writes goes through `writes` so two ingests never interleave.
 */
export class AtlasDb {
  readonly writes = new Mutex();
  private closed = false;
  private changeListeners: ((version: number) => void | Promise<void>)[] = [];
  /** Increases each time committed data changes (an ingest batch); caches and snapshots compare against it. */
  dataVersion = 0;

  private constructor(
    readonly instance: DuckDBInstance,
    readonly path: string,
    readonly readOnly: boolean,
  ) {}

  static async open(opts: OpenOptions = {}): Promise<AtlasDb> {
    const file = opts.path === ':memory:' ? ':memory:' : path.resolve(opts.path ?? defaultDbPath());
    if (file !== ':memory:' && !opts.readOnly) fs.mkdirSync(path.dirname(file), { recursive: true });
    const config: Record<string, string> = {
      memory_limit: opts.memoryLimit ?? process.env.ATLAS_MEMORY_LIMIT ?? '1GB',
    };
    const threads = opts.threads ?? (process.env.ATLAS_THREADS ? Number(process.env.ATLAS_THREADS) : undefined);
    if (threads) config.threads = String(threads);
    if (opts.readOnly) config.access_mode = 'READ_ONLY';
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, config);
    } catch (err) {
      throw openError(file, err);
    }
    const db = new AtlasDb(instance, file, !!opts.readOnly);
    if (!opts.readOnly) {
      await db.withConnection(async (con) => {
        await applySchema(con);
        await loadReferenceData(con);
      });
    }
    return db;
  }

  async connect(): Promise<DuckDBConnection> {
    if (this.closed) throw new AtlasError('db_closed', 'the database is closed', 503, undefined, '数据库已关闭');
    return this.instance.connect();
  }

  /**
   * Run fn on a fresh connection and close it afterwards. With timeoutMs, the running statement is interrupted when the
   * time is up and the call fails with a `query_timeout` error; the instance stays usable.
   */
  async withConnection<T>(fn: (con: DuckDBConnection) => Promise<T>, opts: { timeoutMs?: number } = {}): Promise<T> {
    const con = await this.connect();
    let timedOut = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          con.interrupt();
        }, opts.timeoutMs)
      : undefined;
    try {
      return await fn(con);
    } catch (err) {
      if (timedOut)
        throw new AtlasError(
          'query_timeout',
          `the query was stopped after ${opts.timeoutMs} ms`,
          504,
          undefined,
          `查询在 ${opts.timeoutMs} 毫秒后被停止`,
        );
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
      con.closeSync();
    }
  }

  /** Listen for committed data changes (for example to refresh the analyst snapshot or drop cached results). */
  onDataChanged(fn: (version: number) => void | Promise<void>): () => void {
    this.changeListeners.push(fn);
    return () => {
      this.changeListeners = this.changeListeners.filter((f) => f !== fn);
    };
  }

  /** Called by writers after a transaction that changed data has committed. */
  async notifyDataChanged(): Promise<void> {
    this.dataVersion++;
    for (const fn of this.changeListeners) await fn(this.dataVersion);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.instance.closeSync();
  }
}

function openError(file: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const lock = /Conflicting lock is held in (.*?)(?: \(PID (\d+)\))?(?:\.|$)/m.exec(message);
  if (lock) {
    return new AtlasError(
      'db_locked',
      `the database ${file} is in use by another process${lock[2] ? ` (PID ${lock[2]})` : ''}; ` +
        'stop that process (for example a running `atlas serve`) or use the server API instead',
      409,
      undefined,
      `数据库 ${file} 正被另一个进程使用${lock[2] ? `（PID ${lock[2]}）` : ''}；请停止该进程（例如正在运行的 atlas serve）或改用服务器 API`,
    );
  }
  return new AtlasError(
    'db_open_failed',
    `could not open the database ${file}: ${message}`,
    500,
    undefined,
    `无法打开数据库 ${file}：${message}`,
  );
}
