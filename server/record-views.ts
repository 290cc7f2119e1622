/**
 * What the record-level views (operators, pricing) share: the period they read (the data's last usage month and the
 * revenue year) and their answers kept per data version, so a page's requests and a filter set seen before answer from
 * memory, and a new ingest is never answered from the old data.
 */
import type { AtlasDb } from './db/database.ts';
import { queryOne } from './db/query.ts';
import { sqlFile } from './db/sql-files.ts';

export interface RecordPeriod {
  last_month: string | null;
  year: number | null;
}

export class RecordViews {
  private periodCache: { version: number; period: Promise<RecordPeriod> } | undefined;
  private cache = new Map<string, Promise<unknown>>();
  private cacheVersion = -1;

  /** `cacheSize`: how many answers are kept, least recently used out. */
  constructor(
    private readonly db: AtlasDb,
    private readonly cacheSize: number,
  ) {}

  /** The data's last usage month and the revenue year (the reader's, else the last complete year of the data). */
  async period(year?: number): Promise<RecordPeriod> {
    const version = this.db.dataVersion;
    if (this.periodCache?.version !== version) {
      const period = this.db.withConnection(async (con) => {
        const row = await queryOne<{ last_month: string | null; default_year: number | null }>(
          con,
          sqlFile('record-views/period'),
        );
        return { last_month: row?.last_month ?? null, year: row?.default_year ?? null };
      });
      period.catch(() => this.periodCache?.period === period && (this.periodCache = undefined));
      this.periodCache = { version, period };
    }
    const p = await this.periodCache.period;
    return { last_month: p.last_month, year: year ?? p.year };
  }

  /** The answer for `key` computed once per data version (a failure is not kept), least recently used out. */
  cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.cacheVersion !== this.db.dataVersion) {
      this.cache.clear();
      this.cacheVersion = this.db.dataVersion;
    }
    const hit = this.cache.get(key) as Promise<T> | undefined;
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const made = compute();
    this.cache.set(key, made);
    made.catch(() => this.cache.get(key) === made && this.cache.delete(key));
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return made;
  }
}
