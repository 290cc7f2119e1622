// Starting bench/load-server.ts from a benchmark (the load and fault runs) and asking it for its event-loop figures.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface LoopStats {
  p50: number;
  p99: number;
  max: number;
  rssMb: number;
}

/**
 * The benchmark's server, in its own process (load-server.ts), on a database file (or `--idle`); `env` adds to or
 * overrides its environment (TMPDIR for the fault runs).
 */
export async function startServer(
  file: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ base: string; child: ChildProcess; stats(): Promise<LoopStats> }> {
  const child = fork(path.join(import.meta.dirname, 'load-server.ts'), [file], {
    execArgv: ['--import', 'tsx'],
    // one address for fifty users: the per-user rate limit would refuse them as one; the SQL worker logs nothing
    env: { ...process.env, ATLAS_RATE_LIMIT: '0', ATLAS_LOG_LEVEL: 'silent', UV_THREADPOOL_SIZE: '16', ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the benchmark server exited (${code})`)));
    child.on('message', (m: { port?: number }) => m.port && resolve(m.port));
  });
  const stats = () =>
    new Promise<LoopStats>((resolve) => {
      const on = (m: { stats?: LoopStats }) => {
        if (!m.stats) return;
        child.off('message', on);
        resolve(m.stats);
      };
      child.on('message', on);
      child.send({ stats: true });
    });
  return { base: `http://127.0.0.1:${port}`, child, stats };
}
