/** Month arithmetic on "YYYY-MM" strings (the URL's from/to format). */
import type { DataMonths } from '../../../contract/dashboard.ts';

export type { DataMonths };
/** What month arithmetic needs of the data's months (last_complete: what an open `to` means; `last` without it). */
export type MonthsOfData = Pick<DataMonths, 'first' | 'last' | 'default_months'> & { last_complete?: string | null };

/** The month an open `to` stands for: the last complete month (GET /api/reference), else the last month with data. */
export function openTo(data: MonthsOfData): string | undefined {
  return data.last_complete || data.last || undefined;
}

export function addMonths(month: string, n: number): string {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The last `n` months of data ending at `last`, as URL from/to. */
export function lastMonths(last: string, n: number): { from: string; to: string } {
  return { from: addMonths(last, -(n - 1)), to: last };
}

/**
 * The period the API resolves when `from` is left open: the last default_months months up to `to`, or from the data's
 * first month when it starts later. The same rule as openFrom in server/period.ts, so the filter bar can say
 * which months every view is showing.
 */
export function openFrom(to: string, data: MonthsOfData): string {
  const from = addMonths(to, -(data.default_months - 1));
  return data.first && data.first > from && data.first <= to ? data.first : from;
}

/** The months the views show for the URL's from/to (undefined ends: no data yet, or the reference not loaded). */
export function shownPeriod(
  from: string | null | undefined,
  to: string | null | undefined,
  data: MonthsOfData,
): { from?: string; to?: string } {
  const end = to || openTo(data);
  return { from: from || (end && data.default_months > 0 ? openFrom(end, data) : undefined), to: end };
}
