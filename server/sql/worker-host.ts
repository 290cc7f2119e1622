import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import { AtlasError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { SandboxConfig } from './snapshot.ts';
import { tempPrefix } from './temp-leftovers.ts';
import type { Bytes, FromWorker, ToWorker } from './worker-protocol.ts';

/**
 * The worker's resident-memory limit in MB: ATLAS_SQL_MAX_RSS_MB, or by default room for two DuckDB instances at their
 * memory_limit (the sandbox's, and an export's COPY instance) plus 512 MB for Node and DuckDB's own overhead.
 */
export function maxRssFromEnv(config: SandboxConfig): number {
  const set = Number(process.env.ATLAS_SQL_MAX_RSS_MB);
  if (Number.isFinite(set) && set > 0) return set;
  return 2 * (sizeMb(config.memoryLimit) ?? 1024) + 512;
}

/** '1GB', '256MB', '1.5 GiB' → MB (DuckDB reads GB and GiB alike as powers of 1024 here: close enough for a limit). */
export function sizeMb(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(k|m|g|t)?i?b?\s*$/i.exec(text);
  if (!m) return null;
  const scale = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 }[(m[2] ?? 'm').toLowerCase() as 'k' | 'm' | 'g' | 't'];
  return Math.round(Number(m[1]) * scale);
}

/** How often the watchdog reads the worker's resident memory; at a few GB/s of growth this bounds the overshoot. */
const WATCH_MS = 25;

type KillReason = { kind: 'memory'; rssMb: number } | { kind: 'unresponsive'; queryId: string } | { kind: 'closing' };

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
  onStarted?(meta?: Record<string, string | number | boolean>): void;
  onBatch?(bytes: Uint8Array): void;
}

function isWritableDir(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Resident memory of a process in MiB from /proc (Linux), or null when it cannot be read (it has exited). */
export function residentMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The server's side of the analyst SQL worker (worker.ts): forks it, routes requests and replies by id, and watches
 * its resident memory. Past `maxRssMb` the worker is killed, every query it was running fails with a message saying
 * why, and the next request starts a fresh worker; the server itself never holds analyst results in DuckDB memory.
 */
export class SqlWorkerHost {
  /** The worker's private folder: exports are written here, one subfolder each. */
  readonly tmpDir = fs.mkdtempSync(tempPrefix(os.tmpdir(), 'sql'));
  /** Bulk results travel through files here (worker-protocol.ts, Bytes): in memory where /dev/shm exists. */
  readonly handoffDir = fs.mkdtempSync(tempPrefix(isWritableDir('/dev/shm') ? '/dev/shm' : this.tmpDir, 'sql-handoff'));
  private child: ChildProcess | null = null;
  private starting: Promise<ChildProcess> | null = null;
  private readonly pending = new Map<string, Pending>();
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private killReason: KillReason | null = null;
  private closed = false;
  /** Workers started and why the last one ended (for /api/sql/status and the tests). */
  starts = 0;
  lastExit: { reason: string; at: string } | null = null;

  readonly maxRssMb: number;

  constructor(
    private readonly config: SandboxConfig,
    maxRssMb?: number,
    private readonly log?: Logger,
  ) {
    this.maxRssMb = maxRssMb ?? maxRssFromEnv(config);
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /**
   * Send a request and wait for its reply; `handlers` receive an export's start and Arrow batches, and `sent` runs once
   * the request is on its way (a stop asked for while a worker was starting is sent then).
   */
  async request<T>(
    msg: Extract<ToWorker, { id: string }>,
    handlers: Omit<Pending, 'resolve' | 'reject'> & { sent?(): void; signal?: AbortSignal } = {},
  ): Promise<T> {
    const { signal } = handlers;
    // a query stopped while the worker is starting ends now, not once the worker is up
    const child = await (signal
      ? Promise.race([this.ensure(), once(signal, 'abort').then(() => Promise.reject(signal.reason))])
      : this.ensure());
    return new Promise<T>((resolve, reject) => {
      this.pending.set(msg.id, { resolve: resolve as (v: unknown) => void, reject, ...handlers });
      child.send(msg);
      handlers.sent?.();
    });
  }

  /** Messages without an answer: stop, ack, close. Dropped when no worker runs (there is nothing to stop or close). */
  notify(msg: ToWorker): void {
    if (this.child?.connected) this.child.send(msg);
  }

  /** Start the worker if none runs, without waiting: the first query builds its snapshot meanwhile. */
  warmUp(): void {
    this.ensure().catch(() => undefined); // a failed start is reported to the request that waits for it
  }

  isPending(id: string): boolean {
    return this.pending.has(id);
  }

  /** Kill the worker because a query did not stop when asked; its queries fail, the next request gets a fresh worker. */
  killUnresponsive(queryId: string): void {
    this.kill({ kind: 'unresponsive', queryId });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.starting?.catch(() => undefined);
    if (this.child) {
      const exited = new Promise((r) => this.child!.once('exit', r));
      this.kill({ kind: 'closing' });
      await exited;
    }
    fs.rmSync(this.handoffDir, { recursive: true, force: true });
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }

  /** Bytes from the worker, read (and their file deleted) when they came as a file. */
  receive(bytes: Bytes): Uint8Array {
    if (bytes instanceof Uint8Array) return bytes;
    try {
      return fs.readFileSync(bytes.file);
    } finally {
      fs.rmSync(bytes.file, { force: true });
    }
  }

  private ensure(): Promise<ChildProcess> {
    if (this.closed)
      return Promise.reject(
        new AtlasError(
          'sql_unavailable',
          'the analyst SQL worker is shut down',
          503,
          undefined,
          '分析 SQL 工作进程已关闭',
        ),
      );
    if (this.child?.connected) return Promise.resolve(this.child);
    this.starting ??= this.spawn().finally(() => (this.starting = null));
    return this.starting;
  }

  private spawn(): Promise<ChildProcess> {
    const child = fork(new URL('./worker.ts', import.meta.url), [JSON.stringify(this.config), this.handoffDir], {
      // tsx runs the TypeScript sources, as for the server itself; resolved here so the worker does not depend on the cwd
      execArgv: ['--import', import.meta.resolve('tsx')],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.starts++;
    return new Promise<ChildProcess>((resolve, reject) => {
      const failed = (err: Error) =>
        reject(
          new AtlasError(
            'sql_unavailable',
            `the analyst SQL worker could not start: ${err.message}`,
            503,
            undefined,
            `分析 SQL 工作进程无法启动：${err.message}`,
          ),
        );
      child.once('error', failed);
      child.once('exit', (code, signal) => {
        failed(new Error(`it exited (${signal ?? code}) before it was ready`));
        this.exited(child, code, signal);
      });
      child.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') {
          child.off('error', failed);
          this.child = child;
          this.killReason = null;
          this.watch(child);
          this.log?.info({ pid: child.pid }, 'analyst SQL worker ready');
          resolve(child);
        } else this.route(msg);
      });
    });
  }

  private route(msg: FromWorker): void {
    if (msg.type === 'ready') return;
    const p = this.pending.get(msg.id);
    if (!p) {
      if (msg.type === 'batch') this.receive(msg.bytes); // nobody waits for it: delete its file
      return;
    }
    if (msg.type === 'started') p.onStarted?.(msg.meta);
    else if (msg.type === 'batch') p.onBatch?.(this.receive(msg.bytes));
    else {
      this.pending.delete(msg.id);
      if (msg.type === 'reply') p.resolve(msg.value);
      else {
        const e = msg.error;
        p.reject(new AtlasError(e.code, e.message, e.status, e.details, e.messageZh));
      }
    }
  }

  private watch(child: ChildProcess): void {
    this.watchdog = setInterval(() => {
      const rss = residentMb(child.pid!);
      if (rss !== null && rss > this.maxRssMb) this.kill({ kind: 'memory', rssMb: Math.round(rss) });
    }, WATCH_MS);
    this.watchdog.unref();
  }

  private kill(reason: KillReason): void {
    if (!this.child || this.killReason) return;
    this.killReason = reason;
    this.child.kill('SIGKILL');
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    const reason = this.killReason;
    this.killReason = null;
    const ids = [...this.pending.keys()];
    this.lastExit = { reason: reason?.kind ?? `exit ${signal ?? code}`, at: new Date().toISOString() };
    if (reason?.kind !== 'closing')
      this.log?.warn({ reason: this.lastExit.reason, queries: ids.length }, 'analyst SQL worker stopped');
    for (const id of ids) {
      const p = this.pending.get(id)!;
      this.pending.delete(id);
      p.reject(this.exitError(reason, id, ids.length, signal ?? code));
    }
    // a replacement starts now, so the next query does not wait for it
    if (!this.closed && reason?.kind !== 'closing')
      this.ensure().catch((err) => this.log?.error({ err }, 'analyst SQL worker restart failed'));
  }

  private exitError(reason: KillReason | null, id: string, running: number, how: string | number | null): AtlasError {
    const details = { query_id: id };
    if (reason?.kind === 'memory') {
      const who = running > 1 ? `it, or one of the ${running - 1} other queries running beside it,` : 'it';
      return new AtlasError(
        'query_memory_limit',
        `query stopped: ${who} used more than ${this.maxRssMb} MB (the SQL worker reached ${reason.rssMb} MB); build smaller values, aggregate or filter`,
        400,
        { ...details, max_rss_mb: this.maxRssMb },
        `查询已停止：${running > 1 ? `它或同时运行的另外 ${running - 1} 个查询之一` : '它'}使用的内存超过 ${this.maxRssMb} MB（SQL 工作进程达到 ${reason.rssMb} MB）；请构造更小的值，或聚合、筛选`,
      );
    }
    if (reason?.kind === 'unresponsive' && reason.queryId !== id) {
      return new AtlasError(
        'sql_worker_restarted',
        'query stopped: the SQL worker was restarted because a query beside it did not stop when asked; run it again',
        503,
        details,
        '查询已停止：同时运行的一个查询在被要求停止后仍未停止，SQL 工作进程已重启；请重新运行',
      );
    }
    if (reason?.kind === 'unresponsive') return new AtlasError('stopped', 'stopped', 409, details, '已停止'); // the caller knows why it asked
    if (reason?.kind === 'closing')
      return new AtlasError(
        'sql_unavailable',
        'the analyst SQL worker is shut down',
        503,
        details,
        '分析 SQL 工作进程已关闭',
      );
    return new AtlasError(
      'sql_worker_failed',
      `query stopped: the SQL worker ended unexpectedly (${how}); run it again`,
      500,
      details,
      `查询已停止：SQL 工作进程意外结束（${how}）；请重新运行`,
    );
  }
}
