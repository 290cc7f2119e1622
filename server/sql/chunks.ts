import type { DuckDBConnection, DuckDBDataChunk, DuckDBPreparedStatement, DuckDBResult } from '@duckdb/node-api';
import { tableToIPC, type Table } from 'apache-arrow';
import { duckdbResultToArrow } from '../db/arrow.ts';
import { prepareCapped } from './statement.ts';

/**
 * Column names made unique without regard to case (DuckDB identifiers ignore case): a, a, A → a, a_1, A_2 (the names DuckDB itself gives them in a subquery). A result may repeat a
 * name (SELECT 1 AS a, 2 AS a), but Arrow lookups, JSON rows and Parquet columns need distinct ones.
 */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let candidate = name === '' ? 'column' : name;
    for (let k = 1; seen.has(candidate.toLowerCase()); k++) candidate = `${name}_${k}`;
    seen.add(candidate.toLowerCase());
    return candidate;
  });
}

export function resultNames(result: DuckDBResult): string[] {
  return uniqueNames(Array.from({ length: result.columnCount }, (_, i) => result.columnName(i)));
}

/**
 * Reads a streaming result chunk by chunk, asking DuckDB for the next chunk (on a libuv thread) before handing out the
 * current one, so DuckDB computes while JavaScript converts. Stops asking once `budget` rows were read. Call settle()
 * before closing the connection: a fetch may still be running.
 */
export class ChunkReader {
  private pending: Promise<DuckDBDataChunk | null> | null = null;
  private ended = false;
  rows = 0;

  constructor(
    readonly result: DuckDBResult,
    private readonly budget = Infinity,
  ) {}

  get done(): boolean {
    return this.ended || this.rows >= this.budget;
  }

  async read(): Promise<DuckDBDataChunk | null> {
    if (!this.pending) this.request();
    const next = this.pending;
    this.pending = null;
    const chunk = next ? await next : null;
    if (!chunk || chunk.rowCount === 0) {
      this.ended = true;
      return null;
    }
    this.rows += chunk.rowCount;
    this.request();
    return chunk;
  }

  async settle(): Promise<void> {
    await this.pending?.catch(() => undefined);
  }

  private request(): void {
    if (this.done) return;
    const p = this.result.fetchChunk();
    p.catch(() => undefined); // awaited by the next read; this only keeps an abandoned fetch from failing unhandled
    this.pending = p;
  }
}

/**
 * Convert the next `rows` rows (or the rest) of a reader's result to one Arrow table with server/db/arrow.ts, every
 * value exact (Int64, Decimal128, nested types…: an analyst gets what DuckDB holds). The
 * converter reads a result through columnCount/columnName/columnType(Id)/fetchChunk, so a stand-in that hands out the
 * reader's chunks lets a caller convert a bounded batch at a time (the row cap, export batches) instead of the whole result.
 */
export function readArrow(reader: ChunkReader, names: readonly string[], rows = Infinity): Promise<Table> {
  const { result } = reader;
  let taken = 0;
  const replay = {
    columnCount: result.columnCount,
    columnName: (i: number) => names[i],
    columnTypeId: (i: number) => result.columnTypeId(i),
    columnType: (i: number) => result.columnType(i),
    fetchChunk: async () => {
      if (taken >= rows) return null;
      const chunk = await reader.read();
      taken += chunk?.rowCount ?? 0;
      return chunk;
    },
  };
  return duckdbResultToArrow(replay as unknown as DuckDBResult, { bigint: 'exact' });
}

/**
 * Run an accepted read statement and keep at most `limit` rows. LIMIT limit+1 inside the statement lets DuckDB plan a
 * top-N; statements that cannot be wrapped are streamed and abandoned after limit+1 rows. The extra row says the cap
 * was hit. Used by the API and by `atlas sql`, so both follow the same rules.
 */
export async function runCapped(
  con: DuckDBConnection,
  stmt: DuckDBPreparedStatement,
  sql: string,
  limit: number,
): Promise<{ table: Table; truncated: boolean }> {
  const target = (await prepareCapped(con, sql, limit + 1)) ?? stmt;
  const result = await target.stream();
  const reader = new ChunkReader(result, limit + 1);
  try {
    const table = await readArrow(reader, resultNames(result));
    const truncated = table.numRows > limit;
    return { table: truncated ? table.slice(0, limit) : table, truncated };
  } finally {
    await reader.settle();
  }
}

/** The end-of-stream marker of an Arrow IPC stream. */
export const ARROW_EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** One batch as Arrow IPC stream messages: the schema message only in the first, never the end-of-stream marker. */
export function ipcMessages(table: Table, first: boolean): Uint8Array {
  const bytes = tableToIPC(table, 'stream');
  let start = 0;
  if (!first) {
    // the schema message is framed as 0xFFFFFFFF, int32 metadata length, metadata (it has no body)
    start = 8 + new DataView(bytes.buffer, bytes.byteOffset, 8).getInt32(4, true);
  }
  return bytes.subarray(start, bytes.length - ARROW_EOS.length);
}
