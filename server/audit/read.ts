/**
 * Reading the audit log: one page of entries for GET /api/audit, every matching entry in chunks for CSV and
 * `atlas audit list`, and the entries in chain order for `atlas audit verify`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AuditEntry, AuditList, AuditQuery } from '../../contract/audit.ts';
import type { StoredEntry } from '../audit-log.ts';
import { prepareBound, queryOne, queryRows, type SqlParams } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';

/** The part of the security database reading needs (server/auth/store.ts SecurityStore, or a read-only instance). */
export interface ReadStore {
  withConnection<T>(fn: (con: DuckDBConnection) => Promise<T>): Promise<T>;
}

export type AuditFilter = Partial<Pick<AuditQuery, 'user' | 'action' | 'outcome' | 'since' | 'until'>>;

interface EntryRow {
  seq: number | bigint;
  at_ms: number | bigint;
  actor: string;
  address: string;
  action: string;
  target: string;
  detail: string;
  outcome: string;
  prev_hash: string;
  hash: string;
}

export const CSV_COLUMNS = [
  'seq',
  'at',
  'actor',
  'address',
  'action',
  'target',
  'outcome',
  'detail',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof StoredEntry)[];

function filterParams(f: AuditFilter): SqlParams {
  return {
    user: f.user ?? null,
    actions: f.action ?? [],
    outcome: f.outcome ?? null,
    since_ms: f.since ?? null,
    until_ms: f.until ?? null,
  };
}

function storedEntry(r: EntryRow): StoredEntry {
  return {
    seq: Number(r.seq),
    at: new Date(Number(r.at_ms)).toISOString(),
    actor: r.actor,
    address: r.address,
    action: r.action,
    target: r.target,
    detail: r.detail,
    outcome: r.outcome,
    prev_hash: r.prev_hash,
    hash: r.hash,
  };
}

/** An entry as the API answers it: detail as an object (a stored text that is no JSON object comes as {text}). */
export function apiEntry(e: StoredEntry): AuditEntry {
  let detail: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(e.detail);
    detail =
      parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : { text: e.detail };
  } catch {
    detail = { text: e.detail };
  }
  return { ...e, detail } as AuditEntry;
}

/** One page, newest first: `limit` entries older than `before` (all when null), the total and the next cursor. */
export async function listPage(
  store: ReadStore,
  filter: AuditFilter,
  limit: number,
  before: number | null = null,
): Promise<AuditList> {
  return store.withConnection(async (con) => {
    const rows = await queryRows<EntryRow & Record<string, unknown>>(con, sqlFile('security/audit_filter'), {
      ...filterParams(filter),
      before,
      newest_first: true,
      limit: limit + 1,
    });
    const total = await queryOne<{ n: number }>(con, sqlFile('security/audit_count'), filterParams(filter));
    const entries = rows.slice(0, limit).map((r) => apiEntry(storedEntry(r)));
    return {
      entries,
      total: total?.n ?? 0,
      next_before: rows.length > limit ? entries[entries.length - 1].seq : null,
      limit,
    };
  });
}

/**
 * Every matching entry, newest first or in chain order, in chunks as DuckDB streams them (one query, one consistent
 * view of the log, however long the reader takes). `fn` may be slow (a client reading a CSV): the next chunk waits.
 */
export async function eachChunk(
  store: ReadStore,
  filter: AuditFilter,
  order: 'newest' | 'chain',
  fn: (entries: StoredEntry[]) => Promise<void> | void,
): Promise<void> {
  await streamRows(
    store,
    sqlFile('security/audit_filter'),
    {
      ...filterParams(filter),
      before: null,
      newest_first: order === 'newest',
      limit: null,
    },
    fn,
  );
}

/** Every entry in chain order (seq, then hash for a duplicated seq), in chunks. */
export function chainChunks(store: ReadStore, fn: (entries: StoredEntry[]) => Promise<void> | void): Promise<void> {
  return streamRows(store, sqlFile('security/audit_chain'), {}, fn);
}

async function streamRows(
  store: ReadStore,
  sql: string,
  params: SqlParams,
  fn: (entries: StoredEntry[]) => Promise<void> | void,
): Promise<void> {
  await store.withConnection(async (con) => {
    const result = await (await prepareBound(con, sql, params)).stream();
    for await (const rows of result.yieldRowObjectJs()) await fn((rows as unknown as EntryRow[]).map(storedEntry));
  });
}
