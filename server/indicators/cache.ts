import type { AtlasDb } from '../db/database.ts';

interface Entry {
  value: Promise<unknown>;
  name: string;
  params: unknown;
  compute: () => Promise<unknown>;
}

/**
 * A small in-process cache of endpoint results keyed by (query, parameters, db.dataVersion): a new ingest batch makes
 * every entry stale at once. Concurrent requests for the same key share one computation, even with caching off
 * (capacity 0): fifty people opening the same view cost one computation. Least recently used entries go first beyond
 * `capacity`.
 */
export class ResultCache {
  private entries = new Map<string, Entry>();
  /** Computations under way with caching off, by key, so identical concurrent requests still share one. */
  private running = new Map<string, Promise<unknown>>();
  hits = 0;
  misses = 0;
  /** How many times a computation actually ran (the measure of single-flight). */
  computations = 0;

  constructor(
    private db: AtlasDb,
    private capacity = 200,
  ) {}

  get<T>(name: string, params: unknown, compute: () => Promise<T>): Promise<T> {
    const key = `${this.db.dataVersion}\u0000${name}\u0000${JSON.stringify(params)}`;
    if (this.capacity <= 0) return this.shared(key, compute);
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    this.misses++;
    this.computations++;
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

  private shared<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const running = this.running.get(key);
    if (running) return running as Promise<T>;
    this.computations++;
    const value = compute().finally(() => this.running.delete(key));
    this.running.set(key, value);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
