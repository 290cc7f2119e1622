/** Month arithmetic on "YYYY-MM" strings (the URL's from/to format). */
export function addMonths(month: string, n: number): string {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The last `n` months of data ending at `last`, as URL from/to. */
export function lastMonths(last: string, n: number): { from: string; to: string } {
  return { from: addMonths(last, -(n - 1)), to: last };
}

/** How many months the period covers when `from` is left open (server/dashboard/period.ts, DEFAULT_MONTHS). */
export const DEFAULT_MONTHS = 12;

/**
 * The period the API resolves when `from` is left open: the last DEFAULT_MONTHS months up to `to`, or from the data's
 * first month when it starts later. The same rule as openFrom in server/dashboard/period.ts, so the filter bar can say
 * which months every view is showing.
 */
export function openFrom(to: string, first: string | undefined): string {
  const from = addMonths(to, -(DEFAULT_MONTHS - 1));
  return first && first > from && first <= to ? first : from;
}

/** The months the views show for the URL's from/to and the data's first/last month (undefined ends: no data yet). */
export function shownPeriod(from: string | null | undefined, to: string | null | undefined, data: { first?: string; last?: string }): { from?: string; to?: string } {
  const end = to || data.last;
  return { from: from || (end ? openFrom(end, data.first) : undefined), to: end };
}
