/** Periods as months: the one the filters ask for (open ends filled from the data) and the one before it. */

export interface Period {
  /** First days of the first and last month, 'YYYY-MM-01'. */
  from: string;
  to: string;
  months: number;
}

function monthIndex(d: string): number {
  return Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
}

function monthDate(i: number): string {
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}-01`;
}

/** The filters' period with open ends taken from the data's first and last month; null when there is no data. */
export function resolvePeriod(from: string | null, to: string | null, data: { first: string | null; last: string | null }): Period | null {
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
