import { describe, it, expect } from 'vitest';
import { Gate, PER_USER_QUEUE } from './gate.ts';

describe('analyst SQL gate', () => {
  it('gives one user at most their share of the slots, so another user still gets one', async () => {
    const gate = new Gate(2, 20, 1);
    const flood = Array.from({ length: 4 }, () => gate.enter(undefined, 'flood'));
    const first = await flood[0];
    expect(gate.running).toBe(1); // the flooder's others wait although a slot is free
    const other = await gate.enter(undefined, 'other');
    expect(gate.running).toBe(2);
    other();
    first();
    await flood[1]; // freed slots go to waiters below their share, in order
    expect(gate.running).toBe(1);
  });

  it('answers 503 sql_busy at once, in both languages, when the queue or one user’s part of it is full', async () => {
    const gate = new Gate(1, 3, 1);
    await gate.enter(undefined, 'a');
    for (let i = 0; i < 3; i++) void gate.enter(undefined, `w${i}`).catch(() => undefined);
    const t0 = performance.now();
    const err = await gate.enter(undefined, 'late').catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(err).toMatchObject({ code: 'sql_busy', status: 503, details: { retry_after: 2, running: 1, waiting: 3 } });
    expect((err as { messageZh: string }).messageZh).toMatch(/请稍后重试/);
    const own = new Gate(1, 100, 1);
    await own.enter(undefined, 'b');
    for (let i = 0; i < PER_USER_QUEUE; i++) void own.enter(undefined, 'flood').catch(() => undefined);
    expect(await own.enter(undefined, 'flood').catch((e: unknown) => e)).toMatchObject({ code: 'sql_busy' });
    expect(await Promise.race([own.enter(undefined, 'c').then(() => 'admitted'), Promise.resolve('queued')])).toBe(
      'queued',
    );
  });
});
