/**
 * Reading an Arrow result for the grid and the quick chart, and the query history kept in browser storage. Analyst
 * answers are exact (Int64, Decimal128, nanosecond timestamps, nested LIST/STRUCT/MAP): values are read from Arrow's
 * buffers and turned into text or numbers here, at the edge, because apache-arrow's getters round them (and throw on
 * timestamps beyond 2^53 nanoseconds).
 */
import { Type, type Data, type DataType, type Field, type Table, type Vector } from 'apache-arrow';
import { numberFormat, type Lang } from '../../app/format.ts';

export type ColumnKind = 'number' | 'text' | 'date' | 'timestamp' | 'bool' | 'other';

export interface ResultColumn {
  name: string;
  kind: ColumnKind;
  type: string;
  vector: Vector;
  field: Field;
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
    // the DuckDB type the server names in the metadata (DECIMAL(18,2), HUGEINT, …), else Arrow's
    type: f.metadata.get('duckdb_type') ?? String(f.type),
    vector: table.getChildAt(i)!,
    field: f,
  }));
}

/** The record batch piece holding `row`, and the row's index in it. */
function locate(vector: Vector, row: number): { data: Data; i: number } {
  let i = row;
  for (const data of vector.data) {
    if (i < data.length) return { data, i };
    i -= data.length;
  }
  throw new RangeError(`row ${row} is beyond the result`);
}

export function isNullAt(col: ResultColumn, row: number): boolean {
  return !col.vector.isValid(row);
}

const pad = (n: number | bigint | string, w = 2) => String(n).padStart(w, '0');
const utf8 = new TextDecoder();

/** A Decimal128 value (four little-endian 32-bit words) as its exact decimal text. */
function decimalText(words: Uint32Array, at: number, scale: number): string {
  let v = 0n;
  for (let k = 3; k >= 0; k--) v = (v << 32n) | BigInt(words[at + k]);
  v = BigInt.asIntN(128, v);
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString();
  if (scale === 0) return (neg ? '-' : '') + digits;
  const padded = digits.padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

const UNIT_DIGITS = [0, 3, 6, 9]; // Arrow's time units: s, ms, µs, ns

/** HH:MM:SS with the fraction of a second it has, from a count of 10^-digits seconds. */
function clock(units: bigint, digits: number): string {
  const per = 10n ** BigInt(digits);
  const secs = units / per;
  const frac = units % per;
  const s = `${pad(secs / 3600n)}:${pad((secs / 60n) % 60n)}:${pad(secs % 60n)}`;
  return frac === 0n ? s : `${s}.${pad(frac, digits).replace(/0+$/, '')}`;
}

function timestampText(v: bigint, unit: number): string {
  const digits = UNIT_DIGITS[unit];
  const perDay = 86_400n * 10n ** BigInt(digits);
  let days = v / perDay;
  let rest = v % perDay;
  if (rest < 0n) {
    days -= 1n;
    rest += perDay;
  }
  const date = new Date(Number(days) * 86_400_000);
  if (Number.isNaN(date.getTime())) return v > 0n ? 'infinity' : '-infinity';
  return `${date.toISOString().slice(0, 10)} ${clock(rest, digits)}`;
}

function bytesText(b: Uint8Array): string {
  let s = '';
  for (const c of b)
    s += c >= 0x20 && c <= 0x7e && c !== 0x5c ? String.fromCharCode(c) : `\\x${pad(c.toString(16).toUpperCase())}`;
  return s;
}

function uuidText(b: Uint8Array): string {
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function intervalText(w: Int32Array, at: number): string {
  const parts: string[] = [];
  const unit = (n: number, name: string) => n !== 0 && parts.push(`${n} ${name}${Math.abs(n) === 1 ? '' : 's'}`);
  unit(Math.trunc(w[at] / 12), 'year');
  unit(w[at] % 12, 'month');
  unit(w[at + 1], 'day');
  const micros = ((BigInt(w[at + 3]) << 32n) | BigInt(w[at + 2] >>> 0)) / 1000n;
  if (micros !== 0n || parts.length === 0)
    parts.push((micros < 0n ? '-' : '') + clock(micros < 0n ? -micros : micros, 6));
  return parts.join(' ');
}

/**
 * One value as exact text (what copying a cell gives): integers and decimals with every digit, timestamps with their
 * fraction, LIST as [a, b], STRUCT as {k: v}, MAP as {k=v}. Text inside nested values is quoted.
 */
function valueText(type: DataType, field: Field | null, data: Data, i: number, nested: boolean): string {
  if (data.nullCount > 0 && !data.getValid(i)) return 'NULL';
  const values = data.values as ArrayLike<number | bigint>;
  switch (type.typeId) {
    case Type.Int:
      return String(values[i]);
    case Type.Float:
      return String(values[i]);
    case Type.Decimal:
      return decimalText(data.values as Uint32Array, i * 4, (type as unknown as { scale: number }).scale);
    case Type.Bool: {
      const at = data.offset + i;
      return (data.values[at >> 3] & (1 << (at & 7))) !== 0 ? 'true' : 'false';
    }
    case Type.Date:
      return new Date(Number(values[i]) * 86_400_000).toISOString().slice(0, 10);
    case Type.Time:
      return clock(BigInt(values[i]), UNIT_DIGITS[(type as unknown as { unit: number }).unit]);
    case Type.Timestamp:
      return timestampText(BigInt(values[i]), (type as unknown as { unit: number }).unit);
    case Type.Interval:
      return intervalText(data.values as Int32Array, i * 4);
    case Type.Utf8:
    case Type.Binary: {
      const o = data.valueOffsets as Int32Array;
      const bytes = (data.values as Uint8Array).subarray(o[i], o[i + 1]);
      const s = type.typeId === Type.Utf8 ? utf8.decode(bytes) : bytesText(bytes);
      return nested && type.typeId === Type.Utf8 ? `'${s}'` : s;
    }
    case Type.FixedSizeBinary: {
      const bytes = (data.values as Uint8Array).subarray(i * data.stride, (i + 1) * data.stride);
      return field?.metadata.get('ARROW:extension:name') === 'arrow.uuid' ? uuidText(bytes) : bytesText(bytes);
    }
    case Type.Dictionary: {
      const s = String(data.dictionary!.get(Number(values[i])));
      return nested ? `'${s}'` : s;
    }
    case Type.List:
    case Type.FixedSizeList:
    case Type.Map: {
      const child = type.children[0];
      const size = type.typeId === Type.FixedSizeList ? (type as unknown as { listSize: number }).listSize : 0;
      const [start, end] = size ? [i * size, (i + 1) * size] : [data.valueOffsets[i], data.valueOffsets[i + 1]];
      const c = data.children[0];
      const parts: string[] = [];
      for (let j = start; j < end; j++) {
        if (type.typeId !== Type.Map) parts.push(valueText(child.type, child, c, j, true));
        else {
          const [k, v] = child.type.children as Field[];
          parts.push(`${valueText(k.type, k, c.children[0], j, true)}=${valueText(v.type, v, c.children[1], j, true)}`);
        }
      }
      return type.typeId === Type.Map ? `{${parts.join(', ')}}` : `[${parts.join(', ')}]`;
    }
    case Type.Struct: {
      const fields = type.children as Field[];
      return `{${fields.map((f, k) => `${f.name}: ${valueText(f.type, f, data.children[k], i, true)}`).join(', ')}}`;
    }
    default:
      return String((data.values as ArrayLike<unknown>)[i]);
  }
}

/** A cell's exact text, as DuckDB holds it (for copying), or null for NULL. */
export function exactText(col: ResultColumn, row: number): string | null {
  if (isNullAt(col, row)) return null;
  const { data, i } = locate(col.vector, row);
  return valueText(col.field.type, col.field, data, i, false);
}

/** The value of one cell as a number, or null: for the chart, which draws numbers (converted here, at the edge). */
export function numberAt(col: ResultColumn, row: number): number | null {
  if (isNullAt(col, row)) return null;
  const typeId = col.field.typeId;
  if (typeId === Type.Decimal) return Number(exactText(col, row));
  if (typeId === Type.Timestamp) {
    // milliseconds, like Date: the chart's time axis
    const { data, i } = locate(col.vector, row);
    const unit = (col.field.type as unknown as { unit: number }).unit;
    return Number((data.values as BigInt64Array)[i]) / 10 ** (UNIT_DIGITS[unit] - 3);
  }
  if (typeId !== Type.Int && typeId !== Type.Float && typeId !== Type.Date) return null;
  const v = col.vector.get(row) as number | bigint;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Digits of an exact decimal text grouped for the language, every digit kept. */
function groupedDecimal(text: string, lang: Lang): string {
  const [int, frac] = text.split('.');
  const grouped = numberFormat(lang, { maximumFractionDigits: 0 }).format(BigInt(int));
  // BigInt('-0') is 0: keep the sign of -0.5
  const sign = int.startsWith('-') && !grouped.startsWith('-') ? '-' : '';
  return frac === undefined ? sign + grouped : `${sign}${grouped}.${frac}`;
}

/**
 * A cell as text for the grid: floats with the locale's grouping and up to 6 decimals, integers and decimals grouped
 * with every digit, dates as ISO, timestamps with their fraction, nested values as [..] and {..}, null as nullText.
 */
export function cellText(col: ResultColumn, row: number, lang: Lang, nullText: string): string {
  if (isNullAt(col, row)) return nullText;
  const typeId = col.field.typeId;
  if (typeId === Type.Float) {
    const v = Number(col.vector.get(row));
    return Number.isFinite(v) ? numberFormat(lang, { maximumFractionDigits: 6 }).format(v) : String(v);
  }
  if (typeId === Type.Int || typeId === Type.Decimal) return groupedDecimal(exactText(col, row)!, lang);
  return exactText(col, row)!;
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
