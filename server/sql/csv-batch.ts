import { makeVector, Type, type Data, type Table } from 'apache-arrow';
import { csvCell } from '../csv.ts';

/** The CSV header line for a result's column names. */
export function csvHeader(names: readonly string[]): string {
  return names.map((n) => csvCell(n)).join(',') + '\r\n';
}

/** Text that csvCell would change (quote, or guard against formula injection); the rest is written as it is. */
const NEEDS_CARE = /^[=+\-@\t\r]|[",\r\n]/;
const cell = (s: string) => (NEEDS_CARE.test(s) ? csvCell(s) : s);

/**
 * A cell formatter for one column of one record batch. Reads Arrow's buffers directly (values, validity bitmap, string
 * offsets) instead of Vector.get per value: that was 3.1 s per 100k rows × 16 columns, this is a small fraction of it.
 */
function formatter(data: Data): (i: number) => string {
  const off = data.offset;
  const bitmap = data.nullCount > 0 ? data.nullBitmap : null;
  const isNull = (i: number) => bitmap !== null && (bitmap[(off + i) >> 3] & (1 << ((off + i) & 7))) === 0;
  const id = data.type.typeId;
  if (id === Type.Int || id === Type.Float) {
    const values = data.values as ArrayLike<number | bigint>;
    return (i) => (isNull(i) ? '' : String(values[i]));
  }
  if (id === Type.Utf8) {
    const text = decodeAll(data);
    return (i) => (isNull(i) ? '' : cell(text.slice(i)));
  }
  if (id === Type.Date) {
    const days = data.values as Int32Array;
    const seen = new Map<number, string>();
    return (i) => {
      if (isNull(i)) return '';
      let s = seen.get(days[i]);
      if (s === undefined) seen.set(days[i], (s = new Date(days[i] * 86_400_000).toISOString().slice(0, 10)));
      return s;
    };
  }
  // other types (timestamps, booleans, text made from nested values) are rare in bulk: value by value
  const vec = makeVector(data);
  if (id === Type.Timestamp) return (i) => (isNull(i) ? '' : new Date(Number(vec.get(i))).toISOString());
  return (i) => (isNull(i) ? '' : csvCell(vec.get(i)));
}

/**
 * All strings of a Utf8 column decoded with one native call, and the UTF-16 position of every value boundary found by
 * one pass over the bytes (a UTF-8 continuation byte adds nothing, a 4-byte sequence adds a surrogate pair). Slicing
 * the decoded text is then cheap; decoding value by value cost about 1.5 µs each.
 */
function decodeAll(data: Data): { slice(i: number): string } {
  const v = data.values as Uint8Array;
  const offsets = data.valueOffsets as Int32Array;
  const n = data.length;
  const first = offsets[0];
  const text = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8', first, offsets[n]);
  const at = new Int32Array(n + 1);
  let pos = first;
  let u = 0;
  for (let k = 0; k <= n; k++) {
    const end = offsets[k];
    for (; pos < end; pos++) {
      const b = v[pos];
      if ((b & 0xc0) !== 0x80) u += b >= 0xf0 ? 2 : 1;
    }
    at[k] = u;
  }
  return { slice: (i) => text.slice(at[i], at[i + 1]) };
}

/** One Arrow table as CSV lines (RFC 4180, CRLF, cells guarded like every other CSV of the product by csvCell). */
export function csvLines(table: Table): string {
  let out = '';
  for (const batch of table.batches) {
    const cols = batch.schema.fields.map((_f, c) => formatter(batch.getChildAt(c)!.data[0]));
    for (let i = 0; i < batch.numRows; i++) {
      let line = cols[0](i);
      for (let c = 1; c < cols.length; c++) line += ',' + cols[c](i);
      out += line + '\r\n';
    }
  }
  return out;
}
