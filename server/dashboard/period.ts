/** Periods as months: the one the filters ask for (open ends filled from the data) and the one before it. */
import type { Filters } from '../filters.ts';

export interface Period {
  /** First days of the first and last month, 'YYYY-MM-01'. */
  from: string;
  to: string;
  months: number;
}

export interface DataPeriod {
  first: string | null;
  last: string | null;
}

function monthIndex(d: string): number {
  return Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
}

function monthDate(i: number): string {
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}-01`;
}

/** The filters' period with open ends taken from the data's first and last month; null when there is no data. */
export function resolvePeriod(from: string | null, to: string | null, data: DataPeriod): Period | null {
  const f = from ?? (data.first ? `${data.first}-01` : null);
  const t = to ?? (data.last ? `${data.last}-01` : null);
  if (!f || !t || f > t) return null;
  return { from: f, to: t, months: monthIndex(t) - monthIndex(f) + 1 };
}

/** The period of the same length that ends the month before `p` starts. */
export function previousPeriod(p: Period): Period {
  const start = monthIndex(p.from);
  return { from: monthDate(start - p.months), to: monthDate(start - 1), months: p.months };
}

/**
 * The filters' period and the one before it. The data's first month bounds what "previous" can mean: before it there is
 * no record, so no comparison (has_data false).
 */
export function comparison(filters: Pick<Filters, 'from' | 'to'>, data: DataPeriod): { period: Period | null; previous: (Period & { has_data: boolean }) | null } {
  const period = resolvePeriod(filters.from, filters.to, data);
  if (!period) return { period: null, previous: null };
  const prev = previousPeriod(period);
  return { period, previous: { ...prev, has_data: data.first !== null && prev.to.slice(0, 7) >= data.first } };
}
