/**
 * An operator's detail and the comparison on the operators page: the operators chosen for comparison read from the URL
 * (`compare`, docs/url-state.md), the bars of the agreements' timeline, and the lines of the comparison's chart.
 */
import type {
  CompareIndicator,
  ComparedOperator,
  CustomerType,
  DetailAgreement,
  Estimate,
} from '../../../../contract/operators.ts';

/** At most this many operators side by side: beyond it the intervals' chart gets unreadable. */
export const MAX_COMPARED = 8;
const ORG_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The operators to compare (`compare=ID,ID`), without repeats or what cannot be an org id. */
export function compareIdsOf(text: string | null): string[] {
  const ids = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => ORG_ID.test(s));
  return [...new Set(ids)].slice(0, MAX_COMPARED);
}

/** The `compare` value with `id` added or removed; null when none is left. */
export function toggleCompared(ids: string[], id: string): string | null {
  const next = ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id].slice(-MAX_COMPARED);
  return next.length ? next.join(',') : null;
}

export type TermKind = 'ended' | 'over5' | 'ending' | 'running';
export const TERM_KINDS: readonly TermKind[] = ['running', 'ending', 'over5', 'ended'];

/** What colour an agreement's bar takes: a breach of the 5-year rule first, then ending soon, then over. */
export function termKind(a: DetailAgreement): TermKind {
  if (a.over_5_years) return 'over5';
  if (a.ending_within_6_months) return 'ending';
  if (a.status !== 'ACTIVE' && a.status !== 'SUSPENDED') return 'ended';
  return 'running';
}

/** The first day of the month `n` months after 'YYYY-MM'. */
export function monthStart(month: string, n = 0): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * The timeline's two markers: the end of the data's last month, and the limit of the TERM_ENDING rule (an active term
 * ending before it is due for renewal: the end of the 6th month after).
 */
export function timelineMarkers(lastMonth: string | null): { asOf: string; limit: string } | null {
  return lastMonth ? { asOf: monthStart(lastMonth, 1), limit: monthStart(lastMonth, 7) } : null;
}

/** The named customers of every type, as one table's rows (largest type first, then by amount). */
export function topCustomers(types: CustomerType[]) {
  return types.flatMap((t) => t.top.map((c, i) => ({ ...c, user_type: t.user_type, place: i + 1 })));
}

/** An estimate's interval as "lo – hi", or null when it has none. */
export function intervalOf(e: Estimate, format: (v: number) => string): string | null {
  return e.lo === null || e.hi === null ? null : `${format(e.lo)} – ${format(e.hi)}`;
}

/** A rank with its interval: "2 (1–4)", or the rank alone when the interval is the rank itself. */
export function rankText(e: Estimate): string | null {
  if (e.rank === null) return null;
  if (e.rank_lo === null || e.rank_hi === null || (e.rank_lo === e.rank && e.rank_hi === e.rank)) return `${e.rank}`;
  return `${e.rank} (${e.rank_lo}–${e.rank_hi})`;
}

/** The comparable operators with a value of `indicator`, highest first: the rows of the intervals' chart. */
export function intervalRows(ops: ComparedOperator[], indicator: CompareIndicator): ComparedOperator[] {
  return ops
    .filter((o) => o.comparable && o.indicators[indicator].value !== null)
    .sort((a, b) => b.indicators[indicator].value! - a.indicators[indicator].value!);
}

/**
 * The comparison's indicators in the order of the contract's COMPARE_INDICATORS (the web app takes only types from the
 * contract): the type check fails when the two lists differ.
 */
export const COMPARE_INDICATORS = [
  'revenue_per_resource',
  'monthly_customers',
  'growth',
  'free_call_share',
] as const satisfies readonly CompareIndicator[];
type Missing = Exclude<CompareIndicator, (typeof COMPARE_INDICATORS)[number]>;
export const compareIndicatorsComplete: [Missing] extends [never] ? true : never = true;
