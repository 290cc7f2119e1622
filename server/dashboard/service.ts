/**
 * The dashboard's answers: reference names, the overview, the trend, and one measure per region (map) or per sector ×
 * region cell (heatmap), scaled per capita or per GDP on request. Owns the measures cache (queries.ts) and computes the
 * first page's view ahead of the first visit and after each ingest.
 */
import type { Basis, Measure, MeasureQuery, Overview, ReferenceData } from '../../contract/dashboard.ts';
import { TREND_COLUMNS } from '../../contract/dashboard.ts';
import type { AtlasDb } from '../db/database.ts';
import { queryRows, type Row } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import type { Background } from '../api/background.ts';
import { EMPTY_FILTERS, type Filters } from '../filters.ts';
import { rowsTable } from '../api/respond.ts';
import { scaled, type Denominators } from './measures.ts';
import { overview } from './overview.ts';
import { DashboardQueries, WARM_TIMEOUT } from './queries.ts';

type RegionDenominators = Denominators & { is_province: boolean };

export class DashboardService {
  private readonly q: DashboardQueries;
  private denominators: Promise<Map<string, RegionDenominators>> | undefined;

  constructor(private readonly db: AtlasDb) {
    this.q = new DashboardQueries(db);
  }

  /** How many times the measures query ran (shared by concurrent identical views, cached per filter set). */
  get computations(): number {
    return this.q.computations;
  }

  /**
   * Compute the unfiltered view in the background now and after every ingest; returns the function that stops doing
   * so. A reader who asks for it meanwhile shares the computation.
   */
  warm(background: Background): () => void {
    // not awaited: an ingest's change notice must not wait for the view
    const run = () =>
      void background.run('dashboard default view', () =>
        Promise.all([this.q.dataPeriod(), this.q.measures(EMPTY_FILTERS, WARM_TIMEOUT)]),
      );
    run();
    return this.db.onDataChanged(run);
  }

  reference(): Promise<ReferenceData> {
    return this.q.reference();
  }

  overview(filters: Filters): Promise<Overview> {
    return overview(this.q, filters);
  }

  async trend(filters: Filters) {
    const rows = (await this.q.measures(filters))
      .filter((r) => r.period === 'current' && r.level === 'month')
      .sort((a, b) => (a.month! < b.month! ? -1 : 1));
    return rowsTable(
      rows,
      TREND_COLUMNS.map((name) => ({ name, text: name === 'month' })),
    );
  }

  /**
   * Each region's value of one measure on one basis, the raw value beside it, and its rank among the valued provinces:
   * the national level (000000) and XPCC keep their values but no rank, so every page counts "of 31" alike.
   */
  async regionValues(query: MeasureQuery) {
    const out = await this.scaledRows(query, 'region');
    const regions = await this.denominatorsOf();
    const ranked = out
      .filter((r) => r.value !== null && regions.get(r.region_code)?.is_province)
      .sort((a, b) => b.value! - a.value!);
    // equal values share the best rank (1, 2, 2, 4), so ties do not take an order the query did not give them
    const rank = new Map<string, number>();
    ranked.forEach((r, i) =>
      rank.set(r.region_code, i > 0 && ranked[i - 1].value === r.value ? rank.get(ranked[i - 1].region_code)! : i + 1),
    );
    const rows = out.map((r) => ({ ...r, rank: rank.get(r.region_code) ?? null }));
    const table = rowsTable(rows, [
      { name: 'region_code', text: true },
      { name: 'value' },
      { name: 'raw' },
      { name: 'rank' },
    ]);
    return { table, meta: { measure: query.measure, basis: query.basis, ranked: ranked.length } };
  }

  /** Each sector × region cell's value of one measure on one basis. */
  async cellValues(query: MeasureQuery) {
    const rows = await this.scaledRows(query, 'cell');
    const table = rowsTable(rows, [
      { name: 'sector_code', text: true },
      { name: 'region_code', text: true },
      { name: 'value' },
      { name: 'raw' },
    ]);
    return { table, meta: { measure: query.measure, basis: query.basis } };
  }

  private async scaledRows(query: MeasureQuery & { measure: Measure; basis: Basis }, level: 'region' | 'cell') {
    const [rows, dens] = await Promise.all([this.q.measures(query), this.denominatorsOf()]);
    return rows
      .filter((r) => r.period === 'current' && r.level === level)
      .map((r) => ({
        sector_code: r.sector_code,
        region_code: r.region_code!,
        raw: r[query.measure],
        value: scaled(r[query.measure], query.basis, dens.get(r.region_code!)),
      }));
  }

  /** Population, GDP and whether it is a province, per region: reference data, read once. */
  private denominatorsOf(): Promise<Map<string, RegionDenominators>> {
    this.denominators ??= this.db
      .withConnection((con) =>
        queryRows<RegionDenominators & { region_code: string } & Row>(con, sqlFile('dashboard/reference_regions')),
      )
      .then((rows) => new Map(rows.map((r) => [r.region_code, r])));
    this.denominators.catch(() => (this.denominators = undefined));
    return this.denominators;
  }
}
