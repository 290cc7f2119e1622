/**
 * Reading the exact Arrow form of an analyst answer (server/db/arrow.ts, 'exact' mode) value by value, from Arrow's
 * buffers rather than its getters (which turn Int64 timestamps and Decimal128 into floating point): as DuckDB's own text
 * (what `CAST(x AS VARCHAR)` gives, for CSV) and as a JSON value that keeps every digit.
 */
import {
  DataType,
  Type,
  type Data,
  type Decimal,
  type Field,
  type FixedSizeList,
  type Float,
  type Time,
  type Table,
  type Timestamp,
} from 'apache-arrow';
import { DUCKDB_TYPE_KEY } from '../db/arrow.ts';

/** One value of a column by its row (logical index), or null. */
export type Reader<T> = (data: Data, i: number) => T | null;

const utf8 = new TextDecoder();
const INT32_MAX = 2 ** 31 - 1;
const INT64_MAX = 2n ** 63n - 1n;

/** The DuckDB type name a field carries (its Arrow type when it came from elsewhere). */
export function duckdbType(field: Field): string {
  return field.metadata.get(DUCKDB_TYPE_KEY) ?? String(field.type);
}

const bitAt = (d: Data, i: number) => (d.values[(d.offset + i) >> 3] & (1 << ((d.offset + i) & 7))) !== 0;

/** Arrow slices cut a column's value buffers to start at the slice, but not its validity bits (getValid knows). */
function isNull(data: Data, i: number): boolean {
  return data.nullCount > 0 && !data.getValid(i);
}

/** A signed 128-bit integer from four little-endian 32-bit words. */
function int128(words: Uint32Array, at: number): bigint {
  const v =
    (BigInt(words[at + 3]) << 96n) |
    (BigInt(words[at + 2]) << 64n) |
    (BigInt(words[at + 1]) << 32n) |
    BigInt(words[at]);
  return BigInt.asIntN(128, v);
}

/** An integer scaled by 10^scale as decimal text, every digit kept (DuckDB pads the fraction to the scale). */
export function decimalText(v: bigint, scale: number): string {
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString();
  if (scale === 0) return (neg ? '-' : '') + digits;
  const padded = digits.padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

const pad = (n: number | bigint, w = 2) => String(n).padStart(w, '0');

/** Days since 1970-01-01 to a proleptic Gregorian date (civil_from_days, exact for any int32 day). */
function civil(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

/** DuckDB's date text: years before 1 as "0045-03-15 (BC)", ±infinity by name. */
export function dateText(days: number): string {
  if (days === INT32_MAX) return 'infinity';
  if (days === -INT32_MAX) return '-infinity';
  const { y, m, d } = civil(days);
  const bc = y <= 0;
  return `${pad(bc ? 1 - y : y, 4)}-${pad(m)}-${pad(d)}${bc ? ' (BC)' : ''}`;
}

/** HH:MM:SS and the fraction of a second without its trailing zeros, from a count of 10^-digits seconds. */
function clockText(units: bigint, digits: number): string {
  const per = 10n ** BigInt(digits);
  const secs = units / per;
  const frac = units % per;
  let s = `${pad(secs / 3600n)}:${pad((secs / 60n) % 60n)}:${pad(secs % 60n)}`;
  if (frac !== 0n) s += '.' + pad(frac, digits).replace(/0+$/, '');
  return s;
}

const UNIT_DIGITS = [0, 3, 6, 9]; // Arrow's TimeUnit: SECOND, MILLISECOND, MICROSECOND, NANOSECOND

export function timestampText(v: bigint, unit: number, utc: boolean): string {
  if (v === INT64_MAX) return 'infinity';
  if (v === -INT64_MAX) return '-infinity';
  const perDay = 86_400n * 10n ** BigInt(UNIT_DIGITS[unit]);
  let days = v / perDay;
  let rest = v % perDay;
  if (rest < 0n) {
    days -= 1n;
    rest += perDay;
  }
  const date = dateText(Number(days));
  const bc = date.endsWith(' (BC)');
  const text = `${bc ? date.slice(0, -5) : date} ${clockText(rest, UNIT_DIGITS[unit])}${utc ? '+00' : ''}`;
  return bc ? `${text} (BC)` : text;
}

export function intervalText(months: number, days: number, micros: bigint): string {
  const parts: string[] = [];
  const unit = (n: number, name: string) => n !== 0 && parts.push(`${n} ${name}${Math.abs(n) === 1 ? '' : 's'}`);
  const years = Math.trunc(months / 12);
  unit(years, 'year');
  unit(months - years * 12, 'month');
  unit(days, 'day');
  if (micros !== 0n || parts.length === 0)
    parts.push((micros < 0n ? '-' : '') + clockText(micros < 0n ? -micros : micros, 6));
  return parts.join(' ');
}

/**
 * DuckDB's text of a DOUBLE (shortest digits that read back the same; fixed notation from 1e-4 up to 1e16, ".0" on
 * whole numbers, otherwise "1e+16", "1e-05"). A FLOAT is written with its shortest float digits, except whole numbers from
 * 2^24 up to 2^63, which DuckDB writes with all their digits (16777217::FLOAT is 16777216.0, 1e16::FLOAT
 * 1.0000000272564224e+16).
 */
export function floatText(x: number, single: boolean): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  let exp: string;
  if (single) {
    exp = x.toExponential(8);
    for (let p = 0; p < 8; p++) {
      const candidate = x.toExponential(p);
      if (Math.fround(Number(candidate)) === x) {
        exp = candidate;
        break;
      }
    }
  } else exp = x.toExponential();
  const [mant, e10] = exp.split('e');
  const neg = mant.startsWith('-');
  const digits = mant.replace(/^-/, '').replace('.', '').replace(/0+$/, '') || '0';
  const e = Number(e10);
  let s: string;
  if (e >= -4 && e < 16) {
    if (e >= 0) {
      const int = digits.slice(0, e + 1).padEnd(e + 1, '0');
      s = `${int}.${digits.slice(e + 1) || '0'}`;
    } else s = `0.${'0'.repeat(-e - 1)}${digits}`;
  } else s = `${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}e${e < 0 ? '-' : '+'}${pad(Math.abs(e))}`;
  return (neg ? '-' : '') + s;
}

export function uuidText(b: Uint8Array, at: number): string {
  let h = '';
  for (let k = 0; k < 16; k++) h += b[at + k].toString(16).padStart(2, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** DuckDB's text of a BLOB: printable ASCII as it is, other bytes (and \ ' ") as \xHH. */
export function blobText(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let k = start; k < end; k++) {
    const c = b[k];
    s +=
      c >= 0x20 && c <= 0x7e && c !== 0x5c && c !== 0x27 && c !== 0x22
        ? String.fromCharCode(c)
        : '\\x' + c.toString(16).toUpperCase().padStart(2, '0');
  }
  return s;
}

/** Inside a LIST, STRUCT or MAP DuckDB quotes a value's text when it could be misread. */
function nestedText(s: string): string {
  const quote = s === '' || s.toUpperCase() === 'NULL' || /^\s|\s$/.test(s) || /[[\]{}(),:='"]/.test(s);
  return quote ? `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : s;
}

/** The DuckDB type of a child field, falling back to its Arrow type. */
const isUuid = (f: Field) => f.metadata.get('ARROW:extension:name') === 'arrow.uuid';

/** How to write one column (or child) as DuckDB's text. */
export function textReader(field: Field): Reader<string> {
  return textOf(field.type, isUuid(field), field);
}

function textOf(type: DataType, uuid: boolean, field: Field): Reader<string> {
  const leaf = (get: (data: Data, at: number) => string): Reader<string> => {
    return (data, i) => (isNull(data, i) ? null : get(data, i));
  };
  switch (type.typeId) {
    case Type.Int:
    case Type.Float: {
      if (type.typeId === Type.Float) {
        const single = (type as Float).precision === 1;
        return leaf((d, at) => floatText(Number(d.values[at]), single));
      }
      return leaf((d, at) => String(d.values[at]));
    }
    case Type.Decimal: {
      const scale = (type as Decimal).scale;
      return leaf((d, at) => decimalText(int128(d.values, at * 4), scale));
    }
    case Type.Bool:
      // a slice keeps the whole bit buffer: its offset counts from there
      return leaf((d, i) => (bitAt(d, i) ? 'true' : 'false'));
    case Type.Utf8:
      return leaf((d, at) => utf8.decode(d.values.subarray(d.valueOffsets[at], d.valueOffsets[at + 1])));
    case Type.Binary:
      return leaf((d, at) => blobText(d.values, d.valueOffsets[at], d.valueOffsets[at + 1]));
    case Type.Date:
      return leaf((d, at) => dateText(Number(d.values[at])));
    case Type.Time:
      return leaf((d, at) => clockText(BigInt(d.values[at]), UNIT_DIGITS[(type as Time).unit]));
    case Type.Timestamp: {
      const t = type as Timestamp;
      return leaf((d, at) => timestampText(BigInt(d.values[at]), t.unit, t.timezone != null));
    }
    case Type.Interval: {
      return leaf((d, at) => {
        const w = d.values as Int32Array;
        const nanos = (BigInt(w[at * 4 + 3]) << 32n) | BigInt(w[at * 4 + 2] >>> 0);
        return intervalText(w[at * 4], w[at * 4 + 1], nanos / 1000n);
      });
    }
    case Type.FixedSizeBinary:
      return leaf((d, at) =>
        uuid ? uuidText(d.values, at * 16) : blobText(d.values, at * d.stride, (at + 1) * d.stride),
      );
    case Type.Dictionary: {
      return (data, i) => {
        if (isNull(data, i)) return null;
        const dict = data.dictionary!;
        return String(dict.get(Number(data.values[i])));
      };
    }
    case Type.List:
    case Type.FixedSizeList:
    case Type.Map: {
      const child = type.children[0];
      const map = type.typeId === Type.Map;
      const item = map
        ? (() => {
            const [k, v] = (child.type as DataType<Type.Struct>).children;
            const key = textOf(k.type, isUuid(k), k);
            const value = textOf(v.type, isUuid(v), v);
            return (d: Data, j: number) => {
              const [kd, vd] = d.children;
              return `${nestedText(key(kd, j) ?? 'NULL')}=${quoteUnlessNull(value(vd, j))}`;
            };
          })()
        : (() => {
            const r = textOf(child.type, isUuid(child), child);
            const nested = child.type.typeId === Type.List || child.type.typeId === Type.Struct;
            return (d: Data, j: number) => {
              const s = r(d, j);
              return s === null ? 'NULL' : nested || isNestedType(child.type) ? s : nestedText(s);
            };
          })();
      return (data, i) => {
        if (isNull(data, i)) return null;
        const [start, end] = listRange(data, i);
        const c = data.children[0];
        const parts: string[] = [];
        for (let j = start; j < end; j++) parts.push(item(c, j));
        return map ? `{${parts.join(', ')}}` : `[${parts.join(', ')}]`;
      };
    }
    case Type.Struct: {
      const readers = type.children.map((f) => textOf(f.type, isUuid(f), f));
      const names = type.children.map((f) => `'${f.name.replace(/'/g, "\\'")}'`);
      return (data, i) => {
        if (isNull(data, i)) return null;
        const parts = readers.map(
          (r, k) => `${names[k]}: ${quoteUnlessNull(r(data.children[k], i), type.children[k].type)}`,
        );
        return `{${parts.join(', ')}}`;
      };
    }
    default:
      throw new Error(`no DuckDB text for the Arrow type ${String(type)} of ${field.name}`);
  }
}

function isNestedType(t: DataType): boolean {
  return t.typeId === Type.List || t.typeId === Type.Struct || t.typeId === Type.Map || t.typeId === Type.FixedSizeList;
}

function quoteUnlessNull(s: string | null, t?: DataType): string {
  if (s === null) return 'NULL';
  return t && isNestedType(t) ? s : nestedText(s);
}

/**
 * The child rows [start, end) of a list-like value. Arrow's slices cut the offsets (and a fixed-size list's child) to
 * start at the slice, so row i is read at i.
 */
function listRange(data: Data, at: number): [number, number] {
  if (data.type.typeId === Type.FixedSizeList) {
    const size = (data.type as FixedSizeList).listSize;
    return [at * size, (at + 1) * size];
  }
  return [data.valueOffsets[at], data.valueOffsets[at + 1]];
}

/** JSON's largest exact integer: beyond it an integer is written as its text. */
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * How to write one column (or child) as JSON, every digit kept: integers as numbers while exact and as text beyond
 * 2^53, DECIMALs as text, non-finite floats as DuckDB's text, DATE as YYYY-MM-DD and timestamps as ISO 8601 in UTC
 * (as before; with as many fraction digits as the value has), INTERVAL, TIME, UUID and BLOB as DuckDB's text, LIST as
 * an array, STRUCT as an object, MAP as an object keyed by the keys' text.
 */
export function jsonReader(field: Field): Reader<unknown> {
  return jsonOf(field.type, field);
}

function jsonOf(type: DataType, field: Field): Reader<unknown> {
  const leaf = (get: (data: Data, at: number) => unknown): Reader<unknown> => {
    return (data, i) => (isNull(data, i) ? null : get(data, i));
  };
  switch (type.typeId) {
    case Type.Int:
      return leaf((d, at) => {
        const v = d.values[at];
        if (typeof v !== 'bigint') return v;
        return v <= SAFE && v >= -SAFE ? Number(v) : v.toString();
      });
    case Type.Float:
      return leaf((d, at) => {
        const v = Number(d.values[at]);
        return Number.isFinite(v) ? v : floatText(v, false);
      });
    case Type.Decimal: {
      const scale = (type as Decimal).scale;
      const huge = field.metadata.get(DUCKDB_TYPE_KEY) === 'HUGEINT';
      return leaf((d, at) => {
        const v = int128(d.values, at * 4);
        // HUGEINT is an integer (sum() of integers): a number while exact, like BIGINT
        return huge && v <= SAFE && v >= -SAFE ? Number(v) : decimalText(v, scale);
      });
    }
    case Type.Bool:
      return leaf(bitAt);
    case Type.Timestamp: {
      const t = type as Timestamp;
      return leaf((d, at) => isoTimestamp(BigInt(d.values[at]), t.unit));
    }
    case Type.List:
    case Type.FixedSizeList: {
      const child = type.children[0];
      const item = jsonOf(child.type, child);
      return (data, i) => {
        if (isNull(data, i)) return null;
        const [start, end] = listRange(data, i);
        const c = data.children[0];
        const out: unknown[] = [];
        for (let j = start; j < end; j++) out.push(item(c, j));
        return out;
      };
    }
    case Type.Map: {
      const [k, v] = (type.children[0].type as DataType<Type.Struct>).children;
      const key = textOf(k.type, isUuid(k), k);
      const value = jsonOf(v.type, v);
      return (data, i) => {
        if (isNull(data, i)) return null;
        const [start, end] = listRange(data, i);
        const c = data.children[0];
        const out: Record<string, unknown> = {};
        for (let j = start; j < end; j++) out[key(c.children[0], j) ?? 'NULL'] = value(c.children[1], j);
        return out;
      };
    }
    case Type.Struct: {
      const readers = type.children.map((f) => jsonOf(f.type, f));
      return (data, i) => {
        if (isNull(data, i)) return null;
        const out: Record<string, unknown> = {};
        type.children.forEach((f, k) => (out[f.name] = readers[k](data.children[k], i)));
        return out;
      };
    }
    default:
      return textOf(type, isUuid(field), field);
  }
}

/** A timestamp as ISO 8601 in UTC with milliseconds, and the finer digits only when the value has them. */
function isoTimestamp(v: bigint, unit: number): string {
  const text = timestampText(v, unit, false);
  if (text.endsWith('infinity') || text.endsWith('(BC)')) return text;
  const [date, clock] = text.split(' ');
  const [hms, frac = ''] = clock.split('.');
  return `${date}T${hms}.${frac.padEnd(3, '0')}Z`;
}

/** A column of an analyst JSON answer: its name, Arrow type and DuckDB type. */
export interface ExactColumn {
  name: string;
  type: string;
  duckdb_type: string;
}

/** An exact Arrow table as JSON rows (jsonReader) with its columns' Arrow and DuckDB types. */
export function exactRows(table: Table): { columns: ExactColumn[]; rows: Record<string, unknown>[] } {
  const fields = table.schema.fields;
  const columns = fields.map((f) => ({ name: f.name, type: String(f.type), duckdb_type: duckdbType(f) }));
  const readers = fields.map((f) => jsonReader(f));
  const rows: Record<string, unknown>[] = [];
  for (const batch of table.batches) {
    const data = fields.map((_f, c) => batch.getChildAt(c)!.data[0]);
    for (let i = 0; i < batch.numRows; i++) {
      const row: Record<string, unknown> = {};
      for (let c = 0; c < fields.length; c++) row[fields[c].name] = readers[c](data[c], i);
      rows.push(row);
    }
  }
  return { columns, rows };
}
