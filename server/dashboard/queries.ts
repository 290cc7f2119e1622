/**
 * Reads for the dashboard. One measures query answers every level (totals, regions, sectors, cells, months, and the
 * previous period's totals) at once and is cached per filter set and data version, because the overview, the trend, the
 * map and the heatmap ask for the same filters at the same time or in quick succession.
 */
import type { EnumRef, ReferenceData, RegionRef, SectorRef } from '../../contract/dashboard.ts';
import type { AtlasDb } from '../db/database.ts';
import { queryOne, queryRows, type Row } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { factSql, factStoreOf, type FactStore, type FactTables } from '../facts/facts.ts';
import { EMPTY_FILTERS, filterParams, type Filters } from '../filters.ts';
import { keptRows } from '../facts/kept-results.ts';
import type { MeasureRow } from './measures.ts';
import { comparison, DEFAULT_MONTHS, type DataPeriod } from '../period.ts';
import { periodCompleteness, readCompleteness, readLastImport } from '../coverage.ts';

const TIMEOUT = { timeoutMs: 15_000 };
/**
 * The default view computed ahead of the first reader (at start and after each ingest) runs in the background, where
 * the request's timeout has no reader to protect: at 100M usage rows it takes longer than 15 s, and cut at 15 s the
 * landing page would fail for everyone. Bounded all the same.
 */
export const WARM_TIMEOUT = { timeoutMs: 300_000 };
const CACHE_SIZE = 64;
/** The cache key of the unfiltered view. */
const DEFAULT_VIEW = JSON.stringify(filterParams(EMPTY_FILTERS));

export type { DataPeriod };

export class DashboardQueries {
  private cache = new Map<string, Promise<MeasureRow[]>>();
  private cacheVersion = -1;
  private period: Promise<DataPeriod> | undefined;
  /** How many times the measures query actually ran (the measure of single-flight). */
  computations = 0;
  /** How many times the default view was read back as kept from before a restart instead of computed. */
  restored = 0;

  /** `facts`: where the distinct users' month masks come from (by default the instance's store, shared with indicators). */
  constructor(
    private db: AtlasDb,
    private facts: FactStore = factStoreOf(db),
  ) {}

  async reference(): Promise<ReferenceData> {
    return this.db.withConnection(async (con) => {
      const regions = await queryRows<RegionRef & Row>(con, sqlFile('dashboard/reference_regions'));
      const sectors = await queryRows<SectorRef & Row>(con, sqlFile('dashboard/reference_sectors'));
      const enums: ReferenceData['enums'] = {};
      for (const { enum_name, ...rest } of await queryRows<EnumRef & { enum_name: string } & Row>(
        con,
        sqlFile('dashboard/reference_enums'),
      )) {
        (enums[enum_name] ??= []).push(rest);
      }
      const period = (await queryOne<DataPeriod & Row>(con, sqlFile('dashboard/data_period'))) ?? {
        first: null,
        last: null,
      };
      return {
        regions,
        sectors,
        enums,
        period: {
          first: period.first,
          last: period.last,
          default_months: DEFAULT_MONTHS,
          ...periodCompleteness(await readCompleteness(con)),
          last_import: await readLastImport(con),
        },
      };
    }, TIMEOUT);
  }

  /** First and last month with usage and the last complete month, cached until the data changes. */
  dataPeriod(): Promise<DataPeriod> {
    this.checkVersion();
    this.period ??= this.db.withConnection(async (con) => {
      const row = await queryOne<DataPeriod & Row>(con, sqlFile('dashboard/data_period'));
      const { last_complete } = await readCompleteness(con);
      return { first: row?.first ?? null, last: row?.last ?? null, last_complete };
    }, TIMEOUT);
    this.period.catch(() => (this.period = undefined));
    return this.period;
  }

  private checkVersion(): void {
    if (this.cacheVersion !== this.db.dataVersion) {
      this.cache.clear();
      this.period = undefined;
      this.cacheVersion = this.db.dataVersion;
    }
  }

  /**
   * The facts of the current data version, synced (after an ingest, incrementally) before anything reads them, so no
   * answer counts users from stale masks. The wait is outside the query's timeout: a sync is not the query's work, and
   * stopping it would leave the facts unsynced. Null when the facts cannot be materialised: the users' masks are then
   * computed from usage inside the query, by the same definition.
   */
  private factTables(): Promise<FactTables | null> {
    return this.facts.warm().catch(() => null);
  }

  /**
   * Every measure for these filters: levels all, region, sector, cell and month of the current period, and level all of
   * the previous period when the data reaches back to it. Requests that arrive together share one query: the cache
   * holds the promise, looked up before anything is awaited.
   */
  measures(filters: Filters, timeout = TIMEOUT): Promise<MeasureRow[]> {
    this.checkVersion();
    const params = filterParams(filters);
    const key = JSON.stringify(params);
    let hit = this.cache.get(key);
    if (hit) {
      // Move to the end: the map is kept in least-recently-used order.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    this.computations++;
    hit = Promise.all([this.dataPeriod(), this.factTables()]).then(([data, facts]) => {
      // the period as resolved (an open `from` is the last 12 months), so the figures are those of the period shown
      const { period, previous } = comparison(filters, data);
      const current = period ? { from: period.from, to: period.to } : { from: params.from, to: params.to };
      const prev = previous?.has_data
        ? { prev_from: previous.from, prev_to: previous.to }
        : { prev_from: null, prev_to: null };
      const sql = factSql('dashboard/measures', facts);
      const all = { ...params, ...current, ...prev };
      const compute = () =>
        this.db.withConnection((con) => queryRows<MeasureRow & Row>(con, sql, all), timeout) as Promise<MeasureRow[]>;
      if (key !== DEFAULT_VIEW) return compute();
      // the view every reader opens with: kept across restarts, so a start on unchanged data serves it at once
      return keptRows(this.db, 'dashboard/measures', sql, all, compute).then((kept) => {
        if (kept.restored) this.restored++;
        return kept.rows;
      });
    });
    hit.catch(() => this.cache.delete(key));
    this.cache.set(key, hit);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return hit;
  }
}
