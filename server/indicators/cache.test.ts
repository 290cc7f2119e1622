import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { AtlasDb } from '../db/database.ts';
import { ResultCache } from './cache.ts';

let db: AtlasDb;
beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
});
afterAll(() => db.close());

describe('ResultCache', () => {
  it('shares a computation per key and data version, and after new data recomputes only the most recent views', async () => {
    const cache = new ResultCache(db, 10);
    const calls: string[] = [];
    const view = (name: string) =>
      cache.get(name, { n: name }, async () => {
        calls.push(`${name}@${db.dataVersion}`);
        return name.toUpperCase();
      });
    expect(await Promise.all([view('a'), view('a')])).toEqual(['A', 'A']);
    await view('b');
    await view('c');
    await view('a'); // a is now the most recent
    expect(calls).toEqual(['a@0', 'b@0', 'c@0']);
    await db.notifyDataChanged();
    await cache.refresh(2);
    expect(calls.slice(3)).toEqual(['a@1', 'c@1']);
    calls.length = 0;
    expect(await view('a')).toBe('A');
    await view('c');
    expect(calls).toEqual([]); // both were ready
    await view('b');
    expect(calls).toEqual(['b@1']); // not among the most recent: dropped, computed on demand
  });
});
