/** Data of the overview page: headline figures, monthly trend, per-region and per-sector measures. */
import { getJson, type JsonTable } from '../../app/api.ts';
import type { AppState } from '../../app/app-state.svelte.ts';
import { Loader } from '../../app/loader.svelte.ts';
import type { Measure } from '../../app/measures.ts';

export interface Kpi {
  value: number;
  previous: number | null;
  change: number | null;
}
export interface MeasureRow extends Record<Measure, number> {
  region_code: string | null;
  sector_code: string | null;
}
export interface OverviewData {
  period: { from: string; to: string; months: number } | null;
  previous: { from: string; to: string; months: number; has_data: boolean; months_with_data: number } | null;
  kpis: Record<Measure, Kpi>;
  regions: MeasureRow[];
  sectors: MeasureRow[];
}
export interface TrendRow extends Record<Measure | 'month', number | string> {
  month: string;
}

export class OverviewModel {
  overview: Loader<OverviewData>;
  trend: Loader<JsonTable<TrendRow>>;

  constructor(app: AppState) {
    this.overview = new Loader((signal) =>
      getJson<OverviewData>('/api/dashboard/overview', app.url.filterQuery(), { signal }),
    );
    this.trend = new Loader((signal) =>
      getJson<JsonTable<TrendRow>>('/api/dashboard/trend', app.url.filterQuery({ format: 'json' }), { signal }),
    );
  }
}
