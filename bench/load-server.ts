/**
 * The server of the load benchmark (bench/load.ts), in a process of its own so the load generator's work does not
 * count in its event loop: `atlas serve`'s app (warm views, no web files) on a database file, listening on loopback.
 * It tells its parent the port, and answers {stats} with its event-loop delay since the last ask (perf_hooks
 * monitorEventLoopDelay) and its resident memory.
 */
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/api/app.ts';
import { AtlasDb } from '../server/db/database.ts';
import { createLogger } from '../server/log.ts';

// With `--idle` instead of a file: a bare HTTP server that answers every request with {"ok":true} at once and does
// nothing else, run beside the real one: its latencies and event-loop delay are what the machine itself allows at
// the time (other processes share its cores), the baseline of the real server's figures.
// ATLAS_BENCH_SYNC_TRACE=1: time the synchronous calls that could hold the event loop (DuckDB connection close and
// parameter binding, JSON text), to find what a long event-loop delay is made of; reported with the stats.
const slow: Record<string, { n: number; totalMs: number; maxMs: number }> = {};
if (process.env.ATLAS_BENCH_SYNC_TRACE) {
  const { DuckDBConnection, DuckDBPreparedStatement } = await import('@duckdb/node-api');
  const timed = <T extends object>(obj: T, key: keyof T & string, name: string) => {
    const fn = obj[key] as unknown as (...a: unknown[]) => unknown;
    (obj as Record<string, unknown>)[key] = function (this: unknown, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return fn.apply(this, args);
      } finally {
        const ms = performance.now() - t0;
        if (ms > 5) {
          const s = (slow[name] ??= { n: 0, totalMs: 0, maxMs: 0 });
          s.n++;
          s.totalMs += ms;
          s.maxMs = Math.max(s.maxMs, ms);
        }
      }
    };
  };
  timed(DuckDBConnection.prototype, 'closeSync', 'connection.closeSync');
  timed(DuckDBPreparedStatement.prototype, 'bind', 'statement.bind');
  timed(JSON, 'stringify', 'JSON.stringify');
  timed(JSON, 'parse', 'JSON.parse');
}

const file = process.argv[2];
const idle = file === '--idle';
const db = idle ? null : await AtlasDb.open({ path: file });
const atlas = db ? await createApp({ db, log: createLogger('bench'), staticDir: null, warm: true }) : null;
const server = atlas
  ? atlas.app.listen(0, '127.0.0.1')
  : http
      .createServer((_req, res) => res.setHeader('Content-Type', 'application/json').end('{"ok":true}'))
      .listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const ms = (ns: number) => ns / 1e6;

process.on('message', (m: { stats?: boolean; stop?: boolean }) => {
  if (m.stats) {
    process.send!({
      stats: {
        p50: ms(delay.percentile(50)),
        p99: ms(delay.percentile(99)),
        max: ms(delay.max),
        rssMb: process.memoryUsage().rss / 2 ** 20,
        slow,
      },
    });
    delay.reset();
  }
  if (m.stop) {
    server.closeAllConnections();
    server.close(() => void (atlas?.close() ?? Promise.resolve()).finally(() => (db?.close(), process.exit(0))));
  }
});
process.send!({ port: (server.address() as AddressInfo).port });
