import type { ExportBounds } from './export-bounds.ts';

/** Messages between the server and its analyst SQL worker process (worker.ts), over the fork IPC channel. */

export type ExportFormat = 'csv' | 'parquet' | 'arrow';

export type ToWorker =
  /**
   * One capped read. The worker computes it, sends `started` with its facts, then the Arrow IPC stream as batches (the
   * schema message first, with `meta` and the result's own facts in its metadata), each acknowledged before the next
   * but one, so the server holds a batch or two, never the whole answer.
   */
  | {
      type: 'run';
      id: string;
      file: string;
      sql: string;
      limit: number;
      meta: Record<string, string | number | boolean>;
    }
  /** A full result: CSV and Parquet as a file written in `dir`; Arrow as batches, each acknowledged before the next. */
  | {
      type: 'export';
      id: string;
      file: string;
      sql: string;
      format: ExportFormat;
      dir: string;
      /** CSV and Parquet files are watched while DuckDB writes them (export-bounds.ts). */
      bounds: ExportBounds;
    }
  | { type: 'ack'; id: string }
  | { type: 'stop'; id: string }
  | { type: 'schema'; id: string; file: string }
  /** The snapshot file is about to be deleted: close its instance. */
  | { type: 'close'; file: string };

export interface WireError {
  code: string;
  message: string;
  status: number;
  details?: unknown;
  messageZh?: string;
}

/**
 * Bulk bytes between the processes: small ones inline, larger ones as a file in a shared in-memory folder (/dev/shm),
 * which the receiver reads and deletes. Node's IPC channel concatenates its read buffer on every 64 KB read, so a
 * message of n bytes costs O(n²) copies: 1.4 MB took ~20 ms on the IPC channel and ~1 ms as a file.
 */
export type Bytes = Uint8Array | { file: string };

export interface RunReply {
  /** What the response reports (rows, truncated, elapsed_ms, statement_type and the request's own facts). */
  meta: Record<string, string | number | boolean>;
}

export interface ExportReply {
  rows: number;
  /** The written file (CSV, Parquet); absent for Arrow, whose bytes came as batches. */
  path?: string;
}

export type FromWorker =
  | { type: 'ready'; pid: number }
  | { type: 'reply'; id: string; value: unknown }
  | { type: 'error'; id: string; error: WireError }
  /** The statement was accepted (an export's is running, a read's is computed, with its facts): headers may go out. */
  | { type: 'started'; id: string; meta?: Record<string, string | number | boolean> }
  | { type: 'batch'; id: string; bytes: Bytes };
