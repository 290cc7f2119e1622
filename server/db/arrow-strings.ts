/** The VARCHAR and BLOB column builder of the DuckDB → Arrow conversion (arrow.ts). */
import duckdb from '@duckdb/node-bindings';
import { Binary, makeData, Utf8 } from 'apache-arrow';
import { type ColumnBuilder, type Source, Validity, grown, ptrBuf } from './arrow-columns.ts';

/** VARCHAR and BLOB: decode DuckDB string_t (16 bytes: len u32 + 12 inline bytes | 4 prefix + 8 ptr). */
export class VarChar implements ColumnBuilder {
  offsets: Int32Array;
  data: Uint8Array;
  pos = 0;
  validity: Validity;
  length = 0;
  constructor(
    readonly type: Utf8 | Binary,
    capacity: number,
    private merge = true,
  ) {
    this.offsets = new Int32Array(capacity + 1);
    this.data = new Uint8Array(Math.max(1024, capacity * 8));
    this.validity = new Validity(capacity);
  }
  private reserve(extra: number) {
    if (this.pos + extra > this.data.length) {
      const next = new Uint8Array(Math.max(this.pos + extra, this.data.length * 2));
      next.set(this.data.subarray(0, this.pos));
      this.data = next;
    }
  }
  append({ vec }: Source, from: number, n: number) {
    const off = this.length;
    this.offsets = grown(this.offsets, off + n + 1, Int32Array);
    const all = duckdb.vector_get_data(vec, (from + n) * 16);
    const raw = all.subarray(from * 16);
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const validAll = this.validity.append(vec, from, n, off);
    const valid = (i: number) => Validity.isValid(validAll, from + i);
    // Pass 1: total bytes + address ranges of out-of-line strings (len > 12).
    let total = 0;
    const longIdx: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!valid(i)) continue;
      const len = dv.getUint32(i * 16, true);
      total += len;
      if (len > 12) longIdx.push(i);
    }
    this.reserve(total);
    // Fetch out-of-line string bytes in as few native calls as possible: sort by
    // address and merge neighbours whose gap is < 4 KiB (both ends are mapped, so
    // every byte in between lies in the same or the adjacent page: safe to copy).
    // x86-64/arm64 user-space pointers are < 2^48, so they are exact as JS numbers.
    const heap: { start: number; bytes: Uint8Array }[] = [];
    const ptrOf = (i: number) => dv.getUint32(i * 16 + 12, true) * 4294967296 + dv.getUint32(i * 16 + 8, true);
    let regionOf: Int32Array | null = null;
    const ptrs = new Float64Array(longIdx.length && this.merge ? n : 0);
    if (longIdx.length && this.merge) {
      let sorted = true;
      let prev = -1;
      for (const i of longIdx) {
        const p = ptrOf(i);
        ptrs[i] = p;
        if (p < prev) sorted = false;
        prev = p;
      }
      const order = sorted ? longIdx : longIdx.slice().sort((x, y) => ptrs[x] - ptrs[y]);
      const regions = new Int32Array(n);
      regionOf = regions;
      let start = ptrs[order[0]];
      let end = start + dv.getUint32(order[0] * 16, true);
      let first = 0;
      const flush = (upto: number) => {
        ptrBuf.setBigUint64(0, BigInt(start), true);
        const bytes = duckdb.get_data_from_pointer(ptrBuf.buffer as ArrayBuffer, 0, end - start);
        for (let k = first; k < upto; k++) regions[order[k]] = heap.length;
        heap.push({ start, bytes });
      };
      for (let k = 1; k < order.length; k++) {
        const p = ptrs[order[k]];
        const e = p + dv.getUint32(order[k] * 16, true);
        if (p - end < 4096 && e - start < 0x7fffffff) {
          if (e > end) end = e;
        } else {
          flush(k);
          start = p;
          end = e;
          first = k;
        }
      }
      flush(order.length);
    }
    const offsets = this.offsets;
    const data = this.data;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      offsets[off + i] = pos;
      if (!valid(i)) continue;
      const at = i * 16;
      const len = dv.getUint32(at, true);
      if (len <= 12) {
        const s = at + 4;
        for (let b = 0; b < len; b++) data[pos + b] = raw[s + b];
      } else if (regionOf) {
        const h = heap[regionOf[i]];
        const rel = ptrs[i] - h.start;
        const hb = h.bytes;
        if (len < 64) {
          for (let b = 0; b < len; b++) data[pos + b] = hb[rel + b];
        } else data.set(hb.subarray(rel, rel + len), pos);
      } else {
        data.set(duckdb.get_data_from_pointer(raw.buffer as ArrayBuffer, raw.byteOffset + at + 8, len), pos);
      }
      pos += len;
    }
    this.pos = pos;
    offsets[off + n] = pos;
    this.length += n;
  }
  finish() {
    return makeData({
      type: this.type as Utf8,
      length: this.length,
      nullCount: this.validity.nullCount,
      valueOffsets: this.offsets.subarray(0, this.length + 1),
      data: this.data.subarray(0, this.pos),
      nullBitmap: this.validity.bitmap(this.length),
    });
  }
}
