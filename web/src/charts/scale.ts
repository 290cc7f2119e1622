/**
 * Colour classes for choropleths and heatmaps. Public-data activity is very skewed (one province or cell can be 20× the
 * median), so a linear ramp paints nearly everything pale; quantile classes give each colour a similar share of areas.
 */
import { RAMP } from './echarts.ts';
import type { Formatter } from './types.ts';

export interface Piece {
  min: number;
  max: number;
  color: string;
  label: string;
}

/** Up to `classes` quantile classes over the finite values (fewer when values repeat), lightest for the lowest. */
export function quantilePieces(values: number[], format: Formatter, classes = RAMP.length): Piece[] {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return [];
  const breaks: number[] = [v[0]];
  for (let i = 1; i < classes; i++) {
    const q = v[Math.min(v.length - 1, Math.floor((i * v.length) / classes))];
    if (q > breaks[breaks.length - 1]) breaks.push(q);
  }
  const top = v[v.length - 1];
  const pieces: Piece[] = [];
  for (let i = 0; i < breaks.length; i++) {
    const min = breaks[i];
    const max = i + 1 < breaks.length ? breaks[i + 1] : top;
    // Spread the used colours over the whole ramp so two classes are still light and dark.
    const color = RAMP[breaks.length === 1 ? RAMP.length - 1 : Math.round((i * (RAMP.length - 1)) / (breaks.length - 1))];
    pieces.push({ min, max, color, label: min === max ? format(min) : `${format(min)} – ${format(max)}` });
  }
  return pieces;
}

/** The visualMap pieces for ECharts: half-open classes [min, next min), the last one closed. */
export function visualPieces(pieces: Piece[]): { gte: number; lt?: number; lte?: number; color: string; label: string }[] {
  return pieces.map((p, i) => (i + 1 < pieces.length ? { gte: p.min, lt: pieces[i + 1].min, color: p.color, label: p.label } : { gte: p.min, lte: p.max, color: p.color, label: p.label }));
}
