/**
 * The query history kept in browser storage, per account (result.ts historyKey). Each run is one entry with how it
 * ended (ok, error, cancelled), its duration and row count. Runs of one query as it is edited share a lineage (the
 * editor starts a new one when a query is opened from elsewhere) and are numbered, with what changed since the
 * version before, so "v3: LIMIT 20 → LIMIT 50" tells two versions of the same query apart.
 */

export type RunStatus = 'ok' | 'error' | 'cancelled';

export interface HistoryItem {
  /** The statement as written, parameters unbound. */
  sql: string;
  params?: Record<string, string>;
  at: string;
  status: RunStatus;
  rows?: number;
  ms?: number;
  lineage: string;
  version: number;
  /** What this version changed in the one before it (short, for a glance). */
  change?: { removed: string; added: string };
}

export const HISTORY_MAX = 50;
const CHANGE_CHARS = 40;

/** Entries stored before status and versions existed read as version 1 of a lineage of their own. */
function upgrade(raw: unknown): HistoryItem | null {
  const h = raw as Partial<HistoryItem> & { ok?: boolean };
  if (typeof h?.sql !== 'string' || typeof h.at !== 'string') return null;
  const status: RunStatus =
    h.status === 'ok' || h.status === 'error' || h.status === 'cancelled' ? h.status : h.ok ? 'ok' : 'error';
  return {
    ...h,
    sql: h.sql,
    at: h.at,
    status,
    lineage: typeof h.lineage === 'string' ? h.lineage : `old:${h.at}`,
    version: typeof h.version === 'number' ? h.version : 1,
  };
}

export function loadHistory(storage: Storage | undefined, key: string): HistoryItem[] {
  try {
    const items = JSON.parse(storage?.getItem(key) ?? '[]') as unknown;
    return Array.isArray(items) ? items.map(upgrade).filter((h) => h !== null) : [];
  } catch {
    return [];
  }
}

function save(storage: Storage | undefined, key: string, items: HistoryItem[]): void {
  try {
    storage?.setItem(key, JSON.stringify(items));
  } catch {
    // storage full or disabled: the history still works for this visit
  }
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const cut = (s: string) => (s.length > CHANGE_CHARS ? `${s.slice(0, CHANGE_CHARS - 1)}…` : s);

/** The words one text replaced in another: what is left between their common beginning and end. */
export function shortChange(before: string, after: string): { removed: string; added: string } {
  const a = words(before);
  const b = words(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return {
    removed: cut(a.slice(start, a.length - end).join(' ')),
    added: cut(b.slice(start, b.length - end).join(' ')),
  };
}

const sameParams = (a?: Record<string, string>, b?: Record<string, string>) =>
  JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/**
 * Record a run, newest first. The same text with the same values run again in its lineage replaces its entry (its
 * latest status, time and rows) and keeps its number; a different text gets the lineage's next number.
 */
export function recordRun(
  storage: Storage | undefined,
  key: string,
  items: HistoryItem[],
  run: Omit<HistoryItem, 'version' | 'change'>,
): HistoryItem[] {
  const family = items.filter((h) => h.lineage === run.lineage);
  const same = family.find((h) => h.sql === run.sql && sameParams(h.params, run.params));
  let item: HistoryItem;
  if (same) item = { ...same, ...run };
  else {
    const latest = family.reduce<HistoryItem | undefined>((m, h) => (!m || h.version > m.version ? h : m), undefined);
    item = {
      ...run,
      version: (latest?.version ?? 0) + 1,
      change: latest ? shortChange(latest.sql, run.sql) : undefined,
    };
  }
  const next = [item, ...items.filter((h) => h !== same)].slice(0, HISTORY_MAX);
  save(storage, key, next);
  return next;
}

/** The lineage a text opened in the editor continues: the newest entry with exactly this text, if any. */
export function lineageOf(items: HistoryItem[], sql: string): string | undefined {
  return items.find((h) => h.sql === sql)?.lineage;
}

export function newLineage(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function clearHistory(storage: Storage | undefined, key: string): HistoryItem[] {
  storage?.removeItem(key);
  return [];
}
