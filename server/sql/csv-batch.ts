import { Type, type Data, type Field, type Table } from 'apache-arrow';
import { csvCell } from '../csv.ts';
import { textReader } from './exact-values.ts';

/** The CSV header line for a result's column names. */
export function csvHeader(names: readonly string[]): string {
  return names.map((n) => csvCell(n)).join(',') + '\r\n';
}

/** Output bytes of one batch; grows by doubling. */
class Out {
  buf = Buffer.allocUnsafe(1 << 16);
  pos = 0;
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  ascii(s: string): void {
    this.reserve(s.length);
    for (let k = 0; k < s.length; k++) this.buf[this.pos++] = s.charCodeAt(k);
  }
  text(s: string): void {
    this.reserve(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }
  bytes(src: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    if (end - start < 32) for (let k = start; k < end; k++) this.buf[this.pos++] = src[k];
    else {
      this.buf.set(src.subarray(start, end), this.pos);
      this.pos += end - start;
    }
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
/** First bytes that make a spreadsheet run a cell as a formula: = + - @ TAB CR (csvCell guards them). */
const FORMULA_START = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d]);

/** One column of a batch as CSV cell bytes: cell i is bytes[starts[i]] up to bytes[starts[i + 1]] (empty for NULL). */
interface ColumnText {
  bytes: Uint8Array;
  starts: Int32Array;
}

/** Text cells that can be written as they are: no quote, comma or line break, and not starting like a formula. */
function plainText(v: Uint8Array, offsets: Int32Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (offsets[i + 1] > offsets[i] && FORMULA_START.has(v[offsets[i]])) return false;
  for (let k = offsets[0]; k < offsets[n]; k++) {
    const b = v[k];
    if (b === QUOTE || b === COMMA || b === LF || b === CR) return false;
  }
  return true;
}

/**
 * Encode one column of one record batch as DuckDB's own text of each value (exact-values.ts), column by column. Text
 * columns that need no quoting are Arrow's own bytes and offsets, untouched (NULLs are empty there already); other
 * columns are formatted into a fresh buffer. Text the data holds (VARCHAR, ENUM) goes through csvCell for quoting and
 * formula protection, like every CSV of the product; other values only get RFC 4180 quoting when they need it.
 */
function columnText(field: Field, data: Data): ColumnText {
  const n = data.length;
  const id = data.type.typeId;
  if (id === Type.Utf8 && data.offset === 0) {
    const v = data.values as Uint8Array;
    const offsets = data.valueOffsets as Int32Array;
    if (plainText(v, offsets, n)) return { bytes: v, starts: offsets };
  }
  const out = new Out();
  const starts = new Int32Array(n + 1);
  const read = textReader(field);
  const dataText = id === Type.Utf8 || id === Type.Dictionary;
  const numeric = id === Type.Int || id === Type.Decimal || id === Type.Date;
  for (let i = 0; i < n; i++) {
    starts[i] = out.pos;
    const s = read(data, i);
    if (s === null) continue;
    if (numeric) out.ascii(s);
    else if (dataText) out.text(csvCell(s));
    else out.text(/[",\r\n]/.test(s) ? rfc4180(s) : s);
  }
  starts[n] = out.pos;
  return { bytes: out.buf, starts };
}

/** A cell in quotes, its quotes doubled (RFC 4180): CSV syntax, not SQL. */
function rfc4180(s: string): string {
  return `"${s.split('"').join('""')}"`;
}

/** One Arrow table as CSV bytes (RFC 4180, CRLF line ends). */
export function csvLines(table: Table): Buffer {
  const parts: Buffer[] = [];
  for (const batch of table.batches) {
    const cols = batch.schema.fields.map((f, c) => columnText(f, batch.getChildAt(c)!.data[0]));
    const rows = batch.numRows;
    let size = rows * (cols.length + 1);
    for (const col of cols) size += col.starts[rows] - col.starts[0];
    const buf = Buffer.allocUnsafe(size);
    let pos = 0;
    for (let i = 0; i < rows; i++) {
      for (let c = 0; c < cols.length; c++) {
        if (c) buf[pos++] = COMMA;
        const { bytes, starts } = cols[c];
        for (let k = starts[i], end = starts[i + 1]; k < end; k++) buf[pos++] = bytes[k];
      }
      buf[pos++] = CR;
      buf[pos++] = LF;
    }
    parts.push(buf.subarray(0, pos));
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}
