// Resident memory of the server while it sends one large analyst answer (BENCHMARKS.md, "Analyst answers"). Run:
//   UV_THREADPOOL_SIZE=16 node --import tsx bench/answer-memory.ts [rows]
// It forks a server on an in-memory database, asks POST /api/sql for `rows` rows of (range, md5) in Arrow, JSON and CSV,
// reads each answer to the end without keeping it, and samples the server's and the SQL worker's VmRSS from /proc.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';

const ROWS = Number(process.argv[2] === 'serve' ? 0 : (process.argv[2] ?? 12_000_000));

if (process.argv[2] === 'serve') {
  const { startTestServer } = await import('../server/test-support/server.ts');
  const server = await startTestServer();
  process.send!({ base: server.base });
} else {
  const rssMb = (pid: number, field = 'VmRSS') => {
    try {
      const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Math.round(Number(m[1]) / 1024) : 0;
    } catch {
      return 0;
    }
  };
  const workerPid = (parent: number): number | null => {
    for (const d of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === parent && fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('worker.ts')) return Number(d);
      } catch {
        // gone meanwhile
      }
    }
    return null;
  };
  /** POST JSON and read the answer to its end, counting its bytes (node:http: fetch gives up on headers after 300 s). */
  const post = (url: string, body: unknown) =>
    new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      const req = http.request(
        url,
        { method: 'POST', headers: { 'content-type': 'application/json', 'x-atlas-request': '1' } },
        (res) => {
          let bytes = 0;
          res.on('data', (c: Buffer) => (bytes += c.byteLength));
          res.on('end', () => resolve({ status: res.statusCode!, bytes }));
          res.on('error', (err) => resolve({ status: res.statusCode!, bytes: -bytes || -1, ...{ err } }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  const child = fork(new URL(import.meta.url), ['serve'], {
    env: { ...process.env, ATLAS_SQL_MAX_ROWS: String(ROWS), ATLAS_SQL_TIMEOUT_MS: '300000' },
    execArgv: ['--import', 'tsx'],
  });
  const { base } = await new Promise<{ base: string }>((r) => child.once('message', (m) => r(m as { base: string })));
  const sql = `SELECT range, md5(range::VARCHAR) AS h FROM range(${ROWS})`;
  process.on('exit', () => child.kill('SIGKILL'));
  await post(`${base}/api/sql?format=json`, { sql: 'SELECT 1', limit: 1 }); // start the worker and build the snapshot before measuring
  console.log(`rows ${ROWS}; server idle ${rssMb(child.pid!)} MB`);
  for (const format of ['arrow', 'json', 'csv']) {
    let peak = 0;
    let workerPeak = 0;
    const sample = setInterval(() => {
      peak = Math.max(peak, rssMb(child.pid!));
      const w = workerPid(child.pid!);
      if (w) workerPeak = Math.max(workerPeak, rssMb(w));
    }, 20);
    const started = performance.now();
    const { status, bytes } = await post(`${base}/api/sql?format=${format}`, { sql, limit: ROWS, timeout_ms: 300_000 });
    clearInterval(sample);
    const secs = (performance.now() - started) / 1000;
    console.log(
      `${format.padEnd(5)} status ${status}, ${Math.round(bytes / 2 ** 20)} MB in ${secs.toFixed(1)} s; ` +
        `server peak ${peak} MB, after ${rssMb(child.pid!)} MB; worker peak ${workerPeak} MB`,
    );
  }
  child.kill('SIGKILL');
}
