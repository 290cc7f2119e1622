import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { backgroundQueue } from './background.ts';

/** A logger whose lines are kept, parsed. */
function keptLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('background queue', () => {
  it('runs jobs one at a time in the order queued, logs each, and goes on after a failure', async () => {
    const { log, lines } = keptLog();
    const q = backgroundQueue(log);
    const events: string[] = [];
    const job =
      (name: string, ms: number, fail = false) =>
      async () => {
        events.push(`${name} start`);
        await tick(ms);
        events.push(`${name} end`);
        if (fail) throw new Error(`${name} broke`);
      };
    q.run('first', job('first', 30));
    q.run('second', job('second', 5, true));
    q.run('third', job('third', 5));
    await q.idle();
    expect(events).toEqual(['first start', 'first end', 'second start', 'second end', 'third start', 'third end']);
    await tick(10);
    expect(lines.map((l) => [l.msg, l.job, l.pending])).toEqual([
      ['background job done', 'first', 2],
      ['background job failed', 'second', undefined],
      ['background job done', 'third', 0],
    ]);
    expect(lines[0].ms).toBeGreaterThanOrEqual(25);
  });
});

describe('background queue at shutdown', () => {
  it('finishes the running job, skips those not started, and lets a job of steps stop between them', async () => {
    const { log } = keptLog();
    const q = backgroundQueue(log);
    const steps: number[] = [];
    const first = q.run('steps', async (stopping) => {
      for (let i = 0; i < 10 && !stopping(); i++) {
        steps.push(i);
        await tick(10);
      }
    });
    let ranSecond = false;
    const second = q.run('second', async () => {
      ranSecond = true;
    });
    await tick(25);
    await q.stop();
    await Promise.all([first, second]);
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.length).toBeLessThan(10);
    expect(ranSecond).toBe(false);
  });
});
