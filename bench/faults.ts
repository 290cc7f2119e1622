/**
 * Fault runs (issue 23): kill -9 the server at random moments of an ingest, an export and an analyst query, restart
 * it, and check that the database is whole and nothing was left behind. See `method` below.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AtlasDb } from '../server/db/database.ts';
import { checkConsistency } from '../server/db/consistency.ts';
import { queryOne } from '../server/db/query.ts';
import { quoteString } from '../server/db/sql-text.ts';
import { percentile, type BenchSuite, type Figure } from './figures.ts';
import { indicatorBenchDb } from './indicators.ts';
import { startServer } from './load-server-client.ts';

type Work = 'ingest' | 'export' | 'sql';
const WORKS: Work[] = ['ingest', 'export', 'sql'];
const HEADERS = { 'Content-Type': 'application/json', 'X-Atlas-Request': '1' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A usage CSV of `rows` rows with keys no earlier round used, references copied from live rows (so it commits). */
async function usageFile(db: AtlasDb, file: string, round: number, rows: number): Promise<void> {
  await db.withConnection((con) =>
    con.run(`COPY (
      SELECT 'FAULT-${round}-' || row_number() OVER () AS usage_id, strftime(period_month, '%Y-%m') AS period_month,
             product_id, auth_id, provider_region_code, user_org_id, user_type, user_region_code, use_purpose, calls,
             records_delivered, data_volume_gb, amount_cny, success_rate, new_user
      FROM (SELECT * FROM usage LIMIT ${rows}) u, range(${Math.ceil(rows / 1000)}) r
      LIMIT ${rows}) TO ${quoteString(file)} (HEADER)`),
  );
}

/** Start the work the server will be killed in; not awaited (the kill ends it). */
function startWork(base: string, work: Work, csv: string): void {
  const send = (p: string, init: RequestInit) =>
    fetch(base + p, init).then(
      (r) => r.arrayBuffer(),
      () => undefined,
    );
  if (work === 'ingest')
    void send('/api/ingest/usage?filename=fault.csv', {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', 'X-Atlas-Request': '1' },
      body: fs.readFileSync(csv),
    }).catch(() => undefined);
  else if (work === 'export')
    void send('/api/sql/export', {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ sql: 'SELECT u.*, r.i FROM usage u, range(20) r(i)', format: 'csv' }),
    }).catch(() => undefined);
  else
    void send('/api/sql', {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({
        sql: 'SELECT count(DISTINCT a.usage_id || b.usage_id) FROM usage a, (SELECT * FROM usage LIMIT 2000) b',
        timeout_ms: 60000,
      }),
    }).catch(() => undefined);
}

/** Processes whose parent is `pid` (the SQL workers of a server). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim())
      .map(Number);
  } catch {
    return [];
  }
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface Round {
  work: Work;
  killAfterMs: number;
  problems: string[];
  leftovers: string[];
  orphans: number;
  restartMs: number;
  /** The same server's start before the kill (after a graceful stop): the baseline of restartMs. */
  startMs: number;
  committed: boolean;
}

export const faultsSuite: BenchSuite = {
  name: 'faults',
  method: `
Fault runs (issue 23), \`bench/faults.ts\`. A copy of the indicators suite's scale-1 database; the server
(\`bench/load-server.ts\`, \`atlas serve\`'s app) runs with a private TMPDIR so everything it leaves is seen. 20 rounds
(quick: 6), each: start the server, start one piece of work chosen in turn (an upload of a 200,000-row usage CSV with
new keys, a CSV export of 2M rows, an analyst query that runs for tens of seconds), kill -9 the server after a random
0–4 s, note its SQL workers, start it again (start-up records a killed ingest as FAILED and removes leftovers), stop it
gracefully, then open the file and run \`atlas check\`'s checks (queries/check/: every batch finished; no live row of a
batch that did not commit; the monthly rollup equals the usage sums), check that the usage row count equals the start's
plus every committed upload's inserted rows, and list what is left in the private TMPDIR and which killed server's SQL
workers still run. Figures: problems, leftovers and orphaned workers summed over the rounds (target 0 each), the
restart time p95 (until it listens) against the start after a graceful stop.

What it found. The first full run (2026-12-07 01:53 UTC, at machine load from a CI run beside it) kept the database
whole in all 20 rounds (no unfinished batch, no row of an uncommitted batch, rollup equal to the usage sums, usage count
equal to the committed uploads': the 7 killed uploads were all inside their transaction) but left the killed server's
empty ingest workspace in the temp folder after each killed upload (5 entries in 13 rounds); start-up now removes it,
and the second run (02:03 UTC, recorded here) left nothing. In that run one round of 20 (an analyst query killed at
3.8 s) found the killed server's SQL worker still running 0.5 s after the restart: the worker leaves on its channel's
\`disconnect\`, which waits until its event loop is free; it exits once the running statement's chunk returns, but a
check of the parent from DuckDB's interrupt would make it immediate. The restart time is dominated by tsx compiling the
server (about 3.8 s of the start at that load), the same after a kill as after a graceful stop (ratio 0.88).
`,
  async run(ctx) {
    const rounds = ctx.quick ? 6 : 20;
    const dir = path.join(ctx.dir, 'faults');
    fs.rmSync(dir, { recursive: true, force: true });
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp, { recursive: true });
    const file = path.join(dir, 'faults.duckdb');
    fs.copyFileSync(await indicatorBenchDb(ctx, 1), file);
    const csv = path.join(dir, 'usage.csv');
    const env = { TMPDIR: tmp };

    let db = await AtlasDb.open({ path: file });
    const count = async () =>
      Number((await db.withConnection((con) => queryOne<{ n: bigint }>(con, 'SELECT count(*) AS n FROM usage')))!.n);
    const baseRows = await count();
    db.close();

    const results: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      const work = WORKS[i % WORKS.length];
      if (work === 'ingest') {
        db = await AtlasDb.open({ path: file });
        await usageFile(db, csv, i, 200_000);
        db.close();
      }
      const killAfterMs = Math.round(Math.random() * 4000);
      const t00 = performance.now();
      const server = await startServer(file, env);
      const startMs = performance.now() - t00;
      startWork(server.base, work, csv);
      await sleep(killAfterMs);
      const workers = childrenOf(server.child.pid!);
      server.child.kill('SIGKILL');
      await new Promise((r) => server.child.once('exit', r));
      const t0 = performance.now();
      const again = await startServer(file, env);
      const restartMs = performance.now() - t0;
      again.child.send({ stop: true });
      await new Promise((r) => again.child.once('exit', r));
      await sleep(500);
      const orphans = workers.filter(alive);
      for (const pid of orphans) process.kill(pid, 'SIGKILL');

      db = await AtlasDb.open({ path: file });
      const problems = (await checkConsistency(db)).flatMap((c) => c.problems.map((p) => `${c.check}: ${p}`));
      const inserted = await db.withConnection((con) =>
        queryOne<{ n: bigint | null; last: string | null }>(
          con,
          `SELECT sum(inserted) AS n, max_by(status, batch_id) AS last
           FROM ingest_batch WHERE kind = 'usage' AND file_name = 'fault.csv'`,
        ),
      );
      const rows = await count();
      if (rows !== baseRows + Number(inserted?.n ?? 0))
        problems.push(`usage has ${rows} rows, expected ${baseRows} + ${Number(inserted?.n ?? 0)} committed`);
      db.close();
      // tsx-* is the TypeScript runner's compile cache, reused by every start: not ours
      const leftovers = fs.readdirSync(tmp).filter((f) => !f.startsWith('tsx-'));
      results.push({
        work,
        killAfterMs,
        problems,
        leftovers,
        orphans: orphans.length,
        restartMs,
        startMs,
        committed: work === 'ingest' && inserted?.last === 'COMMITTED',
      });
      ctx.log(
        `faults: round ${i + 1} ${work} killed at ${killAfterMs} ms: ${problems.length} problems, ` +
          `${leftovers.length} leftovers${leftovers.length ? ` (${leftovers.join(', ')})` : ''}, ` +
          `${orphans.length} orphaned workers${problems.length ? `\n  ${problems.slice(0, 5).join('\n  ')}` : ''}`,
      );
      for (const f of leftovers) fs.rmSync(path.join(tmp, f), { recursive: true, force: true });
    }

    const sum = (f: (r: Round) => number) => results.reduce((n, r) => n + f(r), 0);
    const p95 = (f: (r: Round) => number) => percentile(results.map(f), 95);
    const ingests = results.filter((r) => r.work === 'ingest');
    const figures: Figure[] = [
      {
        name: 'faults.consistency_problems',
        value: sum((r) => r.problems.length),
        unit: 'problems',
        target: '= 0',
        pass: sum((r) => r.problems.length) === 0,
        note: `${rounds} kill -9 rounds (ingest, export, SQL in turn); ${sum((r) => (r.committed ? 1 : 0))} of ${ingests.length} killed uploads had committed before the kill`,
      },
      {
        name: 'faults.temp_leftovers',
        value: sum((r) => r.leftovers.length),
        unit: 'entries',
        target: '= 0',
        pass: sum((r) => r.leftovers.length) === 0,
        note: 'files and folders in the server TMPDIR after the restart and a graceful stop, summed over rounds',
      },
      {
        name: 'faults.orphaned_workers',
        value: sum((r) => r.orphans),
        unit: 'processes',
        target: '= 0',
        pass: sum((r) => r.orphans) === 0,
        note: "the killed server's SQL worker processes still running 0.5 s after the restart",
      },
      {
        name: 'faults.restart.p95',
        value: p95((r) => r.restartMs),
        unit: 'ms',
        baseline: p95((r) => r.startMs),
        ratio: p95((r) => r.startMs) / p95((r) => r.restartMs),
        note: 'from starting the process to its listening, after a kill -9; baseline: the start after a graceful stop',
      },
    ];
    fs.rmSync(dir, { recursive: true, force: true });
    return figures;
  },
};
