import type { DuckDBConnection, DuckDBDataChunk, DuckDBPreparedStatement, DuckDBResult } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
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
 * Convert chunks already fetched from `result` to one Arrow table with server/db/arrow.ts. The converter reads a result
 * through columnCount/columnName/columnType(Id)/fetchChunk, so a stand-in that replays these chunks lets a caller convert
 * a bounded batch at a time (the row cap, export batches) instead of the whole result.
 */
export function chunksToArrow(result: DuckDBResult, names: readonly string[], chunks: readonly DuckDBDataChunk[]): Promise<Table> {
  let next = 0;
  const replay = {
    columnCount: result.columnCount,
    columnName: (i: number) => names[i],
    columnTypeId: (i: number) => result.columnTypeId(i),
    columnType: (i: number) => result.columnType(i),
    fetchChunk: async () => chunks[next++] ?? null,
  };
  return duckdbResultToArrow(replay as unknown as DuckDBResult);
}

/** Fetch chunks until at least `rows` rows are held or the result ends. */
export async function fetchRows(result: DuckDBResult, rows: number, onChunk?: () => void): Promise<{ chunks: DuckDBDataChunk[]; rows: number; done: boolean }> {
  const chunks: DuckDBDataChunk[] = [];
  let n = 0;
  while (n < rows) {
    const chunk = await result.fetchChunk();
    onChunk?.();
    if (!chunk || chunk.rowCount === 0) return { chunks, rows: n, done: true };
    chunks.push(chunk);
    n += chunk.rowCount;
  }
  return { chunks, rows: n, done: false };
}

/**
 * Run an accepted read statement and keep at most `limit` rows. LIMIT limit+1 inside the statement lets DuckDB plan a
 * top-N; statements that cannot be wrapped are streamed and abandoned after limit+1 rows. The extra row says the cap
 * was hit. Used by the API and by `atlas sql`, so both follow the same rules.
 */
export async function runCapped(con: DuckDBConnection, stmt: DuckDBPreparedStatement, sql: string, limit: number): Promise<{ table: Table; truncated: boolean }> {
  const target = (await prepareCapped(con, sql, limit + 1)) ?? stmt;
  const result = await target.stream();
  const names = resultNames(result);
  const fetched = await fetchRows(result, limit + 1);
  const table = await chunksToArrow(result, names, fetched.chunks);
  const truncated = table.numRows > limit;
  return { table: truncated ? table.slice(0, limit) : table, truncated };
}
