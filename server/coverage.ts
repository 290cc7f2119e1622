/**
 * Data completeness: which regions have reported a month, and which months are complete. Data arrive late and in
 * pieces (a steward uploads ten usage rows of the next month before the other regions have sent theirs); a month that
 * only a few regions have reported is not a month of data, and an open period must not end on it.
 *
 * The rule (docs/api.md, "Data completeness"):
 * - A region has *reported* a month when it has usage records for it (as provider). Registrations are tracked too, but
 *   they are events, not a monthly report: a small region may register nothing in a month it reported in full.
 * - The regions *expected* in a month are those that reported in each of the last LOOKBACK complete months before it
 *   and in at least one of the LOOKBACK calendar months before it. Complete months, so that one partial month does not
 *   lower the bar for the next; the calendar condition, so that a region that stopped reporting is no longer awaited
 *   after LOOKBACK months. With fewer than LOOKBACK complete months before it there is no regular set yet: the month is
 *   complete.
 * - A month is *complete* when every expected region has reported it. `last_complete` is the last complete month; the
 *   months after it are *partial*, each with how many of the expected regions have reported.
 * LOOKBACK is ATLAS_COMPLETE_LOOKBACK (default 3 months).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DataMonths } from '../contract/dashboard.ts';
import { queryOne, queryRows, type Row } from './db/query.ts';
import { sqlFile } from './db/sql-files.ts';
import { monthIndex } from './period.ts';

export const DEFAULT_LOOKBACK = 3;

/** The months of regular reporting a month is judged against (ATLAS_COMPLETE_LOOKBACK, default 3). */
export function completeLookback(env = process.env.ATLAS_COMPLETE_LOOKBACK): number {
  const n = Number(env);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_LOOKBACK;
}

/** One month × region that has records, and which kinds. */
export interface RegionMonth {
  month: string;
  region_code: string;
  usage: boolean;
  registration: boolean;
}

export interface MonthCoverage {
  month: string;
  /** Expected regions that reported the month. */
  reported: number;
  /** Regions expected to report it (0: no regular set to judge by). */
  expected: number;
  /** reported / expected (1 when nothing is expected). */
  share: number;
  complete: boolean;
}

export interface Completeness {
  months: MonthCoverage[];
  last_complete: string | null;
  partial: MonthCoverage[];
}

const monthText = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/** Apply the rule above to the region × month rows (any order); every month from the first to the last is judged. */
export function completeness(rows: RegionMonth[], lookback = completeLookback()): Completeness {
  if (!rows.length) return { months: [], last_complete: null, partial: [] };
  const reported = new Map<number, Set<string>>();
  for (const r of rows) {
    if (!r.usage) continue;
    const i = monthIndex(`${r.month}-01`);
    let set = reported.get(i);
    if (!set) reported.set(i, (set = new Set()));
    set.add(r.region_code);
  }
  const indices = rows.map((r) => monthIndex(`${r.month}-01`));
  const first = Math.min(...indices);
  const last = Math.max(...indices);
  const none = new Set<string>();
  const at = (i: number) => reported.get(i) ?? none;

  const months: MonthCoverage[] = [];
  const completeIdx: number[] = [];
  for (let i = first; i <= last; i++) {
    let expected: string[] = [];
    if (completeIdx.length >= lookback) {
      const recent = completeIdx.slice(-lookback);
      const calendar = Array.from({ length: lookback }, (_, k) => at(i - 1 - k));
      expected = [...at(recent[0]!)].filter((r) => recent.every((j) => at(j).has(r)) && calendar.some((s) => s.has(r)));
    }
    const got = expected.filter((r) => at(i).has(r)).length;
    const complete = got === expected.length;
    if (complete) completeIdx.push(i);
    months.push({
      month: monthText(i),
      reported: got,
      expected: expected.length,
      share: expected.length ? got / expected.length : 1,
      complete,
    });
  }
  const lastComplete = completeIdx.length ? monthText(completeIdx[completeIdx.length - 1]!) : null;
  return {
    months,
    last_complete: lastComplete,
    partial: months.filter((m) => lastComplete === null || m.month > lastComplete),
  };
}

/** The region × month rows of the database. */
export function readRegionMonths(con: DuckDBConnection): Promise<RegionMonth[]> {
  return queryRows<RegionMonth & Row>(con, sqlFile('coverage/region_months'));
}

/** The completeness of the database's months (the rule above). */
export async function readCompleteness(con: DuckDBConnection): Promise<Completeness> {
  return completeness(await readRegionMonths(con));
}

/** When the last file was committed, ISO 8601 UTC; null before any import. */
export async function readLastImport(con: DuckDBConnection): Promise<string | null> {
  return (
    (await queryOne<{ last_import: string | null } & Row>(con, sqlFile('coverage/last_import')))?.last_import ?? null
  );
}

/** The completeness part of GET /api/reference's `period`. */
export function periodCompleteness(c: Completeness): Pick<DataMonths, 'last_complete' | 'partial'> {
  return {
    last_complete: c.last_complete,
    partial: c.partial.map(({ month, reported, expected, share }) => ({ month, reported, expected, share })),
  };
}
