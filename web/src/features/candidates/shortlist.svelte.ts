/**
 * What the robust shortlist section says (the `robustness` of GET /api/candidates): the choices of k and the share of
 * draws, and, when no cell is robust, where to turn: each alternative view as a link with the cells it makes robust.
 */
import type { Robustness } from '../../../../contract/indicators.ts';

/** The choices the page offers (docs/url-state.md `k`, `robust_share`); the API takes any k 1–100, share 0.5–1. */
export const K_CHOICES = ['3', '5', '10', '20'] as const;
export const SHARE_CHOICES = ['0.5', '0.6', '0.7', '0.8', '0.9'] as const;

export type Alternative = Robustness['alternatives'][number];

/** The page and URL parameters an alternative view opens with. */
export function alternativeLink(a: Alternative): { path: string; patch: Record<string, string> } {
  switch (a.kind) {
    case 'sector_level':
      return { path: '/rankings', patch: { level: 'sector', index: 'breakthrough-opportunity' } };
    case 'window':
      return { path: '/candidates', patch: { from: a.value! } };
    case 'sector':
      return { path: '/candidates', patch: { sectors: a.value! } };
  }
}

/** The span of P(top k) in a tie group, lowest first: "32%–58%" reads as "each is in the top k in 32 to 58 %". */
export function shareSpan(cells: { p_top_k: number }[]): [number, number] {
  const ps = cells.map((c) => c.p_top_k);
  return [Math.min(...ps), Math.max(...ps)];
}
