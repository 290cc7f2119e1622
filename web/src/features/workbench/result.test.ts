import { describe, it, expect } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { cellText, clearHistory, loadHistory, numberAt, pushHistory, resultColumns } from './result.ts';

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
