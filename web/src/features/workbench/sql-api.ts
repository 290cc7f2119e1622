/**
 * The workbench's calls to the analyst SQL API (docs/api.md, "SQL workbench"). Results come as Arrow IPC; the facts
 * about a result (row cap hit, elapsed time, query id) come in X-Atlas-* headers.
 */
// a static import: result.ts already puts apache-arrow in the workbench's chunk, which is loaded only on this page
import { tableFromIPC, type Table } from 'apache-arrow';
import type {
  ExampleQuery,
  SavedQuery,
  SchemaColumn,
  SchemaFunction,
  SchemaInfo,
  SchemaTable,
  SqlErrorDetails,
} from '../../../../contract/sql.ts';
import { apiFetch, getJson, sendJson } from '../../app/api.ts';
import { triggerDownload } from '../../app/export.ts';

export interface SqlResult {
  table: Table;
  queryId: string;
  truncated: boolean;
  limit: number;
  elapsedMs: number;
  statementType: string;
}

export type { ExampleQuery, SavedQuery, SchemaColumn, SchemaFunction, SchemaInfo, SchemaTable, SqlErrorDetails };

function post(path: string, body: unknown, accept: string, signal?: AbortSignal): Promise<Response> {
  return apiFetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: accept },
    body: JSON.stringify(body),
    signal,
  });
}

/** Values of the statement's `$name` parameters (the server writes them in; contract/sql-params.ts). */
export type SqlParams = Record<string, string>;

export async function runSql(
  sql: string,
  limit: number,
  queryId: string,
  signal?: AbortSignal,
  params?: SqlParams,
): Promise<SqlResult> {
  const res = await post(
    '/api/sql',
    { sql, limit, query_id: queryId, params },
    'application/vnd.apache.arrow.stream',
    signal,
  );
  const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
  const h = (k: string) => res.headers.get(`X-Atlas-${k}`) ?? '';
  return {
    table,
    queryId: h('Query-Id'),
    truncated: h('Truncated') === 'true',
    limit: Number(h('Limit')),
    elapsedMs: Number(h('Elapsed-Ms')),
    statementType: h('Statement-Type'),
  };
}

export async function cancelSql(queryId: string): Promise<void> {
  await post('/api/sql/cancel', { query_id: queryId }, 'application/json');
}

/** The file name a Content-Disposition gives: filename* (UTF-8, a Chinese title) before the plain one. */
export function dispositionName(header: string | null): string | null {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '')?.[1];
  if (star) {
    try {
      return decodeURIComponent(star);
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  return /filename="?([^";]+)"?/.exec(header ?? '')?.[1] ?? null;
}

/**
 * The full result as a file download (the server streams it; the browser keeps it as a blob until it is saved). The
 * server names the file after `name` (a saved query's title) or the query's first table, and the time.
 */
export async function exportSql(
  sql: string,
  format: 'csv' | 'parquet' | 'arrow',
  opts: { name?: string; params?: SqlParams } = {},
): Promise<string> {
  const res = await post('/api/sql/export', { sql, format, ...opts }, '*/*');
  const name = dispositionName(res.headers.get('Content-Disposition')) ?? `atlas-query.${format}`;
  const url = URL.createObjectURL(await res.blob());
  triggerDownload(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

export const getSchema = (signal?: AbortSignal) => getJson<SchemaInfo>('/api/schema', '', { signal });
export const getSaved = (signal?: AbortSignal) =>
  getJson<{ examples: ExampleQuery[]; saved: SavedQuery[] }>('/api/sql/saved', '', { signal });

export function saveQuery(
  input: { title: string; description?: string; sql: string; shared_roles?: string[]; shared_regions?: string[] },
  id?: number,
): Promise<SavedQuery> {
  return sendJson<SavedQuery>(id ? 'PUT' : 'POST', id ? `/api/sql/saved/${id}` : '/api/sql/saved', input);
}

export async function deleteSaved(id: number): Promise<void> {
  await apiFetch(`/api/sql/saved/${id}`, { method: 'DELETE' });
}
