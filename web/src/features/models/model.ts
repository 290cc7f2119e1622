/** Shapes of /api/models and how a model is keyed in the URL and drawn on the map. */
import type { Bilingual, Contribution, Period } from '../../app/indicators/api-types.ts';

export interface ModelProvince {
  region_code: string;
  name: Bilingual;
  succeeded: boolean;
  months_with_usage: number;
  trend: number | null;
  trailing_calls: number | null;
  paying_users: number;
  users: number;
  paid_amount_cny: number | null;
}

export interface Target {
  region_code: string;
  name: Bilingual;
  similarity: number;
  distance: number;
  contributions: Contribution[];
}

export interface Model {
  scenario_name: string;
  sector_code: string | null;
  auth_mode: string;
  product_form: string;
  charge_basis: string;
  sector_name?: Bilingual;
  succeeding_provinces: number;
  success_regions: string[];
  all_regions: string[];
  provinces: ModelProvince[];
  trailing_calls: number | null;
  paying_users: number | null;
  replicated_authorizations: number | null;
  targets: Target[];
}

export interface Models {
  period: Period | null;
  criteria: { min_months: number; min_provinces: number; min_paying_users: number };
  similarity: { index: string; nodes: { node: string; indicator: string; title: Bilingual }[] };
  models: Model[];
}

/** A model is one scenario run one way (sector, authorization mode, product form, charge basis): its URL key. */
export function modelKey(m: Model): string {
  return [m.scenario_name, m.sector_code ?? '', m.auth_mode, m.product_form, m.charge_basis].join('|');
}

export type ModelStatus = 'works' | 'target' | 'tried';

/** Where the model works, where it runs without succeeding yet, and the provinces it could go to next. */
export function provinceStatus(m: Model): Record<string, ModelStatus> {
  const out: Record<string, ModelStatus> = {};
  for (const p of m.provinces) out[p.region_code] = p.succeeded ? 'works' : 'tried';
  for (const t of m.targets) out[t.region_code] ??= 'target';
  return out;
}

/**
 * How far a target is from the succeeding provinces in each indicator: its share of the squared distance times the
 * distance, so bars of different targets compare (a shorter bar is a closer match).
 */
export function distanceParts(t: Target, indicators: string[]): (number | null)[] {
  const by = new Map(t.contributions.map((c) => [c.indicator, c.share]));
  return indicators.map((id) => {
    const share = by.get(id);
    return share === undefined || share === null ? null : share * t.distance;
  });
}
