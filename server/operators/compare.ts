/**
 * The comparison of operators on outcome indicators (issue 27), with the rankings' uncertainty vocabulary
 * (docs/methodology.md §4): a value's 5–95 % interval, the median rank and 5–95 % rank interval over seeded draws, and
 * `robust` when that interval stays within ROBUSTNESS_PLACES of the rank. The draws here are a bootstrap over months:
 * each comparable operator's 12 months of the window are resampled with replacement within each half of the window
 * (so growth between the halves keeps its meaning), independently per operator, and every indicator is a ratio of
 * the resampled sums. An operator is not comparable without usage in the window or with fewer than MIN_MONTHS months
 * of operation (a partial year of a flow against full years, the rankings' `partial_flows` rule).
 */
import {
  COMPARE_INDICATORS,
  type CompareIndicator,
  type ComparedOperator,
  type Estimate,
} from '../../contract/operators.ts';
import { ROBUSTNESS_PLACES, seededRandom } from '../uncertainty.ts';

export const WINDOW_MONTHS = 12;
export const MIN_MONTHS = WINDOW_MONTHS;
const HALF = WINDOW_MONTHS / 2;

/** A row of compare_months.sql. */
export type CompareMonthRow = {
  operator_org_id: string;
  operator_name: string | null;
  resources: number;
  first_month: string | null;
  month: string | null;
  calls: number;
  free_calls: number;
  amount_cny: number;
  customers: number;
};

/** An operator's window, month by month (slot 0 is the window's first month; months without usage are zeros). */
interface Window {
  calls: Float64Array;
  free: Float64Array;
  amount: Float64Array;
  customers: Float64Array;
}

type Values = Record<CompareIndicator, number | null>;

/** 'YYYY-MM' plus n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
const monthsBetween = (from: string, to: string) => {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return ty * 12 + tm - (fy * 12 + fm);
};

/** The indicators of one operator's window read through `slot` (the identity for the point values). */
function indicatorsOf(w: Window, slot: ArrayLike<number>, resources: number): Values {
  let calls = 0;
  let free = 0;
  let first = 0;
  let second = 0;
  let customerMonths = 0;
  for (let i = 0; i < WINDOW_MONTHS; i++) {
    const s = slot[i];
    calls += w.calls[s];
    free += w.free[s];
    customerMonths += w.customers[s];
    if (i < HALF) first += w.amount[s];
    else second += w.amount[s];
  }
  return {
    revenue_per_resource: resources > 0 ? (first + second) / resources : null,
    monthly_customers: customerMonths / WINDOW_MONTHS,
    growth: first > 0 ? second / first - 1 : null,
    free_call_share: calls > 0 ? free / calls : null,
  };
}

/** The element at fraction q of sorted values, as DuckDB's quantile_disc (the rankings' intervals). */
function quantileDisc(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.floor((sorted.length - 1) * q))];
}

/** 1 + how many values are higher (ties share the best place, as in the rankings); null values are not ranked. */
function ranksOf(values: (number | null)[]): (number | null)[] {
  const present = values.filter((v): v is number => v !== null).sort((a, b) => b - a);
  return values.map((v) => {
    if (v === null) return null;
    let lo = 0;
    let hi = present.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (present[mid] > v) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  });
}

const EMPTY: Estimate = {
  value: null,
  lo: null,
  hi: null,
  rank: null,
  rank_median: null,
  rank_lo: null,
  rank_hi: null,
  robust: null,
};

export interface Comparison {
  window: { from: string | null; to: string | null; months: number };
  comparable: number;
  operators: ComparedOperator[];
}

/** Compares every operator of `rows`: each comparable one ranked among all the comparable ones. */
export function compareOperators(
  rows: CompareMonthRow[],
  lastMonth: string | null,
  opts: { draws: number; seed: number },
): Comparison {
  const from = lastMonth ? addMonths(lastMonth, 1 - WINDOW_MONTHS) : null;
  const ops = new Map<
    string,
    { head: CompareMonthRow; w: Window; months: number; reason: ComparedOperator['reason'] }
  >();
  for (const r of rows) {
    let o = ops.get(r.operator_org_id);
    if (!o) {
      const w: Window = {
        calls: new Float64Array(WINDOW_MONTHS),
        free: new Float64Array(WINDOW_MONTHS),
        amount: new Float64Array(WINDOW_MONTHS),
        customers: new Float64Array(WINDOW_MONTHS),
      };
      const months = r.first_month && lastMonth ? monthsBetween(r.first_month, lastMonth) + 1 : 0;
      o = { head: r, w, months, reason: null };
      ops.set(r.operator_org_id, o);
    }
    if (r.month !== null && from !== null) {
      const i = monthsBetween(from, r.month);
      if (i >= 0 && i < WINDOW_MONTHS) {
        o.w.calls[i] = r.calls;
        o.w.free[i] = r.free_calls;
        o.w.amount[i] = r.amount_cny;
        o.w.customers[i] = r.customers;
      }
    }
  }
  for (const o of ops.values()) {
    const used = o.w.calls.some((x) => x > 0) || o.w.amount.some((x) => x !== 0);
    if (o.months === 0 || (o.months >= MIN_MONTHS && !used)) o.reason = 'no_usage';
    else if (o.months < MIN_MONTHS) o.reason = 'too_few_months';
  }

  const compared = [...ops.values()].filter((o) => o.reason === null);
  const identity = Array.from({ length: WINDOW_MONTHS }, (_, i) => i);
  const points = compared.map((o) => indicatorsOf(o.w, identity, o.head.resources));
  const pointRanks = Object.fromEntries(COMPARE_INDICATORS.map((k) => [k, ranksOf(points.map((p) => p[k]))])) as Record<
    CompareIndicator,
    (number | null)[]
  >;

  // Every draw's values and ranks in typed arrays, [indicator][operator × draws + draw], NaN where there is none:
  // sorting typed arrays needs no comparator, and no per-draw objects are made (258 operators × 1,000 draws at
  // scale 1 took seconds with arrays of objects).
  const n = compared.length;
  const D = opts.draws;
  const K = COMPARE_INDICATORS.length;
  const drawn = COMPARE_INDICATORS.map(() => new Float64Array(n * D));
  const ranked = COMPARE_INDICATORS.map(() => new Float64Array(n * D));
  const rand = seededRandom(opts.seed);
  const slot = new Int32Array(WINDOW_MONTHS);
  const sorted = new Float64Array(n);
  for (let d = 0; d < D; d++) {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < WINDOW_MONTHS; i++) slot[i] = (i < HALF ? 0 : HALF) + Math.floor(rand() * HALF);
      const v = indicatorsOf(compared[j].w, slot, compared[j].head.resources);
      for (let k = 0; k < K; k++) drawn[k][j * D + d] = v[COMPARE_INDICATORS[k]] ?? NaN;
    }
    for (let k = 0; k < K; k++) {
      let m = 0;
      for (let j = 0; j < n; j++) {
        const v = drawn[k][j * D + d];
        if (!Number.isNaN(v)) sorted[m++] = v;
      }
      const asc = sorted.subarray(0, m).sort();
      for (let j = 0; j < n; j++) {
        const v = drawn[k][j * D + d];
        // 1 + how many are higher: m − (the first index above v)
        let lo = 0;
        let hi = m;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (asc[mid] <= v) lo = mid + 1;
          else hi = mid;
        }
        ranked[k][j * D + d] = Number.isNaN(v) ? NaN : 1 + m - lo;
      }
    }
  }
  /** One operator's draws of indicator k, sorted, without the draws that had no value. */
  const draws = (from: Float64Array[], k: number, j: number): number[] =>
    Array.from(from[k].slice(j * D, j * D + D).sort()).filter((x) => !Number.isNaN(x));

  const estimates = compared.map((_, j) => {
    const out = {} as Record<CompareIndicator, Estimate>;
    COMPARE_INDICATORS.forEach((k, ki) => {
      const value = points[j][k];
      const rank = pointRanks[k][j];
      if (value === null || rank === null) {
        out[k] = { ...EMPTY, value };
        return;
      }
      const vs = draws(drawn, ki, j);
      const rs = draws(ranked, ki, j);
      const rankLo = rs.length ? quantileDisc(rs, 0.05) : null;
      const rankHi = rs.length ? quantileDisc(rs, 0.95) : null;
      out[k] = {
        value,
        lo: vs.length ? quantileDisc(vs, 0.05) : null,
        hi: vs.length ? quantileDisc(vs, 0.95) : null,
        rank,
        rank_median: rs.length ? quantileDisc(rs, 0.5) : null,
        rank_lo: rankLo,
        rank_hi: rankHi,
        robust:
          rankLo !== null && rankHi !== null
            ? Math.max(Math.abs(rankLo - rank), Math.abs(rankHi - rank)) <= ROBUSTNESS_PLACES
            : null,
      };
    });
    return out;
  });
  const estimateOf = new Map(compared.map((o, j) => [o.head.operator_org_id, estimates[j]]));

  const operators: ComparedOperator[] = [...ops.values()].map((o) => ({
    operator_org_id: o.head.operator_org_id,
    operator_name: o.head.operator_name,
    resources: o.head.resources,
    first_month: o.head.first_month,
    months_of_operation: o.months,
    comparable: o.reason === null,
    reason: o.reason,
    indicators:
      estimateOf.get(o.head.operator_org_id) ??
      (Object.fromEntries(COMPARE_INDICATORS.map((k) => [k, EMPTY])) as Record<CompareIndicator, Estimate>),
  }));
  return { window: { from, to: lastMonth, months: WINDOW_MONTHS }, comparable: compared.length, operators };
}
