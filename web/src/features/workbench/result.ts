/** Reading an Arrow result for the grid and the quick chart, and the query history kept in browser storage. */
import { Type, type Table, type Vector } from 'apache-arrow';
import { numberFormat, type Lang } from '../../app/format.ts';

export type ColumnKind = 'number' | 'text' | 'date' | 'timestamp' | 'bool' | 'other';

export interface ResultColumn {
  name: string;
  kind: ColumnKind;
  type: string;
  vector: Vector;
}

function kindOf(typeId: Type): ColumnKind {
  if (typeId === Type.Int || typeId === Type.Float || typeId === Type.Decimal) return 'number';
  if (typeId === Type.Utf8 || typeId === Type.LargeUtf8 || typeId === Type.Dictionary) return 'text';
  if (typeId === Type.Date) return 'date';
  if (typeId === Type.Timestamp) return 'timestamp';
  if (typeId === Type.Bool) return 'bool';
  return 'other';
}

export function resultColumns(table: Table): ResultColumn[] {
  return table.schema.fields.map((f, i) => ({
    name: f.name,
    kind: kindOf(f.typeId),
    type: String(f.type),
    vector: table.getChildAt(i)!,
  }));
}

/** The value of one cell as a number, or null (BigInt columns become numbers; the server already sends most as Float64). */
export function numberAt(col: ResultColumn, row: number): number | null {
  const v = col.vector.get(row);
  if (v === null || v === undefined) return null;
  const n = typeof v === 'bigint' ? Number(v) : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** A cell as text for the grid: numbers with the locale's grouping and up to 6 decimals, dates as ISO, null as null. */
export function cellText(col: ResultColumn, row: number, lang: Lang, nullText: string): string {
  const v = col.vector.get(row);
  if (v === null || v === undefined) return nullText;
  switch (col.kind) {
    case 'number':
      return numberFormat(lang, { maximumFractionDigits: 6 }).format(typeof v === 'bigint' ? Number(v) : (v as number));
    case 'date':
      return new Date(Number(v)).toISOString().slice(0, 10);
    case 'timestamp':
      return new Date(Number(v))
        .toISOString()
        .replace('T', ' ')
        .replace(/\.000Z$|Z$/, '');
    default:
      return String(v);
  }
}

export interface HistoryItem {
  sql: string;
  at: string;
  ok: boolean;
  rows?: number;
  ms?: number;
}

const HISTORY_KEY = 'atlas.sql.history';
const HISTORY_MAX = 50;

/**
 * Where an account's history is kept: one per account, since several people may share a browser and a statement's
 * text can tell what they looked at. Local mode keeps the key it always had.
 */
export function historyKey(user: string | null | undefined): string {
  return !user || user === 'local' ? HISTORY_KEY : `${HISTORY_KEY}:${user}`;
}

export function loadHistory(storage: Storage | undefined, key = HISTORY_KEY): HistoryItem[] {
  try {
    const items = JSON.parse(storage?.getItem(key) ?? '[]') as HistoryItem[];
    return Array.isArray(items) ? items.filter((h) => typeof h?.sql === 'string') : [];
  } catch {
    return [];
  }
}

/** Newest first; running the same text again moves it to the top instead of repeating it. */
export function pushHistory(
  storage: Storage | undefined,
  items: HistoryItem[],
  item: HistoryItem,
  key = HISTORY_KEY,
): HistoryItem[] {
  const next = [item, ...items.filter((h) => h.sql !== item.sql)].slice(0, HISTORY_MAX);
  try {
    storage?.setItem(key, JSON.stringify(next));
  } catch {
    // storage full or disabled: the history still works for this visit
  }
  return next;
}

export function clearHistory(storage: Storage | undefined, key = HISTORY_KEY): HistoryItem[] {
  storage?.removeItem(key);
  return [];
}
