import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/server.ts';
import { Admission, admissionSettings } from './admission.ts';

describe('admission control per class of work, over real HTTP', () => {
  let t: TestServer;
  let admission: Admission;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const install = (views: { concurrency: number; queue: number; waitMs: number }) => {
    admission = new Admission({ ...admissionSettings({}), views });
    t.atlas.app.locals.admission = admission;
  };

  it('answers 503 busy with Retry-After at once when the queue is full, and serves again after', async () => {
    install({ concurrency: 1, queue: 1, waitMs: 10_000 });
    // hold the one slot of the class as a long view would
    const hold = await admission.lanes.views.enter();
    const queued = fetch(`${t.base}/api/reference`).catch((err: unknown) => err);
    await until(() => admission.lanes.views.waiting === 1);

    const times: number[] = [];
    let refused!: Response;
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      refused = await fetch(`${t.base}/api/reference`);
      times.push(performance.now() - started);
      expect(refused.status).toBe(503);
      if (i < 4) await refused.arrayBuffer();
    }
    // the fastest under 100 ms, and none near the 10 s a queued request may wait: refused, not queued (the whole
    // test suite shares two cores, so one answer may be late by the scheduler alone)
    times.sort((a, b) => a - b);
    expect(times[0]).toBeLessThan(100);
    expect(times[4]).toBeLessThan(2000);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await refused.json()) as { error: { code: string; message: string; message_zh: string } };
    expect(body.error).toMatchObject({ code: 'busy', details: { class: 'views', running: 1, waiting: 1 } });
    expect(body.error.message).toMatch(/busy with dashboard and indicator views; try again in \d+ s/);
    expect(body.error.message_zh).toMatch(/服务器正忙于看板与指标视图/);

    // other classes and cheap endpoints are not held up by a full class
    expect((await fetch(`${t.base}/api/health`)).status).toBe(200);

    hold();
    expect(((await queued) as Response).status).toBe(200);
    expect((await fetch(`${t.base}/api/reference`)).status).toBe(200);
    expect(admission.lanes.views.running).toBe(0);
    expect(admission.lanes.views.refused).toBe(5);
  });

  it('refuses a request that waited its longest time in the queue, instead of letting it time out', async () => {
    install({ concurrency: 1, queue: 5, waitMs: 300 });
    const hold = await admission.lanes.views.enter();
    const started = performance.now();
    const res = await fetch(`${t.base}/api/reference`);
    const ms = performance.now() - started;
    hold();
    expect(res.status).toBe(503);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(2000);
    expect(admission.lanes.views.waiting).toBe(0);
    expect((await fetch(`${t.base}/api/reference`)).status).toBe(200);
  });

  it('refuses at once a request that would wait longer than that, by the mean service time', async () => {
    // the mean service time starts at 200 ms: one queued request would wait 200 ms, a second 400 ms > 300 ms
    install({ concurrency: 1, queue: 50, waitMs: 300 });
    const hold = await admission.lanes.views.enter();
    const queued = fetch(`${t.base}/api/reference`);
    await until(() => admission.lanes.views.waiting === 1);
    const started = performance.now();
    const res = await fetch(`${t.base}/api/reference`);
    expect(res.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(250);
    hold();
    expect((await queued).status).toBe(200);
  });

  it('counts a running request longer than the mean in the wait it expects', async () => {
    install({ concurrency: 1, queue: 50, waitMs: 1000 });
    const hold = await admission.lanes.views.enter();
    await new Promise((r) => setTimeout(r, 600));
    // the held request has run 600 ms: one queued would wait about that, a second about 1,200 ms > 1,000 ms
    const queued = fetch(`${t.base}/api/reference`);
    await until(() => admission.lanes.views.waiting === 1);
    const started = performance.now();
    const res = await fetch(`${t.base}/api/reference`);
    expect(res.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(250);
    hold();
    expect((await queued).status).toBe(200);
  });

  it('frees the slot of a request whose client went away while queued', async () => {
    install({ concurrency: 1, queue: 1, waitMs: 10_000 });
    const hold = await admission.lanes.views.enter();
    const abort = new AbortController();
    const gone = fetch(`${t.base}/api/reference`, { signal: abort.signal }).catch(() => 'aborted');
    await until(() => admission.lanes.views.waiting === 1);
    abort.abort();
    expect(await gone).toBe('aborted');
    await until(() => admission.lanes.views.waiting === 0);
    hold();
    expect(admission.lanes.views.running).toBe(0);
    expect((await fetch(`${t.base}/api/reference`)).status).toBe(200);
  });

  it('runs at most `concurrency` requests of a class at once and serves every queued one', async () => {
    install({ concurrency: 2, queue: 50, waitMs: 10_000 });
    const lane = admission.lanes.views;
    const answers = await Promise.all(Array.from({ length: 12 }, () => fetch(`${t.base}/api/reference`)));
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(lane.peak).toBe(2);
    expect(lane.admitted).toBe(12);
  });

  it('reads its limits from the environment, with defaults', () => {
    const s = admissionSettings({ ATLAS_VIEWS_CONCURRENCY: '3', ATLAS_EXPORTS_QUEUE: '0', ATLAS_QUEUE_WAIT_MS: 'x' });
    expect(s.views).toEqual({ concurrency: 3, queue: 200, waitMs: 10_000 });
    expect(s.exports).toEqual({ concurrency: 2, queue: 0, waitMs: 10_000 });
    expect(s.ingest.concurrency).toBe(2);
  });
});

async function until(cond: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('GET /api/health', () => {
  it('answers without the database, so it stays fast however busy DuckDB is', async () => {
    const t = await startTestServer();
    try {
      // count the connections the core routes take (the dashboard warms itself in the background meanwhile)
      let connections = 0;
      const connect = t.db.connect.bind(t.db);
      t.db.connect = () => {
        if (new Error().stack?.includes('core-routes')) connections++;
        return connect();
      };
      for (let i = 0; i < 10; i++) {
        const res = await fetch(`${t.base}/api/health`);
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ ok: true });
      }
      expect(connections).toBe(0);
      // the counter does count: /api/meta, beside health in core-routes, takes one
      expect((await fetch(`${t.base}/api/meta`)).status).toBe(200);
      expect(connections).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('keeps a client request id only when it is short and plain', async () => {
    const t = await startTestServer();
    try {
      const ok = await fetch(`${t.base}/api/health`, { headers: { 'X-Request-Id': 'abc-123' } });
      expect(ok.headers.get('x-request-id')).toBe('abc-123');
      const long = await fetch(`${t.base}/api/health`, { headers: { 'X-Request-Id': 'a'.repeat(5000) } });
      expect(long.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await t.close();
    }
  });
});
