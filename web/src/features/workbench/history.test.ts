import { describe, expect, it } from 'vitest';
import { loadHistory, recordRun, shortChange, HISTORY_MAX, type HistoryItem } from './history.ts';

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

const KEY = 'atlas.sql.history:test';
const run = (sql: string, lineage: string, extra: Partial<HistoryItem> = {}) => ({
  sql,
  lineage,
  at: '2026-12-06T10:00:00.000Z',
  status: 'ok' as const,
  rows: 3,
  ms: 12,
  ...extra,
});

describe('query history', () => {
  it('numbers the versions of one query and says what each changed', () => {
    const s = memoryStorage();
    let h = recordRun(s, KEY, [], run('SELECT a FROM t LIMIT 20', 'L'));
    h = recordRun(s, KEY, h, run('SELECT a FROM t LIMIT 50', 'L', { status: 'error', rows: undefined }));
    h = recordRun(s, KEY, h, run('SELECT b FROM u', 'M'));
    expect(h.map((x) => [x.lineage, x.version, x.status])).toEqual([
      ['M', 1, 'ok'],
      ['L', 2, 'error'],
      ['L', 1, 'ok'],
    ]);
    expect(h[1].change).toEqual({ removed: '20', added: '50' });
    expect(h[2].change).toBeUndefined();
    // what was stored is what comes back
    expect(loadHistory(s, KEY)).toEqual(h);
  });

  it('runs the same text again as the same version, with its latest status, and moves it to the top', () => {
    const s = memoryStorage();
    let h = recordRun(s, KEY, [], run('SELECT 1', 'L'));
    h = recordRun(s, KEY, h, run('SELECT 2', 'L'));
    h = recordRun(s, KEY, h, run('SELECT 1', 'L', { status: 'cancelled', at: '2026-12-06T11:00:00.000Z' }));
    expect(h.map((x) => [x.sql, x.version, x.status])).toEqual([
      ['SELECT 1', 1, 'cancelled'],
      ['SELECT 2', 2, 'ok'],
    ]);
    // other values for its parameters are another version
    h = recordRun(s, KEY, h, run('SELECT 1', 'L', { params: { region: '330000' } }));
    expect(h[0].version).toBe(3);
  });

  it('reads entries stored before statuses and versions, and keeps at most HISTORY_MAX', () => {
    const s = memoryStorage();
    s.setItem(KEY, JSON.stringify([{ sql: 'SELECT 1', at: '2026-01-01T00:00:00Z', ok: false }, { nope: 1 }]));
    const old = loadHistory(s, KEY);
    expect(old).toHaveLength(1);
    expect(old[0]).toMatchObject({ status: 'error', version: 1, lineage: 'old:2026-01-01T00:00:00Z' });
    let h: HistoryItem[] = [];
    for (let i = 0; i < HISTORY_MAX + 5; i++) h = recordRun(s, KEY, h, run(`SELECT ${i}`, `L${i}`));
    expect(h).toHaveLength(HISTORY_MAX);
    expect(h[0].sql).toBe(`SELECT ${HISTORY_MAX + 4}`);
  });

  it('finds the words one version replaced, and cuts long ones', () => {
    expect(shortChange('SELECT a, b FROM t', 'SELECT a, b, c FROM t')).toEqual({ removed: 'b', added: 'b, c' });
    expect(shortChange('SELECT 1', 'SELECT 1 WHERE x')).toEqual({ removed: '', added: 'WHERE x' });
    expect(shortChange('x', `y ${'z'.repeat(80)}`).added).toHaveLength(40);
  });
});
