import type { DuckDBConnection } from '@duckdb/node-api';
import { execute, queryOne, type SqlParams } from '../db/query.ts';
import { filterParams, type Filters } from '../filters.ts';
import { sqlFile } from '../db/sql-files.ts';
import { factSql, type FactTables } from '../facts/facts.ts';
import { monthIndex, monthsWithData, openFrom, previousPeriod } from '../period.ts';
import { readCompleteness } from '../coverage.ts';

export { LEVELS, type Level } from '../../contract/common.ts';
import type { Level } from '../../contract/common.ts';

/** A period window of whole months, as first days 'YYYY-MM-01'. */
export interface Window {
  from: string;
  to: string;
  months: number;
}

/** The current window, and how many of its months any usage or registration record falls in (0: none to rank). */
export interface CurrentWindow extends Window {
  months_with_data: number;
}

/** The window before the current one, and how many of its months have data (usage; registrations where there is none). */
export interface PreviousWindow extends Window {
  months_with_data: number;
}

/**
 * The current window from the filters (open ends: `to` = the last complete month (server/coverage.ts; the last month with
 * data when none is), `from` as on the dashboard: the last
 * 12 months, or since the first month with data: openFrom) and the previous window of the same length, ending the
 * month before, with how many of its months the data reach (a ranking has nothing to compare with when none). The
 * current window counts the months its records cover: one wholly before or after them has no indicator values at all.
 */
export async function resolveWindows(
  con: DuckDBConnection,
  f: Filters,
): Promise<{ current: CurrentWindow; previous: PreviousWindow }> {
  const m = await queryOne<{
    first_month: string | null;
    last_month: string | null;
    covered_first: string | null;
    covered_last: string | null;
  }>(con, sqlFile('indicators/data_months'));
  const lastComplete = f.to ? null : (await readCompleteness(con)).last_complete;
  const to =
    f.to ??
    (lastComplete ? `${lastComplete}-01` : null) ??
    m?.last_month ??
    `${new Date().toISOString().slice(0, 7)}-01`;
  const from = f.from ?? openFrom(to, m?.first_month ?? null);
  const covered =
    m?.covered_first && m.covered_last
      ? monthsWithData(from, to < m.covered_last ? to : m.covered_last, m.covered_first)
      : 0;
  const current = { from, to, months: monthIndex(to) - monthIndex(from) + 1, months_with_data: covered };
  const previous = previousPeriod(current);
  return {
    current,
    previous: { ...previous, months_with_data: monthsWithData(previous.from, previous.to, m?.first_month ?? null) },
  };
}

/** Below this many registered resources, supply shares (fresh, open, …) are NULL: too few to be reliable. */
export const MIN_SHARE_BASE = 10;

/** The relation name of the materialised inputs on a connection. */
export const INPUT_TABLE = 'ind_input';

/** inputs.sql over the given facts (inline without tables). */
export const inputsSql = (tables?: FactTables | null) => factSql('indicators/inputs', tables);

/** Materialised inputs: the resolved windows and the relations to read them from (all panels, current panel). */
export interface Inputs {
  windows: { current: CurrentWindow; previous: PreviousWindow };
  table: string;
  current: string;
  /** The facts they were computed from, for queries that read the same facts (factSql). */
  facts: FactTables | null;
  /** Whether every connection of the instance can read `table` (a cache table), or only the one that made it (a
   *  temporary table): statements over the inputs can run side by side on connections of their own only when shared. */
  shared: boolean;
}

/** Runs a statement (or a few, in order) on some connection and returns its result. */
export type Fork = <T>(fn: (con: DuckDBConnection) => Promise<T>) => Promise<T>;

/** A Fork that runs everything on `con`, one after another: a connection runs one statement at a time. */
export function serial(con: DuckDBConnection): Fork {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: (c: DuckDBConnection) => Promise<T>) => {
    const p = tail.then(() => fn(con));
    tail = p.catch(() => undefined);
    return p;
  };
}

/**
 * Where a computation runs its independent statements: side by side on connections of their own when `fork` is given
 * (the server's, one new connection per statement) and the inputs are visible to them, else in order on `con`.
 * Planning and the small pipelines of indicator statements keep one core busy, so two at once use a second core; the
 * larger statements already use both, so the gain is modest (docs/methodology.md §8).
 */
export function lanes(con: DuckDBConnection, fork: Fork | undefined, inputs?: Pick<Inputs, 'shared'>): Fork {
  return fork && (!inputs || inputs.shared) ? fork : serial(con);
}

export interface InputOptions {
  /** Also compute the previous window (period_key 'previous'). */
  previous?: boolean;
  minShareBase?: number;
  /** The materialised indicator facts to read (FactStore.tables); without them the query derives its facts itself. */
  facts?: FactTables | null;
  /** The windows, when the caller has resolved them already (resolveWindows for the same filters). */
  windows?: Inputs['windows'];
}

/** Where a computation gets its inputs: computed per request (materializeInputs) or from the shared InputStore. */
export type InputSource = (con: DuckDBConnection, level: Level, f: Filters, opts?: InputOptions) => Promise<Inputs>;

/** The bound parameters of inputs.sql for a level, windows and filters. */
export function inputParams(level: Level, f: Filters, windows: Inputs['windows'], opts: InputOptions = {}): SqlParams {
  return {
    ...filterParams(f),
    level,
    min_base: opts.minShareBase ?? MIN_SHARE_BASE,
    from: windows.current.from,
    to: windows.current.to,
    prev_from: opts.previous ? windows.previous.from : null,
    prev_to: opts.previous ? windows.previous.to : null,
  };
}

/**
 * The current panel of an input table. Empty when no record falls in the window (before the data start or after they
 * end): the table holds zeros there, and 33 regions tied first at zero would be a ranking of nothing.
 */
export const currentPanel = (table: string, current: CurrentWindow) =>
  `(SELECT * FROM ${table} WHERE period_key = 'current'${current.months_with_data > 0 ? '' : ' AND false'})`;

/**
 * Compute the indicator inputs into a temporary table on this connection (period_key 'current' and, with `previous`,
 * 'previous'), so the several statements of a request (scores, draws, evidence) share one pass over the record tables.
 */
export const materializeInputs: InputSource = async (con, level, f, opts = {}) => {
  const windows = opts.windows ?? (await resolveWindows(con, f));
  await execute(
    con,
    `CREATE OR REPLACE TEMP TABLE ${INPUT_TABLE} AS ${inputsSql(opts.facts)}`,
    inputParams(level, f, windows, opts),
  );
  return {
    windows,
    table: INPUT_TABLE,
    current: currentPanel(INPUT_TABLE, windows.current),
    facts: opts.facts ?? null,
    shared: false,
  };
};

/** The last day of a window's last month, 'YYYY-MM-DD' (stocks such as registered resources are taken then). */
export function windowEnd(to: string): string {
  const y = Number(to.slice(0, 4));
  const m = Number(to.slice(5, 7));
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
