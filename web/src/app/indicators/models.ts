/** How a model of /api/models (contract/indicators.ts) is keyed in the URL and drawn on the map. */
import type { Model, ModelAdopter, ModelTarget } from '../../../../contract/indicators.ts';

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
export function distanceParts(t: ModelTarget, indicators: string[]): (number | null)[] {
  const by = new Map(t.contributions.map((c) => [c.indicator, c.share]));
  return indicators.map((id) => {
    const share = by.get(id);
    return share === undefined || share === null ? null : share * t.distance;
  });
}

const STANDING_ORDER: Record<ModelAdopter['standing'], number> = {
  candidate: 0,
  running: 1,
  succeeded: 2,
  not_comparable: 3,
};

/**
 * The models one region could copy, best first: those it is a candidate for by rank (then similarity), then those it
 * runs without success yet, those it succeeded with, and those it cannot be compared on.
 */
export function modelsToCopy(models: Model[]): (Model & { adopter: ModelAdopter })[] {
  return models
    .filter((m): m is Model & { adopter: ModelAdopter } => m.adopter !== undefined)
    .sort(
      (a, b) =>
        STANDING_ORDER[a.adopter.standing] - STANDING_ORDER[b.adopter.standing] ||
        (a.adopter.rank ?? Infinity) - (b.adopter.rank ?? Infinity) ||
        (b.adopter.similarity ?? 0) - (a.adopter.similarity ?? 0),
    );
}
