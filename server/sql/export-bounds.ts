import fs from 'node:fs';
import path from 'node:path';
import { AtlasError } from '../errors.ts';

/** How large one export may grow and how much free disk its folder's file system must keep, in bytes. */
export interface ExportBounds {
  maxBytes: number;
  minFreeBytes: number;
}

const MB = 1024 * 1024;

/** ATLAS_SQL_MAX_EXPORT_MB (default 1024) and ATLAS_MIN_FREE_DISK_MB (default 1024). */
export function exportBoundsFromEnv(): ExportBounds {
  const mb = (name: string, fallback: number) => {
    const n = Number(process.env[name]);
    return (Number.isFinite(n) && n >= 0 && process.env[name] !== '' ? n : fallback) * MB;
  };
  return { maxBytes: mb('ATLAS_SQL_MAX_EXPORT_MB', 1024), minFreeBytes: mb('ATLAS_MIN_FREE_DISK_MB', 1024) };
}

/** Bytes of the files in a folder and its subfolders (DuckDB may write beside its target). */
function folderBytes(dir: string): number {
  let total = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    try {
      total += e.isDirectory() ? folderBytes(p) : fs.statSync(p).size;
    } catch {
      // removed meanwhile
    }
  }
  return total;
}

export function exportTooLarge(bytes: number, bounds: ExportBounds): AtlasError {
  const limit = Math.round(bounds.maxBytes / MB);
  return new AtlasError(
    'export_too_large',
    `the export passed ${limit} MB, the most one export may write (ATLAS_SQL_MAX_EXPORT_MB); it was stopped and its file removed: filter or aggregate the query, or export Parquet`,
    400,
    { max_export_mb: limit, written_mb: Math.round(bytes / MB) },
    `导出超过 ${limit} MB（单次导出上限，ATLAS_SQL_MAX_EXPORT_MB），已停止并删除其文件：请筛选或汇总查询，或导出 Parquet`,
  );
}

/**
 * What stops an export writing into `dir` now: its files past the size cap, or free disk below the floor; null while
 * it may go on. Read again while DuckDB writes, so a growing file is stopped by what it wrote since the last look.
 */
export function exportBoundError(dir: string, bounds: ExportBounds): AtlasError | null {
  const written = folderBytes(dir);
  if (written > bounds.maxBytes) return exportTooLarge(written, bounds);
  let free: number;
  try {
    const s = fs.statfsSync(dir);
    free = s.bavail * s.bsize;
  } catch {
    return null; // the folder is gone: the export is over
  }
  if (free < bounds.minFreeBytes) {
    const floor = Math.round(bounds.minFreeBytes / MB);
    return new AtlasError(
      'disk_full',
      `the server's disk has less than ${floor} MB free (ATLAS_MIN_FREE_DISK_MB), so the export was stopped and its file removed; try again later or export less`,
      507,
      { min_free_disk_mb: floor, free_mb: Math.round(free / MB) },
      `服务器磁盘可用空间不足 ${floor} MB（ATLAS_MIN_FREE_DISK_MB），导出已停止并删除其文件；请稍后重试或减少导出量`,
    );
  }
  return null;
}
