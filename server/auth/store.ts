/**
 * The security database: accounts, sessions, API tokens and the audit log, in a DuckDB file of its own beside the main
 * one (`<database>.security.duckdb`; in memory for an in-memory main database). Kept apart so that analyst snapshots,
 * which copy the main database, can never hold a password hash or a session, and so that signing in never waits for
 * an ingest holding the main database's write lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { AtlasError } from '../errors.ts';
import { Mutex } from '../db/mutex.ts';
import { listSqlFiles, sqlFile } from '../db/sql-files.ts';

export function securityDbPath(mainDbPath: string): string {
  return mainDbPath === ':memory:' ? ':memory:' : `${mainDbPath.replace(/\.duckdb$/, '')}.security.duckdb`;
}

export class SecurityStore {
  /** Every write goes through here, one at a time (ids are allocated inside). */
  readonly writes = new Mutex();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly path: string,
  ) {}

  /** Open (and create) the security database that belongs to the main database at `mainDbPath`. */
  static async open(mainDbPath: string): Promise<SecurityStore> {
    const file = securityDbPath(mainDbPath);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, { threads: '1', memory_limit: '256MB' });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/lock/i.test(message))
        throw new AtlasError(
          'db_locked',
          `the security database ${file} is in use by another process (a running \`atlas serve\`?); stop it, or make ` +
            'the change through the server (the admin page or the API with an admin token)',
          409,
          undefined,
          `安全数据库 ${file} 正被另一个进程使用（是否有正在运行的 atlas serve？）；请先停止它，或通过服务（管理页面或管理员令牌调用 API）修改`,
        );
      throw err;
    }
    const store = new SecurityStore(instance, file);
    await store.withConnection(async (con) => {
      for (const name of listSqlFiles('security/schema')) await con.run(sqlFile(name));
    });
    return store;
  }

  async withConnection<T>(fn: (con: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed)
      throw new AtlasError('db_closed', 'the security database is closed', 503, undefined, '安全数据库已关闭');
    const con = await this.instance.connect();
    try {
      return await fn(con);
    } finally {
      con.closeSync();
    }
  }

  /** A write in one transaction, under the writes lock. */
  write<T>(fn: (con: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.writes.run(() =>
      this.withConnection(async (con) => {
        await con.run('BEGIN TRANSACTION');
        try {
          const out = await fn(con);
          await con.run('COMMIT');
          return out;
        } catch (err) {
          await con.run('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.instance.closeSync();
  }
}
