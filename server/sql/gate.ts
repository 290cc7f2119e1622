import { AtlasError } from '../errors.ts';

interface Waiter {
  resolve(release: () => void): void;
  reject(err: unknown): void;
}

/**
 * At most `slots` analyst queries run at once; up to `maxQueue` more wait in arrival order. With a 2-core machine and
 * the sandbox on one DuckDB thread per query, two slots leave room for the dashboard's own queries.
 */
export class Gate {
  private active = 0;
  private queue: Waiter[] = [];

  constructor(
    readonly slots: number,
    readonly maxQueue: number,
  ) {}

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Wait for a slot; the returned function frees it. Aborting the signal while queued leaves the queue. */
  enter(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.slots) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(
        new AtlasError(
          'sql_busy',
          `${this.active} analyst queries are running and ${this.queue.length} are waiting; try again in a moment`,
          503,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
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

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.queue.shift();
      if (next) next.resolve(this.releaser());
      else this.active--;
    };
  }
}
