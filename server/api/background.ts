/**
 * The server's own work that no request waits for (precomputing the views the pages open with, at start and after an
 * ingest), run one job at a time in the order the features ask for it. One at a time because on a small machine two
 * such jobs side by side each take as long as both in turn, so the first page (the dashboard's, asked for first) would
 * wait for all of them; in turn it is served as soon as its own job is done. At shutdown the queue stops: the server
 * does not wait minutes for views nobody will read.
 */
import type { Logger } from '../log.ts';

export interface Background {
  /**
   * Queue a job after those already queued; its failure is logged, never thrown. A job of several steps asks
   * `stopping()` between them, so a shutdown waits for one step, not for the whole job. Resolves when the job has
   * finished, failed or been skipped.
   */
  run(name: string, job: (stopping: () => boolean) => Promise<unknown>): Promise<void>;
  /** Resolves when every job queued so far has finished. */
  idle(): Promise<void>;
  /** For shutdown: jobs not yet started are skipped; resolves when the running one has finished. */
  stop(): Promise<void>;
}

export function backgroundQueue(log: Logger): Background {
  let tail: Promise<void> = Promise.resolve();
  let pending = 0;
  let stopped = false;
  const stopping = () => stopped;
  return {
    run(name, job) {
      pending++;
      return (tail = tail.then(async () => {
        const t0 = performance.now();
        try {
          if (stopped) return;
          await job(stopping);
          log.info({ job: name, ms: Math.round(performance.now() - t0), pending: pending - 1 }, 'background job done');
        } catch (err) {
          log.warn({ job: name, err }, 'background job failed');
        } finally {
          pending--;
        }
      }));
    },
    idle: () => tail,
    stop() {
      stopped = true;
      return tail;
    },
  };
}
