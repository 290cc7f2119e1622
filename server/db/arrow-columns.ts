/**
 * The column builders of the DuckDB → Arrow conversion (arrow.ts) for flat values: the validity bitmap, fixed-width
 * copies, the numeric widenings, per-row rewrites (UUID, INTERVAL, UHUGEINT), booleans, and the text fallback.
 */
import duckdb from '@duckdb/node-bindings';
import { DuckDBDataChunk } from '@duckdb/node-api';
import {
  Bool,
  Data,
  DataType,
  Decimal,
  FixedSizeBinary,
  Float64,
  IntervalMonthDayNano,
  makeData,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';

/** The typed arrays a fixed-width column is copied into (one per DuckDB physical type). */
export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;
export type Ctor = {
  new (n: number): TypedArray;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray;
  BYTES_PER_ELEMENT: number;
};

/** Where a builder reads rows from: a DuckDB vector, and for a top-level column its chunk (the text fallback). */
export interface Source {
  vec: duckdb.Vector;
  chunk?: DuckDBDataChunk;
  col?: number;
}

/** Builds one Arrow column from rows [from, from + n) of DuckDB vectors, appended one after another. */
export interface ColumnBuilder {
  readonly type: DataType;
  length: number;
  append(src: Source, from: number, n: number): void;
  finish(): Data;
}

export const ALL_ONES = 0xffffffff;
export const ptrBuf = new DataView(new ArrayBuffer(8));

/** Packed validity bitmap shared by all column kinds (Arrow & DuckDB use the same LSB bit order). */
export class Validity {
  bits: Uint8Array;
  nullCount = 0;
  constructor(capacity: number) {
    this.bits = new Uint8Array(Math.ceil(capacity / 8) + 8).fill(0xff);
  }
  ensure(capacity: number) {
    const need = Math.ceil(capacity / 8) + 8;
    if (need > this.bits.length) {
      const b = new Uint8Array(Math.max(need, this.bits.length * 2)).fill(0xff);
      b.set(this.bits);
      this.bits = b;
    }
  }
  /**
   * Copy the null bits of rows [from, from + n) of a DuckDB vector to rows [at, at + n); returns DuckDB's validity
   * bytes (indexed by source row) or null when all are valid.
   */
  append(vector: duckdb.Vector, from: number, n: number, at: number): Uint8Array | null {
    this.ensure(at + n);
    const words = Math.ceil((from + n) / 64);
    const v = duckdb.vector_get_validity(vector, words * 8);
    if (!v) return null;
    const w32 = new Uint32Array(v.buffer, v.byteOffset, words * 2);
    for (let w = from >> 5; w < w32.length; w++) {
      if (w32[w] === ALL_ONES) continue;
      for (let b = 0; b < 32; b++) {
        const src = w * 32 + b;
        if (src < from || src >= from + n) continue;
        if ((w32[w] & (1 << b)) === 0) {
          const r = at + src - from;
          this.bits[r >> 3] &= ~(1 << (r & 7));
          this.nullCount++;
        }
      }
    }
    return v;
  }
  static isValid(v: Uint8Array | null, i: number) {
    return v === null || (v[i >> 3] & (1 << (i & 7))) !== 0;
  }
  bitmap(length: number): Uint8Array | undefined {
    return this.nullCount ? this.bits.subarray(0, Math.ceil(length / 8)) : undefined;
  }
}

/** Grow a typed array to hold at least `need` elements, doubling. */
export function grown<T extends TypedArray>(a: T, need: number, ctor: Ctor): T {
  if (need <= a.length) return a;
  const next = new ctor(Math.max(need, a.length * 2)) as T;
  (next as Uint8Array).set(a as Uint8Array);
  return next;
}

/** A column whose DuckDB values are Arrow's values byte for byte, `width` elements of `ctor` per row. */
export class FixedWidth implements ColumnBuilder {
  values: TypedArray;
  validity: Validity;
  length = 0;
  constructor(
    readonly type: DataType,
    private ctor: Ctor,
    capacity: number,
    private width = 1,
  ) {
    this.values = new ctor(capacity * width);
    this.validity = new Validity(capacity);
  }
  append({ vec }: Source, from: number, n: number) {
    const w = this.width;
    const at = this.length;
    this.values = grown(this.values, (at + n) * w, this.ctor);
    const bytes = duckdb.vector_get_data(vec, (from + n) * w * this.ctor.BYTES_PER_ELEMENT);
    const src = new this.ctor(bytes.buffer, bytes.byteOffset + from * w * this.ctor.BYTES_PER_ELEMENT, n * w);
    // copy the chunk's column buffer in one memcpy
    (this.values as Uint8Array).set(src as Uint8Array, at * w);
    this.validity.append(vec, from, n, at);
    this.length += n;
  }
  finish() {
    return makeData({
      type: this.type as Float64,
      length: this.length,
      nullCount: this.validity.nullCount,
      data: this.values.subarray(0, this.length * this.width) as Float64Array,
      nullBitmap: this.validity.bitmap(this.length),
    });
  }
}

/** Wide ints (BIGINT, UBIGINT, DECIMAL) converted to Float64 (exact up to 2^53): the dashboards' 'number' mode. */
export class WideToFloat implements ColumnBuilder {
  readonly type = new Float64();
  values: Float64Array;
  validity: Validity;
  length = 0;
  constructor(
    private kind: 'i64' | 'u64' | 'i16' | 'i32' | 'i128',
    private scale: number,
    capacity: number,
  ) {
    this.values = new Float64Array(capacity);
    this.validity = new Validity(capacity);
  }
  append({ vec }: Source, from: number, n: number) {
    const off = this.length;
    this.values = grown(this.values, off + n, Float64Array);
    const width = this.kind === 'i16' ? 2 : this.kind === 'i32' ? 4 : this.kind === 'i128' ? 16 : 8;
    const all = duckdb.vector_get_data(vec, (from + n) * width);
    const bytes = all.subarray(from * width);
    const div = 10 ** this.scale;
    const out = this.values;
    if (this.kind === 'i128') {
      // HUGEINT (e.g. sum(INTEGER)): lower u64 + upper i64, little endian
      const lo = new BigUint64Array(bytes.buffer, bytes.byteOffset, n * 2);
      const hi = new BigInt64Array(bytes.buffer, bytes.byteOffset, n * 2);
      for (let i = 0; i < n; i++) {
        const l = hi[2 * i],
          h = hi[2 * i + 1]; // low word read as signed
        // fits in int64 (the common case): sign-extension of the low word equals the high word
        out[off + i] = (h === (l < 0n ? -1n : 0n) ? Number(l) : Number((h << 64n) + lo[2 * i])) / div;
      }
    } else if (this.kind === 'i64') {
      const src = new BigInt64Array(bytes.buffer, bytes.byteOffset, n);
      for (let i = 0; i < n; i++) out[off + i] = Number(src[i]) / div;
    } else if (this.kind === 'u64') {
      const src = new BigUint64Array(bytes.buffer, bytes.byteOffset, n);
      for (let i = 0; i < n; i++) out[off + i] = Number(src[i]) / div;
    } else {
      const src =
        this.kind === 'i16'
          ? new Int16Array(bytes.buffer, bytes.byteOffset, n)
          : new Int32Array(bytes.buffer, bytes.byteOffset, n);
      for (let i = 0; i < n; i++) out[off + i] = src[i] / div;
    }
    this.validity.append(vec, from, n, off);
    this.length += n;
  }
  finish() {
    return makeData({
      type: this.type,
      length: this.length,
      nullCount: this.validity.nullCount,
      data: this.values.subarray(0, this.length),
      nullBitmap: this.validity.bitmap(this.length),
    });
  }
}

/**
 * DECIMAL stored as int16/int32/int64 → Decimal128: each value sign-extended to 128 bits (four little-endian 32-bit
 * words, Arrow's layout). DECIMAL(>18) and HUGEINT are already 128-bit two's complement and go through FixedWidth.
 */
export class DecimalWiden implements ColumnBuilder {
  values: Uint32Array;
  validity: Validity;
  length = 0;
  constructor(
    readonly type: Decimal,
    private bytesPer: 2 | 4 | 8,
    capacity: number,
  ) {
    this.values = new Uint32Array(capacity * 4);
    this.validity = new Validity(capacity);
  }
  append({ vec }: Source, from: number, n: number) {
    const at = this.length;
    this.values = grown(this.values, (at + n) * 4, Uint32Array);
    const bytes = duckdb.vector_get_data(vec, (from + n) * this.bytesPer);
    const out = this.values;
    if (this.bytesPer === 8) {
      const src = new Int32Array(bytes.buffer, bytes.byteOffset + from * 8, n * 2);
      for (let i = 0; i < n; i++) {
        const o = (at + i) * 4;
        out[o] = src[2 * i];
        out[o + 1] = src[2 * i + 1];
        out[o + 2] = out[o + 3] = src[2 * i + 1] < 0 ? ALL_ONES : 0;
      }
    } else {
      const src =
        this.bytesPer === 2
          ? new Int16Array(bytes.buffer, bytes.byteOffset + from * 2, n)
          : new Int32Array(bytes.buffer, bytes.byteOffset + from * 4, n);
      for (let i = 0; i < n; i++) {
        const o = (at + i) * 4;
        const x = src[i];
        out[o] = x;
        out[o + 1] = out[o + 2] = out[o + 3] = x < 0 ? ALL_ONES : 0;
      }
    }
    this.validity.append(vec, from, n, at);
    this.length += n;
  }
  finish() {
    return makeData({
      type: this.type,
      length: this.length,
      nullCount: this.validity.nullCount,
      data: this.values.subarray(0, this.length * 4),
      nullBitmap: this.validity.bitmap(this.length),
    });
  }
}

/** Values that need a per-row rewrite into a fixed-width Arrow layout (UUID, INTERVAL). */
export class Rewritten implements ColumnBuilder {
  values: Uint8Array;
  validity: Validity;
  length = 0;
  constructor(
    readonly type: DataType,
    private bytesPer: number,
    private rewrite: (src: DataView, srcAt: number, out: DataView, outAt: number) => void,
    capacity: number,
  ) {
    this.values = new Uint8Array(capacity * bytesPer);
    this.validity = new Validity(capacity);
  }
  append({ vec }: Source, from: number, n: number) {
    const at = this.length;
    const w = this.bytesPer;
    this.values = grown(this.values, (at + n) * w, Uint8Array);
    const bytes = duckdb.vector_get_data(vec, (from + n) * 16);
    const src = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new DataView(this.values.buffer, this.values.byteOffset, this.values.byteLength);
    const valid = this.validity.append(vec, from, n, at);
    for (let i = 0; i < n; i++)
      if (Validity.isValid(valid, from + i)) this.rewrite(src, (from + i) * 16, out, (at + i) * w);
    this.length += n;
  }
  finish() {
    const data = this.values.subarray(0, this.length * this.bytesPer);
    return makeData({
      type: this.type as FixedSizeBinary,
      length: this.length,
      nullCount: this.validity.nullCount,
      // Arrow reads IntervalMonthDayNano as 32-bit words
      data:
        this.type instanceof IntervalMonthDayNano
          ? new Int32Array(data.buffer, data.byteOffset, data.length / 4)
          : data,
      nullBitmap: this.validity.bitmap(this.length),
    });
  }
}

/** DuckDB keeps a UUID as a HUGEINT with its top bit flipped (so that they sort); Arrow wants its 16 bytes in order. */
export function uuidBytes(src: DataView, at: number, out: DataView, to: number) {
  out.setUint32(to, src.getUint32(at + 12, true) ^ 0x80000000);
  out.setUint32(to + 4, src.getUint32(at + 8, true));
  out.setUint32(to + 8, src.getUint32(at + 4, true));
  out.setUint32(to + 12, src.getUint32(at, true));
}

/** DuckDB's interval is months, days and microseconds; Arrow's closest is months, days and nanoseconds. */
export function intervalMonthDayNano(src: DataView, at: number, out: DataView, to: number) {
  out.setInt32(to, src.getInt32(at, true), true);
  out.setInt32(to + 4, src.getInt32(at + 4, true), true);
  const nanos = src.getBigInt64(at + 8, true) * 1000n;
  if (nanos !== BigInt.asIntN(64, nanos))
    throw new Error('an INTERVAL is too long for Arrow (more than 292 years of time)');
  out.setBigInt64(to + 8, nanos, true);
}

/** UHUGEINT does not fit Decimal128 (up to 2^128 - 1): written as its exact decimal text. */
export class UnsignedHugeText implements ColumnBuilder {
  readonly type = new Utf8();
  strings: (string | null)[] = [];
  length = 0;
  append({ vec }: Source, from: number, n: number) {
    const bytes = duckdb.vector_get_data(vec, (from + n) * 16);
    const words = new BigUint64Array(bytes.buffer, bytes.byteOffset, (from + n) * 2);
    const words64 = Math.ceil((from + n) / 64);
    const valid = duckdb.vector_get_validity(vec, words64 * 8);
    for (let i = from; i < from + n; i++)
      this.strings.push(Validity.isValid(valid, i) ? ((words[2 * i + 1] << 64n) | words[2 * i]).toString() : null);
    this.length += n;
  }
  finish() {
    return vectorFromArray(this.strings, this.type).data[0];
  }
}

/** BOOLEAN: DuckDB stores one byte per value, Arrow wants bits. */
export class Boolean implements ColumnBuilder {
  readonly type = new Bool();
  bits: Uint8Array;
  validity: Validity;
  length = 0;
  constructor(capacity: number) {
    this.bits = new Uint8Array(Math.ceil(capacity / 8) + 8);
    this.validity = new Validity(capacity);
  }
  append({ vec }: Source, from: number, n: number) {
    const off = this.length;
    const need = Math.ceil((off + n) / 8) + 8;
    if (need > this.bits.length) {
      const b = new Uint8Array(need * 2);
      b.set(this.bits);
      this.bits = b;
    }
    const bytes = duckdb.vector_get_data(vec, from + n);
    for (let i = 0; i < n; i++)
      if (bytes[from + i]) {
        const r = off + i;
        this.bits[r >> 3] |= 1 << (r & 7);
      }
    this.validity.append(vec, from, n, off);
    this.length += n;
  }
  finish() {
    return makeData({
      type: this.type,
      length: this.length,
      nullCount: this.validity.nullCount,
      data: this.bits.subarray(0, Math.ceil(this.length / 8)),
      nullBitmap: this.validity.bitmap(this.length),
    });
  }
}

/** Anything else: stringify via the node-api value objects (slow, but correct); top-level columns only. */
export class Fallback implements ColumnBuilder {
  readonly type = new Utf8();
  strings: (string | null)[] = [];
  length = 0;
  append({ chunk, col }: Source, from: number, n: number) {
    if (!chunk || col === undefined) throw new Error('the text fallback reads top-level columns only');
    const v = chunk.getColumnVector(col);
    for (let i = from; i < from + n; i++) {
      const x = v.getItem(i);
      this.strings.push(x == null ? null : String(x));
    }
    this.length += n;
  }
  finish() {
    return vectorFromArray(this.strings, this.type).data[0];
  }
}
