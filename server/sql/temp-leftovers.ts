import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The analyst SQL's temporary folders outside the snapshot folder, each named after the process that made it: the SQL
 * worker host's private folder and its hand-off folder (worker-host.ts) and an in-memory database's snapshot folder
 * (snapshot.ts). A process killed with SIGKILL cannot remove its own; the next start removes every one whose process is
 * gone. Folders of earlier versions, named without a process id, are left alone: nothing tells whether they are in use.
 */
const LEFTOVER = /^atlas-(?:sql|sql-handoff|analyst)-(\d+)-/;

/** Where those folders are made: the system temp folder, and /dev/shm for the hand-off. */
export function tempRoots(): string[] {
  return [os.tmpdir(), '/dev/shm'];
}

/** The prefix of a new temporary folder of this process (for fs.mkdtempSync). */
export function tempPrefix(root: string, kind: 'sql' | 'sql-handoff' | 'analyst'): string {
  return path.join(root, `atlas-${kind}-${process.pid}-`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove the folders of processes that no longer run; returns what was removed. */
export function removeTempLeftovers(roots: string[] = tempRoots()): string[] {
  const removed: string[] = [];
  for (const root of roots) {
    let names: string[];
    try {
      names = fs.readdirSync(root);
    } catch {
      continue;
    }
    for (const name of names) {
      const m = LEFTOVER.exec(name);
      if (!m) continue;
      const pid = Number(m[1]);
      if (pid === process.pid || alive(pid)) continue;
      const full = path.join(root, name);
      try {
        fs.rmSync(full, { recursive: true, force: true });
        removed.push(full);
      } catch {
        // another process removed it first, or it is not ours to remove: leave it
      }
    }
  }
  return removed;
}

let swept = false;

/** removeTempLeftovers once per process: at the first analyst sandbox, that is at server start. */
export function sweepTempLeftoversOnce(): void {
  if (swept) return;
  swept = true;
  removeTempLeftovers();
}
