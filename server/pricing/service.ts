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
import { queryArrow, queryRowsTable, type RowsTable, type SqlParams } from '../db/query.ts';
import { scopeKey, type Scope } from '../db/scope.ts';
import { sqlFile } from '../db/sql-files.ts';
import { checkKnownCodes, EMPTY_FILTERS } from '../filters.ts';
import { RecordViews } from '../record-views.ts';

const CACHE_SIZE = 64;

export interface TableAnswer {
  table: TableResult;
  meta: Record<string, string | number | boolean>;
}
type Shape = 'arrow' | 'rows';

export class PricingService {
  private readonly views: RecordViews;

  constructor(private readonly db: AtlasDb) {
    this.views = new RecordViews(db, CACHE_SIZE);
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
    return this.views.cached<TableAnswer>(`disclosure|${shape}|${scopeKey(scope)}|${q.region}|${q.year}`, async () => {
      const period = await this.views.period(q.year);
      const meta: Record<string, string | number | boolean> = {};
      if (period.year !== null) meta.year = period.year;
      if (q.region) meta.region = q.region;
      const params = { national: scope === null, scope: scope ?? [], region: q.region, year: period.year ?? 0 };
      return { table: await this.run('pricing/disclosure', shape, params), meta };
    });
  }

  /** The usage records behind one worklist row, at most EVIDENCE_LIMIT (meta.truncated says when there are more). */
  evidence(q: EvidenceQuery, scope: Scope, shape: Shape): Promise<TableAnswer> {
    return this.views.cached<TableAnswer>(`evidence|${shape}|${scopeKey(scope)}|${JSON.stringify(q)}`, async () => {
      const period = await this.views.period(q.year);
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
    return this.views.cached<TableAnswer>(
      `${file}|${shape}|${scopeKey(scope)}|${JSON.stringify({ ...q, ...extra })}`,
      async () => {
        const period = await this.views.period(q.year);
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
      },
    );
  }

  private run(file: string, shape: Shape, params: SqlParams): Promise<TableResult> {
    return this.db.withConnection((con): Promise<TableResult> =>
      shape === 'arrow' ? queryArrow(con, sqlFile(file), params) : queryRowsTable(con, sqlFile(file), params),
    );
  }
}
