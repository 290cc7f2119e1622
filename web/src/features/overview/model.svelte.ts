/** Data of the overview page: headline figures, monthly trend, per-region and per-sector measures. */
import type { Answer } from '../../../../contract/endpoints.ts';
import type { MeasureRow, Overview as OverviewData, TrendRow } from '../../../../contract/dashboard.ts';
import { getJson } from '../../app/api.ts';
import type { AppState } from '../../app/app-state.svelte.ts';
import { Loader } from '../../app/loader.svelte.ts';

export type { MeasureRow, OverviewData, TrendRow };

export class OverviewModel {
  overview: Loader<OverviewData>;
  trend: Loader<Answer<'trend'>>;

  constructor(app: AppState) {
    this.overview = new Loader((signal) =>
      getJson<OverviewData>('/api/dashboard/overview', app.url.filterQuery(), { signal }),
    );
    this.trend = new Loader((signal) =>
      getJson<Answer<'trend'>>('/api/dashboard/trend', app.url.filterQuery({ format: 'json' }), { signal }),
    );
  }
}
