import type { AtlasDb } from '../db/database.ts';

/**
 * A small in-process cache of endpoint results keyed by (query, parameters, db.dataVersion): a new ingest batch makes
 * every entry stale at once. Concurrent requests for the same key share one computation. Least recently used entries
 * go first beyond `capacity`.
 */
export class ResultCache {
  private entries = new Map<string, Promise<unknown>>();
  hits = 0;
  misses = 0;

  constructor(private db: AtlasDb, private capacity = 200) {}

  get<T>(name: string, params: unknown, compute: () => Promise<T>): Promise<T> {
    if (this.capacity <= 0) return compute();
    const key = `${this.db.dataVersion}\u0000${name}\u0000${JSON.stringify(params)}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit as Promise<T>;
    }
    this.misses++;
    const p = compute();
    this.entries.set(key, p);
    p.catch(() => this.entries.delete(key));
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return p;
  }

  clear(): void {
    this.entries.clear();
  }
}
