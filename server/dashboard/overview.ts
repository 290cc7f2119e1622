/** Headline figures for a period against the period of the same length before it. */
import type { Kpi, Overview } from '../../contract/dashboard.ts';
import type { Filters } from '../filters.ts';
import { MEASURES, type Measure, type MeasureRow } from './measures.ts';
import { comparison, type Period } from '../period.ts';
import type { DashboardQueries } from './queries.ts';

/** Per-region and per-sector rows as the API sends them. */
type LevelRow = Omit<MeasureRow, 'period' | 'level' | 'month'>;

const month = (p: Period) => ({ from: p.from.slice(0, 7), to: p.to.slice(0, 7), months: p.months });
const levelRow = ({ period: _p, level: _l, month: _m, ...rest }: MeasureRow): LevelRow => rest;

export async function overview(q: DashboardQueries, filters: Filters): Promise<Overview> {
  const [data, rows] = await Promise.all([q.dataPeriod(), q.measures(filters)]);
  const { period, previous, partial } = comparison(filters, data);
  const total = rows.find((r) => r.period === 'current' && r.level === 'all');
  const prevTotal = rows.find((r) => r.period === 'previous');
  const kpis = {} as Record<Measure, Kpi>;
  for (const m of MEASURES) {
    const value = total?.[m] ?? 0;
    const prev = previous?.has_data ? (prevTotal?.[m] ?? 0) : null;
    kpis[m] = { value, previous: prev, change: prev ? (value - prev) / prev : null };
  }
  const at = (level: MeasureRow['level']) =>
    rows.filter((r) => r.period === 'current' && r.level === level).map(levelRow);
  return {
    period: period ? month(period) : null,
    previous: previous
      ? { ...month(previous), has_data: previous.has_data, months_with_data: previous.months_with_data }
      : null,
    partial_months: partial,
    kpis,
    regions: at('region'),
    sectors: at('sector'),
  };
}
