/**
 * What every page that shows a composite index needs (Rankings, the map): the index a link asks for, and whether the
 * scores rank anything at all.
 */
import type { Methodology, RankingRow } from '../../../../contract/indicators.ts';

/**
 * The one score every scored row shares, when there are two or more and they all tie: the index's indicators do not
 * vary under the filters (no usage in the chosen sectors, say), so the ranking would be everyone first, which ranks
 * nothing. Null when the scores differ, or when a single entity is scored (a ranking of one is still its rank).
 */
export function commonScore(rows: Pick<RankingRow, 'score'>[]): number | null {
  const scores = rows.flatMap((r) => (r.score === null ? [] : [r.score]));
  if (scores.length < 2) return null;
  return scores.every((s) => Math.abs(s - scores[0]) < 1e-12) ? scores[0] : null;
}

/**
 * The index a page shows for the URL's `index`: the requested one once the list of methodologies confirms it, the
 * fallback (the page's default) with the unknown id when the list does not have it (a stale or mistyped link, said on
 * the page instead of a 404), and `undefined` while the list is loading, so no request goes out for an id that may not
 * exist.
 */
export function resolveIndex<F extends string | null>(
  requested: string | null,
  list: Pick<Methodology, 'id'>[] | undefined,
  fallback: F,
): { index: string | F | undefined; unknown: string | null } {
  if (!requested) return { index: fallback, unknown: null };
  if (!list) return { index: undefined, unknown: null };
  return list.some((m) => m.id === requested)
    ? { index: requested, unknown: null }
    : { index: fallback, unknown: requested };
}
