/**
 * `atlas serve` as a child process on a database file, as an operator starts it: the benches that time a start or
 * sample the server's memory use this (bench/derived-data.ts, bench/scale-data.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..');

export interface AtlasProcess {
  base: string;
  child: ChildProcess;
  /** Seconds from the spawn until /api/health answered. */
  health_s: number;
  /** Seconds since the spawn. */
  elapsed(): number;
  /** The server's log so far (one JSON object per line). */
  logs(): string;
  /** Resident memory now and the peak so far, in MB, from /proc (Linux). */
  memory(): { rss_mb: number; peak_mb: number } | null;
  stop(): Promise<void>;
}

const seconds = (ms: number) => Math.round(ms) / 1000;

export async function startAtlas(file: string, port: number, env: Record<string, string> = {}): Promise<AtlasProcess> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'server', 'cli', 'main.ts'), 'serve', '--no-sample', '--port', String(port)],
    {
      cwd: ROOT,
      env: { ...process.env, ATLAS_DB: file, ATLAS_LOG_LEVEL: 'info', UV_THREADPOOL_SIZE: '16', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let logs = '';
  child.stderr!.on('data', (d: Buffer) => (logs += d.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const base = `http://127.0.0.1:${port}`;
  let health_s = 0;
  while (!health_s) {
    if (exited) throw new Error(`atlas serve exited before answering:\n${logs.slice(-2000)}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) health_s = seconds(performance.now() - t0);
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    base,
    child,
    health_s,
    elapsed: () => seconds(performance.now() - t0),
    logs: () => logs,
    memory() {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
        return { rss_mb: Math.round(kb('VmRSS') / 1024), peak_mb: Math.round(kb('VmHWM') / 1024) };
      } catch {
        return null;
      }
    },
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** The server's log lines on the indicator facts, as "message (reason, ms)". */
export function factsLog(logs: string): string[] {
  return logs
    .split('\n')
    .filter((l) => l.includes('indicator facts'))
    .map((l) => {
      const j = JSON.parse(l) as { msg: string; ms: number; reason: string };
      return `${j.msg} (${j.reason}, ${j.ms} ms)`;
    });
}

/** The background jobs the server has finished so far (server/api/background.ts), each with its milliseconds. */
export function backgroundJobs(logs: string): { job: string; ms: number }[] {
  return logs
    .split('\n')
    .filter((l) => l.includes('"background job done"'))
    .map((l) => {
      const j = JSON.parse(l) as { job: string; ms: number };
      return { job: j.job, ms: j.ms };
    });
}

/** Wait until the server has finished the background job `name` (at most `limitMs`); false if it has not by then. */
export async function waitForJob(atlas: AtlasProcess, name: string, limitMs: number): Promise<boolean> {
  const until = performance.now() + limitMs;
  while (performance.now() < until) {
    if (backgroundJobs(atlas.logs()).some((j) => j.job === name)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
