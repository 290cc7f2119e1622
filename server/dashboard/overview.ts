/** Headline figures for a period against the period of the same length before it. */
import type { Filters } from '../filters.ts';
import { MEASURES, type Measure, type MeasureRow } from './measures.ts';
import { previousPeriod, resolvePeriod, type Period } from './period.ts';
import type { DashboardQueries } from './queries.ts';

export interface Kpi {
  value: number;
  /** Value in the previous period; null when that period has no data at all (change unknown, not zero). */
  previous: number | null;
  /** (value - previous) / previous; null when previous is null or 0. */
  change: number | null;
}

export interface Overview {
  period: { from: string; to: string; months: number } | null;
  previous: { from: string; to: string; months: number; has_data: boolean } | null;
  kpis: Record<Measure, Kpi>;
  regions: MeasureRow[];
  sectors: MeasureRow[];
}

const month = (p: Period) => ({ from: p.from.slice(0, 7), to: p.to.slice(0, 7), months: p.months });

export async function overview(q: DashboardQueries, filters: Filters): Promise<Overview> {
  const data = await q.dataPeriod();
  const period = resolvePeriod(filters.from, filters.to, data);
  const prev: Period | null = period ? previousPeriod(period) : null;
  // The data's first month bounds what "previous" can mean: before it there is no record, so no comparison.
  const prevHasData = !!prev && data.first !== null && prev.to.slice(0, 7) >= data.first;
  // Both periods at once: two connections, two cores.
  const [current, prevTotal] = await Promise.all([
    q.measures(filters),
    prevHasData ? q.totals({ ...filters, from: prev!.from, to: prev!.to }) : Promise.resolve(undefined),
  ]);
  const total = current.find((r) => r.level === 'all');
  const kpis = {} as Record<Measure, Kpi>;
  for (const m of MEASURES) {
    const value = total?.[m] ?? 0;
    const previous = prevHasData ? (prevTotal?.[m] ?? 0) : null;
    kpis[m] = { value, previous, change: previous ? (value - previous) / previous : null };
  }
  return {
    period: period ? month(period) : null,
    previous: prev ? { ...month(prev), has_data: prevHasData } : null,
    kpis,
    regions: current.filter((r) => r.level === 'region'),
    sectors: current.filter((r) => r.level === 'sector'),
  };
}
