/**
 * Admission control per class of work (issue 23). Each endpoint of contract/endpoints.ts that does real work names its
 * class (`work`); the route wrapper admits a request of that class only while fewer than `concurrency` of them run,
 * lets up to `queue` more wait in arrival order, and answers anything beyond at once with 503 `busy` and Retry-After
 * (errors.ts busy). A queued request that has not started within `waitMs` is refused the same way, so no request waits
 * into a database timeout: under overload, clients learn it in milliseconds and come back, instead of piling up.
 */
import type { Request, Response } from 'express';
import type { Work, WorkClass } from '../../contract/endpoints.ts';
import { AtlasError, busy } from '../errors.ts';

export interface ClassLimits {
  /** Requests of the class that run at once. */
  concurrency: number;
  /** Requests that may wait for a slot; beyond them, 503 at once. */
  queue: number;
  /** The longest a request waits for a slot before it is refused. */
  waitMs: number;
}
export type AdmissionSettings = Record<WorkClass, ClassLimits>;

/** Whether an endpoint's work goes through an admission lane (light and sql endpoints do not). */
export const isWorkClass = (work: Work): work is WorkClass =>
  work === 'views' || work === 'exports' || work === 'ingest';

const LABELS: Record<WorkClass, { en: string; zh: string }> = {
  views: { en: 'dashboard and indicator views', zh: '看板与指标视图' },
  exports: { en: 'exports', zh: '导出' },
  ingest: { en: 'uploads', zh: '数据上传' },
};

/**
 * Defaults for a small server (2 cores): views run a few at a time (each may use several DuckDB connections, and most
 * answers come from the cache in microseconds), exports and uploads one or two (they hold disk and memory).
 * ATLAS_<CLASS>_CONCURRENCY, ATLAS_<CLASS>_QUEUE and ATLAS_QUEUE_WAIT_MS override them.
 */
export function admissionSettings(env: NodeJS.ProcessEnv = process.env): AdmissionSettings {
  const waitMs = positive(env.ATLAS_QUEUE_WAIT_MS, 10_000);
  const limits = (name: string, concurrency: number, queue: number): ClassLimits => ({
    concurrency: positive(env[`ATLAS_${name}_CONCURRENCY`], concurrency),
    queue: positive(env[`ATLAS_${name}_QUEUE`], queue, true),
    waitMs,
  });
  return { views: limits('VIEWS', 4, 200), exports: limits('EXPORTS', 2, 4), ingest: limits('INGEST', 2, 4) };
}

function positive(v: string | undefined, fallback: number, zeroOk = false): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  return Number.isInteger(n) && (n > 0 || (zeroOk && n === 0)) ? n : fallback;
}

interface Waiter {
  start(): void;
  refuse(): void;
  timer: NodeJS.Timeout;
}

/** One class: a counting semaphore with a bounded FIFO queue and a deadline per waiter. */
export class Lane {
  private active = 0;
  private readonly waiters: Waiter[] = [];
  /** When each running request started (performance.now()). */
  private readonly started = new Set<number>();
  /** Mean service time (exponentially weighted), for the Retry-After estimate. */
  private meanMs = 200;
  admitted = 0;
  refused = 0;
  /** The most requests that ran at once. */
  peak = 0;

  constructor(
    readonly name: WorkClass,
    readonly limits: ClassLimits,
  ) {}

  get running(): number {
    return this.active;
  }
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * A slot, as the function that frees it (idempotent). Rejects with 503 busy when the queue is full, when the queue
   * already holds more work than waitMs can drain, or when the wait passes waitMs; `gone` (the client went away) takes a queued request out of the queue.
   */
  enter(gone?: (leave: () => void) => void): Promise<() => void> {
    if (this.active < this.limits.concurrency) return Promise.resolve(this.slot());
    // refused at once when the queue is full, or when what is queued already would take longer than a request may
    // wait: under overload the answer comes in milliseconds, not after waitMs
    if (this.waiters.length >= this.limits.queue || this.expectedWaitMs() > this.limits.waitMs)
      return Promise.reject(this.busyError());
    return new Promise((resolve, reject) => {
      const leave = () => {
        const i = this.waiters.indexOf(waiter);
        if (i < 0) return false;
        this.waiters.splice(i, 1);
        clearTimeout(waiter.timer);
        return true;
      };
      const waiter: Waiter = {
        start: () => resolve(this.slot()),
        refuse: () => reject(this.busyError()),
        timer: setTimeout(() => leave() && waiter.refuse(), this.limits.waitMs),
      };
      this.waiters.push(waiter);
      gone?.(
        () =>
          leave() &&
          reject(
            new AtlasError('client_gone', 'the client went away while queued', 499, undefined, '客户端在排队时已断开'),
          ),
      );
    });
  }

  private slot(): () => void {
    this.active++;
    this.admitted++;
    this.peak = Math.max(this.peak, this.active);
    let started = performance.now();
    while (this.started.has(started)) started += 1e-6;
    this.started.add(started);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.started.delete(started);
      this.meanMs = 0.8 * this.meanMs + 0.2 * (performance.now() - started);
      this.active--;
      const next = this.waiters.shift();
      if (next) {
        clearTimeout(next.timer);
        next.start();
      }
    };
  }

  /**
   * How long a request queued now would wait, from the mean service time of recent requests, or, when every slot is
   * taken by requests running longer than that mean (a burst of slow work the mean has not seen end yet), from how long
   * the youngest of them has run.
   */
  private expectedWaitMs(): number {
    let perRequest = this.meanMs;
    if (this.active >= this.limits.concurrency && this.started.size) {
      perRequest = Math.max(perRequest, performance.now() - Math.max(...this.started));
    }
    return ((this.waiters.length + 1) * perRequest) / this.limits.concurrency;
  }

  /** Retry-After: about the time the work already admitted needs to drain, at least a second. */
  private busyError() {
    this.refused++;
    const drainS = ((this.active + this.waiters.length) * this.meanMs) / this.limits.concurrency / 1000;
    return busy(LABELS[this.name], Math.min(30, drainS), {
      class: this.name,
      running: this.active,
      waiting: this.waiters.length,
    });
  }
}

/** The lanes of one app (createApp keeps them in app.locals, so each test server has its own). */
export class Admission {
  readonly lanes: Record<WorkClass, Lane>;

  constructor(settings: AdmissionSettings = admissionSettings()) {
    this.lanes = {
      views: new Lane('views', settings.views),
      exports: new Lane('exports', settings.exports),
      ingest: new Lane('ingest', settings.ingest),
    };
  }

  /** Admit one request of a class: resolves once it may run; its slot is freed when the response is over. */
  async admit(cls: WorkClass, res: Response): Promise<void> {
    const release = await this.lanes[cls].enter((leave) => res.once('close', leave));
    if (res.closed) release();
    else res.once('close', release);
  }

  static of(req: Request): Admission | undefined {
    return (req.app.locals as { admission?: Admission }).admission;
  }
}
