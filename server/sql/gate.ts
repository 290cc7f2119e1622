import { AtlasError } from '../errors.ts';

interface Waiter {
  /** Undefined for the server's own callers (tests, tools): no per-user share applies. */
  user: string | undefined;
  resolve(release: () => void): void;
  reject(err: unknown): void;
}

/** Statements of one user that may wait at once; more answer 503 at once, so one user cannot fill the queue. */
export const PER_USER_QUEUE = 5;

/** Seconds a refused client is told to wait (Retry-After): about one short statement. */
export const BUSY_RETRY_SECONDS = 2;

/**
 * At most `slots` analyst queries run at once, and at most `perUser` of them for one user, so one user flooding the
 * workbench cannot take every slot; up to `maxQueue` more wait (at most PER_USER_QUEUE of one user's), and a freed slot
 * goes to the first waiter whose user is below their share. With a 2-core machine and the sandbox on one DuckDB thread
 * per query, two slots leave room for the dashboard's own queries.
 */
export class Gate {
  private active = 0;
  private queue: Waiter[] = [];
  private readonly byUser = new Map<string, number>();

  constructor(
    readonly slots: number,
    readonly maxQueue: number,
    readonly perUser = slots,
  ) {}

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Wait for a slot; the returned function frees it. Aborting the signal while queued leaves the queue. */
  enter(signal?: AbortSignal, user?: string): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.slots && this.runningOf(user) < this.perUser) return Promise.resolve(this.admit(user));
    const mine = user === undefined ? 0 : this.queue.filter((w) => w.user === user).length;
    if (this.queue.length >= this.maxQueue || mine >= PER_USER_QUEUE) return Promise.reject(this.busy(mine));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { user, resolve, reject };
      this.queue.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) {
            this.queue.splice(i, 1);
            reject(signal.reason);
          }
        },
        { once: true },
      );
    });
  }

  private runningOf(user: string | undefined): number {
    return user === undefined ? 0 : (this.byUser.get(user) ?? 0);
  }

  private admit(user: string | undefined): () => void {
    this.active++;
    if (user !== undefined) this.byUser.set(user, this.runningOf(user) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active--;
      if (user !== undefined) {
        const left = this.runningOf(user) - 1;
        if (left > 0) this.byUser.set(user, left);
        else this.byUser.delete(user);
      }
      this.next();
    };
  }

  /** Start waiters in arrival order, skipping those whose user already runs their share. */
  private next(): void {
    for (let i = 0; i < this.queue.length && this.active < this.slots;) {
      const w = this.queue[i];
      if (this.runningOf(w.user) >= this.perUser) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      w.resolve(this.admit(w.user));
    }
  }

  private busy(mine: number): AtlasError {
    const own = mine >= PER_USER_QUEUE;
    return new AtlasError(
      'sql_busy',
      own
        ? `you have ${mine} analyst queries waiting already, the most one user may; wait for them or cancel one`
        : `${this.active} analyst queries are running and ${this.queue.length} are waiting; try again in a moment`,
      503,
      { retry_after: BUSY_RETRY_SECONDS, running: this.active, waiting: this.queue.length },
      own
        ? `您已有 ${mine} 个分析查询在排队，已达单个用户上限；请等待或取消其中一个`
        : `当前有 ${this.active} 个分析查询在运行、${this.queue.length} 个在排队；请稍后重试`,
    );
  }
}
