import { describe, it, expect } from 'vitest';
import {
  Decimal,
  Field,
  Int32,
  Int64,
  List,
  makeData,
  makeVector,
  Struct,
  Table,
  TimestampNanosecond,
  Utf8,
  tableFromArrays,
  vectorFromArray,
} from 'apache-arrow';
import {
  cellText,
  clearHistory,
  exactText,
  isNullAt,
  loadHistory,
  numberAt,
  pushHistory,
  resultColumns,
} from './result.ts';

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

describe('workbench result helpers', () => {
  const table = tableFromArrays({
    n: Float64Array.from([1234567.125, 0.5]),
    s: ['北京', 'x'],
    i: Int32Array.from([7, -3]),
  });

  it('tells numeric from text columns and formats cells per language', () => {
    const cols = resultColumns(table);
    expect(cols.map((c) => c.kind)).toEqual(['number', 'text', 'number']);
    expect(cellText(cols[0], 0, 'en', 'null')).toBe('1,234,567.125');
    expect(cellText(cols[0], 0, 'zh-CN', '空')).toBe('1,234,567.125');
    expect(cellText(cols[1], 0, 'en', 'null')).toBe('北京');
    expect(numberAt(cols[2], 1)).toBe(-3);
  });

  it('shows and copies exact analyst values: Int64 past 2^53, Decimal128, nanoseconds, LIST and STRUCT', () => {
    const big = makeVector(
      makeData({
        type: new Int64(),
        length: 3,
        nullCount: 1,
        data: BigInt64Array.from([9007199254740993n, -5n, 0n]),
        nullBitmap: Uint8Array.from([0b011]),
      }),
    );
    // DECIMAL(38,2): 12345678901234567890.12 and -0.50, as four little-endian 32-bit words each
    const words = (v: bigint) => Array.from({ length: 4 }, (_, k) => Number(BigInt.asUintN(32, v >> BigInt(32 * k))));
    const money = makeVector(
      makeData({
        type: new Decimal(2, 38, 128),
        length: 3,
        nullCount: 0,
        data: Uint32Array.from([...words(1234567890123456789012n), ...words(-50n), ...words(0n)]),
      }),
    );
    const ns = makeVector(
      makeData({
        type: new TimestampNanosecond(),
        length: 3,
        nullCount: 0,
        data: BigInt64Array.from([1704067200123456789n, 0n, -1n]),
      }),
    );
    const item = new Struct([new Field('k', new Int32(), true), new Field('s', new Utf8(), true)]);
    const list = vectorFromArray([[{ k: 1, s: 'a' }, null], [], null], new List(new Field('item', item, true)));
    const table = new Table({ big, money, ns, list });
    const [b, m, t, l] = resultColumns(table);
    expect(b.kind).toBe('number');
    expect(cellText(b, 0, 'en', 'null')).toBe('9,007,199,254,740,993');
    expect(exactText(b, 0)).toBe('9007199254740993');
    expect(isNullAt(b, 2)).toBe(true);
    expect(cellText(b, 2, 'en', 'null')).toBe('null');
    expect(cellText(m, 0, 'en', 'null')).toBe('12,345,678,901,234,567,890.12');
    expect(exactText(m, 1)).toBe('-0.50');
    expect(cellText(m, 1, 'en', 'null')).toBe('-0.50');
    expect(numberAt(m, 1)).toBe(-0.5);
    expect(exactText(t, 0)).toBe('2024-01-01 00:00:00.123456789');
    expect(exactText(t, 2)).toBe('1969-12-31 23:59:59.999999999');
    expect(numberAt(t, 0)).toBeCloseTo(1704067200123.4568, 3);
    expect(exactText(l, 0)).toBe("[{k: 1, s: 'a'}, NULL]");
    expect(exactText(l, 1)).toBe('[]');
    expect(exactText(l, 2)).toBeNull();
  });

  it('keeps the newest history first, without repeats, in storage', () => {
    const storage = memoryStorage();
    let h = loadHistory(storage);
    h = pushHistory(storage, h, { sql: 'SELECT 1', at: '2025-01-01T00:00:00Z', ok: true, rows: 1 });
    h = pushHistory(storage, h, { sql: 'SELECT 2', at: '2025-01-01T00:01:00Z', ok: false });
    h = pushHistory(storage, h, { sql: 'SELECT 1', at: '2025-01-01T00:02:00Z', ok: true, rows: 1 });
    expect(h.map((x) => x.sql)).toEqual(['SELECT 1', 'SELECT 2']);
    expect(loadHistory(storage)).toEqual(h);
    storage.setItem('atlas.sql.history', '{not json');
    expect(loadHistory(storage)).toEqual([]);
    expect(clearHistory(storage)).toEqual([]);
  });
});
