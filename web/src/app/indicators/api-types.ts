/**
 * Shapes of the indicator endpoints (docs/api.md, "Indicators") that the indicator pages read, and the bilingual-name
 * helper they share. Kept in one place so Rankings, Candidates, Compare and Models agree on what the server sends.
 */
import type { Lang } from '../format.ts';

export interface Bilingual {
  zh: string;
  en: string;
}

/** The name in the current language (the server sends both). */
export function local(name: Bilingual | null | undefined, lang: Lang): string {
  if (!name) return '';
  return lang === 'zh-CN' ? name.zh : name.en;
}

export type Level = 'region' | 'sector' | 'cell';
export const LEVELS: readonly Level[] = ['region', 'sector', 'cell'];

export type Normalization = 'spec' | 'minmax' | 'zscore' | 'rank';
export const NORMALIZATIONS: readonly Normalization[] = ['spec', 'minmax', 'zscore', 'rank'];

export interface NodeInfo {
  id: string;
  parent: string | null;
  kind: 'group' | 'leaf';
  title: Bilingual;
  weight: number;
  aggregate?: string;
  column?: string;
}

export interface Methodology {
  id: string;
  title: Bilingual;
  description: Bilingual;
  nodes: NodeInfo[];
}

export interface Period {
  from: string;
  to: string;
  months: number;
  /** Months of the window that any usage or registration record falls in; 0: nothing to compute (empty results). */
  months_with_data: number;
}

export interface RankingRow {
  entity: string;
  region_code: string | null;
  sector_code: string | null;
  name: Bilingual;
  score: number | null;
  rank: number | null;
  nodes: Record<string, number | null>;
  contributions: Record<string, number | null>;
  previous?: { score: number | null; rank: number | null } | null;
  rank_change?: number | null;
  score_change?: number | null;
  median_rank?: number | null;
  rank_p05?: number | null;
  rank_p95?: number | null;
  p_top_k?: number | null;
  robust?: boolean | null;
}

export interface Ranking {
  index: { id: string; title: Bilingual };
  level: Level;
  period: Period | null;
  /**
   * months_with_data: how many of its months the data reach; comparison: whether ranks and scores are compared with it
   * ('no_data': none of its months; 'partial_flows': only some, and the index has flows, listed in `flows`).
   */
  previous_period:
    | (Period & { months_with_data: number; comparison: 'compared' | 'no_data' | 'partial_flows'; flows: string[] })
    | null;
  normalization: string;
  nodes: NodeInfo[];
  uncertainty: {
    draws: number;
    variants: string[];
    concentration: number;
    top_k: number;
    robust_places: number;
  } | null;
  rows: RankingRow[];
}

export interface Contribution {
  indicator: string;
  value: number | null;
  reference_value: number | null;
  z: number | null;
  reference_z: number | null;
  share: number | null;
}

/**
 * Names that exist in one language only (resource, holder, operator and scenario names as recorded) are shown as
 * they are; marking them lang="zh-CN" keeps screen readers right and tells the language check they are data.
 */
export function recordedLang(text: string | null | undefined): 'zh-CN' | undefined {
  return text && /\p{Script=Han}/u.test(text) ? 'zh-CN' : undefined;
}
