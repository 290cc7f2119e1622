/**
 * The demand × abundance quadrants of /api/quadrants and /api/candidates (server/indicators/quadrants.ts) in the order
 * of their palette colours, and the keys of their names in quadrantMessages; shared by Candidates and the heatmap.
 */
import type { Quadrant } from '../../../../contract/indicators.ts';

export type { Quadrant };
export const QUADRANTS = ['breakthrough', 'supply_gap', 'untapped', 'latent'] as const satisfies readonly Quadrant[];

/** Index of a quadrant in QUADRANTS (its palette colour); -1 when not classified. */
export function quadrantIndex(q: string | null): number {
  return QUADRANTS.indexOf(q as Quadrant);
}

/** Short and long names of a quadrant ('qs.…', 'q.…' keys of quadrantMessages); unclassified cells say so. */
export function quadrantKey(q: string | null | undefined, long = false): `q.${Quadrant | 'none'}` | `qs.${Quadrant}` {
  if (!q || quadrantIndex(q) < 0) return 'q.none';
  return long ? `q.${q as Quadrant}` : `qs.${q as Quadrant}`;
}
