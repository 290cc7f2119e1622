import type { AtlasDb } from '../db/database.ts';

interface Entry {
  value: Promise<unknown>;
  name: string;
  params: unknown;
  compute: () => Promise<unknown>;
}

/**
 * A small in-process cache of endpoint results keyed by (query, parameters, db.dataVersion): a new ingest batch makes
 * every entry stale at once. Concurrent requests for the same key share one computation. Least recently used entries
 * go first beyond `capacity`.
 */
export class ResultCache {
  private entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(
    private db: AtlasDb,
    private capacity = 200,
  ) {}

  get<T>(name: string, params: unknown, compute: () => Promise<T>): Promise<T> {
    if (this.capacity <= 0) return compute();
    const key = `${this.db.dataVersion}\u0000${name}\u0000${JSON.stringify(params)}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    this.misses++;
    const value = compute();
    this.entries.set(key, { value, name, params, compute });
    value.catch(() => this.entries.delete(key));
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /**
   * Compute again, for the current data version, the `count` most recently used results (most recent first, one at a
   * time), and drop the rest: after an ingest, the views people were looking at are ready before they reload them.
   */
  async refresh(count: number): Promise<void> {
    const version = `${this.db.dataVersion}\u0000`;
    const recent = [...this.entries.entries()]
      .filter(([k]) => !k.startsWith(version))
      .map(([, e]) => e)
      .slice(-count)
      .reverse();
    for (const [k] of this.entries) if (!k.startsWith(version)) this.entries.delete(k);
    for (const e of recent) await this.get(e.name, e.params, e.compute).catch(() => undefined);
  }

  clear(): void {
    this.entries.clear();
  }
}
