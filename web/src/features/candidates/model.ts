/** Shapes of /api/candidates and /api/quadrants, and the reading of a candidate's reasons. */
import type { Bilingual, NodeInfo, Period } from '../../app/indicators/api-types.ts';
import type { Quadrant } from '../../app/indicators/quadrants.ts';
import { commonScore } from '../../app/indicators/ranking.ts';

export interface QuadrantCell {
  entity: string;
  region_code: string;
  sector_code: string;
  abundance: number | null;
  demand: number | null;
  z_abundance: number | null;
  z_demand: number | null;
  gap: number | null;
  gap_percentile: number | null;
  quadrant: Quadrant | null;
}

export interface Reason {
  node: string;
  title: Bilingual;
  kind: 'group' | 'leaf';
  indicator?: string;
  score: number | null;
  contribution: number | null;
  share: number | null;
}

export interface Candidate {
  entity: string;
  region_code: string;
  sector_code: string;
  name: Bilingual;
  score: number;
  rank: number;
  quadrant: Quadrant | null;
  gap: number | null;
  gap_percentile: number | null;
  abundance: number | null;
  demand: number | null;
  reasons: Reason[];
  evidence: {
    demand: Record<string, number | null>;
    supply: Record<string, number | null>;
    top_resources: {
      asset_uid: string;
      data_name: string | null;
      holder_id: string | null;
      holder_name: string | null;
      record_count: number | null;
      update_frequency: string | null;
      open_attribute: string | null;
      unlockable: boolean;
    }[];
    top_holders: {
      holder_id: string;
      holder_name: string | null;
      resources: number;
      unlockable_resources: number;
      record_count: number | null;
    }[];
    authorizations: {
      auth_id: string;
      auth_mode: string;
      scenario_name: string | null;
      status: string;
      term_start: string;
      term_end: string;
      operator_org_id: string;
      operator_name: string | null;
      products: number;
    }[];
    active_authorizations: number;
    operators: number;
  };
  unlockable_supply: { unlockable_resources: number | null; unlockable_share: number | null };
}

export interface Candidates {
  index: { id: string; title: Bilingual };
  period: Period | null;
  as_of: string | null;
  nodes: NodeInfo[];
  threshold: number;
  candidates: Candidate[];
}

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
