/** The nested column builders of the DuckDB → Arrow conversion (arrow.ts): LIST and MAP, ARRAY, STRUCT, ENUM. */
import duckdb from '@duckdb/node-bindings';
import {
  Data,
  Dictionary,
  FixedSizeList,
  List,
  makeData,
  makeVector,
  Map_,
  Struct,
  Uint16,
  Uint32,
  Uint8,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { type ColumnBuilder, FixedWidth, type Source, Validity, grown } from './arrow-columns.ts';

/**
 * LIST and MAP (a list of key/value structs): DuckDB keeps per row an offset and a length into one child vector.
 * Rows whose ranges follow each other (the usual case) are copied as one child range.
 */
export class ListOf implements ColumnBuilder {
  offsets: Int32Array;
  validity: Validity;
  length = 0;
  constructor(
    readonly type: List | Map_,
    private child: ColumnBuilder,
    capacity: number,
  ) {
    this.offsets = new Int32Array(capacity + 1);
    this.validity = new Validity(capacity);
  }
  append({ vec }: Source, from: number, n: number) {
    const at = this.length;
    this.offsets = grown(this.offsets, at + n + 1, Int32Array);
    const bytes = duckdb.vector_get_data(vec, (from + n) * 16);
    const entries = new BigUint64Array(bytes.buffer, bytes.byteOffset, (from + n) * 2);
    const valid = this.validity.append(vec, from, n, at);
    const child = { vec: duckdb.list_vector_get_child(vec) };
    let runStart = -1;
    let runEnd = -1;
    const flush = () => {
      if (runEnd > runStart) this.child.append(child, runStart, runEnd - runStart);
      runStart = runEnd = -1;
    };
    for (let i = 0; i < n; i++) {
      this.offsets[at + i] = this.child.length + Math.max(0, runEnd - runStart);
      if (!Validity.isValid(valid, from + i)) continue;
      const start = Number(entries[2 * (from + i)]);
      const len = Number(entries[2 * (from + i) + 1]);
      if (len === 0) continue;
      if (start !== runEnd) {
        flush();
        runStart = start;
      }
      runEnd = start + len;
    }
    flush();
    this.offsets[at + n] = this.child.length;
    this.length += n;
  }
  finish() {
    return makeData({
      type: this.type as List,
      length: this.length,
      nullCount: this.validity.nullCount,
      valueOffsets: this.offsets.subarray(0, this.length + 1),
      child: this.child.finish(),
      nullBitmap: this.validity.bitmap(this.length),
    });
  }
}

/** ARRAY(n): a fixed number of child values per row. */
export class FixedList implements ColumnBuilder {
  validity: Validity;
  length = 0;
  constructor(
    readonly type: FixedSizeList,
    private child: ColumnBuilder,
    capacity: number,
  ) {
    this.validity = new Validity(capacity);
  }
  append({ vec }: Source, from: number, n: number) {
    const size = this.type.listSize;
    this.validity.append(vec, from, n, this.length);
    this.child.append({ vec: duckdb.array_vector_get_child(vec) }, from * size, n * size);
    this.length += n;
  }
  finish() {
    return makeData({
      type: this.type,
      length: this.length,
      nullCount: this.validity.nullCount,
      child: this.child.finish(),
      nullBitmap: this.validity.bitmap(this.length),
    });
  }
}

export class StructOf implements ColumnBuilder {
  validity: Validity;
  length = 0;
  constructor(
    readonly type: Struct,
    private children: ColumnBuilder[],
    capacity: number,
  ) {
    this.validity = new Validity(capacity);
  }
  append({ vec }: Source, from: number, n: number) {
    this.validity.append(vec, from, n, this.length);
    this.children.forEach((c, k) => c.append({ vec: duckdb.struct_vector_get_child(vec, k) }, from, n));
    this.length += n;
  }
  finish() {
    return makeData({
      type: this.type,
      length: this.length,
      nullCount: this.validity.nullCount,
      children: this.children.map((c) => c.finish()),
      nullBitmap: this.validity.bitmap(this.length),
    });
  }
}

/** ENUM: DuckDB's indexes into the type's values are Arrow dictionary indexes as they are. */
export class EnumOf implements ColumnBuilder {
  private indexes: FixedWidth;
  private dictionary: Data<Utf8>;
  length = 0;
  constructor(
    readonly type: Dictionary<Utf8, Uint8 | Uint16 | Uint32>,
    values: readonly string[],
    capacity: number,
  ) {
    const ctor =
      type.indices instanceof Uint8 ? Uint8Array : type.indices instanceof Uint16 ? Uint16Array : Uint32Array;
    this.indexes = new FixedWidth(type.indices, ctor, capacity);
    this.dictionary = vectorFromArray([...values], new Utf8()).data[0];
  }
  append(src: Source, from: number, n: number) {
    this.indexes.append(src, from, n);
    this.length += n;
  }
  finish() {
    const idx = this.indexes.finish();
    return makeData({
      type: this.type,
      length: this.length,
      nullCount: idx.nullCount,
      data: idx.values,
      nullBitmap: idx.nullBitmap,
      dictionary: makeVector(this.dictionary),
    });
  }
}
