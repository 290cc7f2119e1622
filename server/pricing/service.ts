/**
 * Pricing oversight and disclosure: prices against caps, revenue against the maximum allowed revenue, price
 * distributions and the annual disclosure, each limited to the agreements within the reader's regional scope (scope.ts:
 * an agreement and its products belong to the agreement's region, usage to the provider's region). Answers are kept
 * per data version, so a page's requests and a filter set seen before answer from memory.
 */
import type { OperatorsQuery } from '../../contract/operators.ts';
import { EVIDENCE_LIMIT, type DisclosureQuery, type EvidenceQuery, type PricesQuery } from '../../contract/pricing.ts';
import type { TableResult } from '../api/respond.ts';
import type { AtlasDb } from '../db/database.ts';
import { queryArrow, queryOne, queryRowsTable, type RowsTable, type SqlParams } from '../db/query.ts';
import { scopeKey, type Scope } from '../db/scope.ts';
import { sqlFile } from '../db/sql-files.ts';
import { checkKnownCodes, EMPTY_FILTERS } from '../filters.ts';

const CACHE_SIZE = 64;

interface Period {
  last_month: string | null;
  year: number | null;
}
export interface TableAnswer {
  table: TableResult;
  meta: Record<string, string | number | boolean>;
}
type Shape = 'arrow' | 'rows';

export class PricingService {
  private periodCache: { version: number; period: Promise<Period> } | undefined;
  private cache = new Map<string, Promise<TableAnswer>>();
  private cacheVersion = -1;

  constructor(private readonly db: AtlasDb) {}

  /** The data's last usage month and the period (the reader's year, else the data's last complete year). */
  async period(year?: number): Promise<Period> {
    const version = this.db.dataVersion;
    if (this.periodCache?.version !== version) {
      const period = this.db.withConnection(async (con) => {
        const row = await queryOne<{ last_month: string | null; default_year: number | null }>(
          con,
          sqlFile('pricing/period'),
        );
        return { last_month: row?.last_month ?? null, year: row?.default_year ?? null };
      });
      period.catch(() => this.periodCache?.period === period && (this.periodCache = undefined));
      this.periodCache = { version, period };
    }
    const p = await this.periodCache.period;
    return { last_month: p.last_month, year: year ?? p.year };
  }

  prices(q: PricesQuery, scope: Scope, shape: Shape) {
    return this.table('pricing/prices', q, scope, shape, { level: q.level });
  }

  revenue(q: OperatorsQuery, scope: Scope, shape: Shape) {
    return this.table('pricing/revenue', q, scope, shape, {});
  }

  distribution(q: OperatorsQuery, scope: Scope, shape: Shape) {
    return this.table('pricing/distribution', q, scope, shape, {});
  }

  disclosure(q: DisclosureQuery, scope: Scope, shape: Shape): Promise<TableAnswer> {
    checkKnownCodes({ ...EMPTY_FILTERS, regions: q.region ? [q.region] : [] });
    return this.cached(`disclosure|${shape}|${scopeKey(scope)}|${q.region}|${q.year}`, async () => {
      const period = await this.period(q.year);
      const meta: Record<string, string | number | boolean> = {};
      if (period.year !== null) meta.year = period.year;
      if (q.region) meta.region = q.region;
      const params = { national: scope === null, scope: scope ?? [], region: q.region, year: period.year ?? 0 };
      return { table: await this.run('pricing/disclosure', shape, params), meta };
    });
  }

  /** The usage records behind one worklist row, at most EVIDENCE_LIMIT (meta.truncated says when there are more). */
  evidence(q: EvidenceQuery, scope: Scope, shape: Shape): Promise<TableAnswer> {
    return this.cached(`evidence|${shape}|${scopeKey(scope)}|${JSON.stringify(q)}`, async () => {
      const period = await this.period(q.year);
      const params = {
        national: scope === null,
        scope: scope ?? [],
        rule: q.rule,
        auth_id: q.auth_id,
        product_id: q.product_id,
        year: period.year ?? 0,
        last_month: period.last_month ?? '1970-01',
        limit: EVIDENCE_LIMIT + 1,
      };
      const table = await this.run('pricing/evidence', 'rows', params);
      const rows = (table as RowsTable).rows;
      const meta: Record<string, string | number | boolean> = {};
      if (period.year !== null) meta.year = period.year;
      if (period.last_month !== null) meta.last_month = period.last_month;
      if (rows.length > EVIDENCE_LIMIT) {
        rows.length = EVIDENCE_LIMIT;
        meta.truncated = true;
      }
      return { table, meta };
    });
  }

  private table(file: string, q: OperatorsQuery, scope: Scope, shape: Shape, extra: SqlParams) {
    checkKnownCodes({ ...EMPTY_FILTERS, regions: q.regions, sectors: q.sectors });
    return this.cached(`${file}|${shape}|${scopeKey(scope)}|${JSON.stringify({ ...q, ...extra })}`, async () => {
      const period = await this.period(q.year);
      const meta: Record<string, string | number | boolean> = {};
      if (period.year !== null) meta.year = period.year;
      if (period.last_month !== null) meta.last_month = period.last_month;
      // an empty database has no period: the queries still run and find nothing
      const params: SqlParams = {
        national: scope === null,
        scope: scope ?? [],
        regions: q.regions,
        sectors: q.sectors,
        modes: q.modes,
        year: period.year ?? 0,
        last_month: period.last_month ?? '1970-01',
        ...extra,
      };
      return { table: await this.run(file, shape, params), meta };
    });
  }

  private run(file: string, shape: Shape, params: SqlParams): Promise<TableResult> {
    return this.db.withConnection((con): Promise<TableResult> =>
      shape === 'arrow' ? queryArrow(con, sqlFile(file), params) : queryRowsTable(con, sqlFile(file), params),
    );
  }

  /** The answer for `key` computed once per data version (a failure is not kept), least recently used out. */
  private cached(key: string, compute: () => Promise<TableAnswer>): Promise<TableAnswer> {
    if (this.cacheVersion !== this.db.dataVersion) {
      this.cache.clear();
      this.cacheVersion = this.db.dataVersion;
    }
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const made = compute();
    this.cache.set(key, made);
    made.catch(() => this.cache.get(key) === made && this.cache.delete(key));
    while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return made;
  }
}
