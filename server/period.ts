/**
 * Periods as months: the one the filters ask for (open ends filled from the data) and the one before it. Shared by the
 * dashboard and the indicators, so both open on the same window.
 */
import type { Filters } from './filters.ts';

export interface Period {
  /** First days of the first and last month, 'YYYY-MM-01'. */
  from: string;
  to: string;
  months: number;
}

export interface DataPeriod {
  first: string | null;
  last: string | null;
  /** The last complete month ('YYYY-MM', server/coverage.ts): what an open `to` means; `last` when not given. */
  last_complete?: string | null;
}

export function monthIndex(d: string): number {
  return Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
}

export function monthDate(i: number): string {
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * How many months a period covers when the filters leave `from` open (fewer when the data starts later). GET
 * /api/reference publishes it, so the web app's filter bar resolves an open `from` with the same length.
 */
export const DEFAULT_MONTHS = 12;

/**
 * The first month ('YYYY-MM-01') of the period ending at `to` when the filters leave `from` open: the last
 * DEFAULT_MONTHS months, or from the data's first month ('YYYY-MM' or 'YYYY-MM-01') when it starts later. Every view,
 * dashboard and indicators alike, opens on this window, so their figures agree, and a previous window of the same
 * length exists to compare with.
 */
export function openFrom(to: string, first: string | null): string {
  const from = monthDate(monthIndex(to) - (DEFAULT_MONTHS - 1));
  const start = first ? `${first.slice(0, 7)}-01` : null;
  return start && start > from && start <= to ? start : from;
}

/** The month an open `to` stands for: the last complete month, else the last month with data. */
export function openTo(data: DataPeriod): string | null {
  const last = data.last_complete ?? data.last;
  return last ? `${last.slice(0, 7)}-01` : null;
}

/** The filters' period with open ends filled from the data (openFrom, openTo); null when there is no data. */
export function resolvePeriod(from: string | null, to: string | null, data: DataPeriod): Period | null {
  const t = to ?? openTo(data);
  const f = from ?? (t && data.first ? openFrom(t, data.first) : null);
  if (!f || !t || f > t) return null;
  return { from: f, to: t, months: monthIndex(t) - monthIndex(f) + 1 };
}

/** The period of the same length that ends the month before `p` starts. */
export function previousPeriod(p: Period): Period {
  const start = monthIndex(p.from);
  return { from: monthDate(start - p.months), to: monthDate(start - 1), months: p.months };
}

/** How many months of from..to ('YYYY-MM-01', inclusive) lie on or after the data's first month. */
export function monthsWithData(from: string, to: string, first: string | null): number {
  const start = first ? monthIndex(`${first.slice(0, 7)}-01`) : Infinity;
  return Math.max(0, monthIndex(to) - Math.max(monthIndex(from), start) + 1);
}

/** The previous period, with how many of its months the data covers. */
export type PreviousPeriod = Period & { has_data: boolean; months_with_data: number };

/** The months of `p` after the last complete month ('YYYY-MM'): chosen by the user, never by an open `to`. */
export function partialMonths(p: Period, data: DataPeriod): string[] {
  if (!data.last_complete) return [];
  const start = Math.max(monthIndex(p.from), monthIndex(`${data.last_complete.slice(0, 7)}-01`) + 1);
  const out: string[] = [];
  for (let i = start; i <= monthIndex(p.to); i++) out.push(monthDate(i).slice(0, 7));
  return out;
}

/**
 * The filters' period and the one before it. The data's first month bounds what "previous" can mean: before it there is
 * no record. A previous period the data covers only in part is no comparison either (has_data false): 12 months
 * against the 8 that have records would show growth that is only the data starting. Nor is a period that holds a
 * partial month (`partial`, months the user chose after the last complete one): a month most regions have not reported
 * yet would read as a fall.
 */
export function comparison(
  filters: Pick<Filters, 'from' | 'to'>,
  data: DataPeriod,
): { period: Period | null; previous: PreviousPeriod | null; partial: string[] } {
  const period = resolvePeriod(filters.from, filters.to, data);
  if (!period) return { period: null, previous: null, partial: [] };
  const prev = previousPeriod(period);
  const covered = monthsWithData(prev.from, prev.to, data.first);
  const partial = partialMonths(period, data);
  return {
    period,
    previous: { ...prev, has_data: covered === prev.months && !partial.length, months_with_data: covered },
    partial,
  };
}
