/** Month arithmetic on "YYYY-MM" strings (the URL's from/to format). */
import type { DataMonths } from '../../../contract/dashboard.ts';

export type { DataMonths };
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
export function openFrom(to: string, data: DataMonths): string {
  const from = addMonths(to, -(data.default_months - 1));
  return data.first && data.first > from && data.first <= to ? data.first : from;
}

/** The months the views show for the URL's from/to (undefined ends: no data yet, or the reference not loaded). */
export function shownPeriod(
  from: string | null | undefined,
  to: string | null | undefined,
  data: DataMonths,
): { from?: string; to?: string } {
  const end = to || data.last || undefined;
  return { from: from || (end && data.default_months > 0 ? openFrom(end, data) : undefined), to: end };
}
