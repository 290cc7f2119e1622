/** The reading of a candidate's reasons (the shapes of /api/candidates and /api/quadrants: contract/indicators.ts). */
import type { Candidate, QuadrantCell, Reason } from '../../../../contract/indicators.ts';
import { commonScore } from '../../app/indicators/ranking.ts';

/**
 * The reasons worth reading: leaf indicators (the groups only restate their children), largest share first, without
 * those that add nothing.
 */
export function leafReasons(c: Candidate): Reason[] {
  return c.reasons
    .filter((r) => r.kind === 'leaf' && (r.share ?? 0) > 0)
    .sort((a, b) => (b.share ?? 0) - (a.share ?? 0));
}

/**
 * The sides (market demand, data abundance) on which every cell scores the same, e.g. demand in a sector without
 * usage: such a side cannot tell the candidates apart, so the list ranks them by the rest of the score, and its parts
 * weigh the same in every cell's score (the page says so rather than let "Calls 8 %" read as a reason).
 */
export function flatSides(cells: Pick<QuadrantCell, 'demand' | 'abundance'>[]): ('demand' | 'abundance')[] {
  return (['demand', 'abundance'] as const).filter(
    (side) => commonScore(cells.map((c) => ({ score: c[side] }))) !== null,
  );
}
