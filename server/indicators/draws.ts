import {
  canBeNegative,
  nodesPreOrder,
  withNormalization,
  type NormalizeMethod,
  type Spec,
  type SpecNode,
} from './spec.ts';

// Weight draws for rank uncertainty, generated deterministically in JS (seeded) and bound to the SQL as one list.
// Around the chosen weights p (normalised among siblings) each group's child weights are drawn from
// Dirichlet(concentration · p): the mean is p and the standard deviation sqrt(p(1 − p)/(concentration + 1)), so the
// default concentration 20 moves a 25 % weight by about ±9.5 percentage points — the "±10 pp" sensitivity test of the
// OECD/JRC Handbook. Zero weights stay zero.

export const DEFAULT_CONCENTRATION = 20;

import { seededRandom } from '../uncertainty.ts';

function normal(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 via the boost Gamma(a) = Gamma(a + 1) · U^(1/a). */
export function gamma(shape: number, rand: () => number): number {
  if (shape <= 0) return 0;
  if (shape < 1) return gamma(shape + 1, rand) * Math.pow(rand(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rand);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** One Dirichlet draw around the given (relative) weights. */
export function dirichletAround(weights: number[], concentration: number, rand: () => number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const g = weights.map((w) => (w > 0 ? gamma((concentration * w) / total, rand) : 0));
  const s = g.reduce((a, b) => a + b, 0);
  return s > 0 ? g.map((x) => x / s) : weights.map((w) => w / total);
}

/**
 * N draws: a flat list of node weights (draw-major, nodes in pre-order; the root's weight is 1) and, per draw, the
 * index of the normalisation variant it uses (draws cycle through the variants).
 */
export function drawWeights(
  spec: Spec,
  n: number,
  variantCount: number,
  opts: { seed?: number; concentration?: number } = {},
) {
  const rand = seededRandom(opts.seed ?? 20250301);
  const concentration = opts.concentration ?? DEFAULT_CONCENTRATION;
  const nodes = nodesPreOrder(spec.tree);
  const index = new Map<SpecNode, number>(nodes.map((x, i) => [x, i]));
  const weights = new Array<number>(n * nodes.length);
  const variant = new Array<number>(n);
  for (let d = 0; d < n; d++) {
    const base = d * nodes.length;
    weights[base] = 1;
    for (const g of nodes) {
      if (g.kind !== 'group') continue;
      const w = dirichletAround(
        g.children.map((c) => c.weight),
        concentration,
        rand,
      );
      g.children.forEach((c, k) => (weights[base + index.get(c)!] = w[k]));
    }
    variant[d] = d % variantCount;
  }
  return { weights, variant };
}

/**
 * The normalisations a ranking is re-scored under: the spec as chosen first, then min-max on observed ranges, rank
 * and z-score — z-score only where the spec has no geometric group (z-scores can be negative). Duplicates removed.
 */
export function normalizationVariants(
  spec: Spec,
  alternatives: NormalizeMethod[] = ['minmax', 'rank', 'zscore'],
): { name: string; spec: Spec }[] {
  const out: { name: string; spec: Spec }[] = [{ name: 'as-specified', spec }];
  const hasGeometric = nodesPreOrder(spec.tree).some((n) => n.kind === 'group' && n.aggregate === 'geometric');
  for (const m of alternatives) {
    const variant = withNormalization(spec, m, false);
    if (
      hasGeometric &&
      nodesPreOrder(variant.tree).some(
        (n) => n.kind === 'group' && n.aggregate === 'geometric' && n.children.some((c) => canBeNegative(c) === 'yes'),
      )
    )
      continue;
    const key = JSON.stringify(variant.tree);
    if (out.some((o) => JSON.stringify(o.spec.tree) === key)) continue;
    out.push({ name: m, spec: variant });
  }
  return out;
}
