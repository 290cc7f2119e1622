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

/**
 * Up to `classes` quantile classes over the finite values (fewer when values repeat), lightest for the lowest. Zeros
 * (a cell with resources but no usage, say) get a class of their own: counted in the quantiles they would swallow the
 * lower classes whenever many places have nothing.
 */
export function quantilePieces(values: number[], format: Formatter, classes = RAMP.length): Piece[] {
  const finite = values.filter((x) => Number.isFinite(x));
  const zeros = finite.some((x) => x === 0);
  const v = finite.filter((x) => x !== 0).sort((a, b) => a - b);
  const ramp = zeros ? RAMP.slice(1) : RAMP;
  const pieces: Piece[] = zeros ? [{ min: 0, max: 0, color: RAMP[0], label: format(0) }] : [];
  if (v.length === 0) return pieces;
  const k = Math.min(classes - pieces.length, ramp.length);
  const breaks: number[] = [v[0]];
  for (let i = 1; i < k; i++) {
    const q = v[Math.min(v.length - 1, Math.floor((i * v.length) / k))];
    if (q > breaks[breaks.length - 1]) breaks.push(q);
  }
  const top = v[v.length - 1];
  for (let i = 0; i < breaks.length; i++) {
    const min = breaks[i];
    const max = i + 1 < breaks.length ? breaks[i + 1] : top;
    // Spread the used colours over the whole ramp so two classes are still light and dark.
    const color =
      ramp[breaks.length === 1 ? ramp.length - 1 : Math.round((i * (ramp.length - 1)) / (breaks.length - 1))];
    pieces.push({ min, max, color, label: min === max ? format(min) : `${format(min)} – ${format(max)}` });
  }
  return pieces;
}

/** The visualMap pieces for ECharts: half-open classes [min, next min), the last one closed. */
export function visualPieces(
  pieces: Piece[],
): { gte: number; lt?: number; lte?: number; color: string; label: string }[] {
  return pieces.map((p, i) =>
    i + 1 < pieces.length
      ? { gte: p.min, lt: pieces[i + 1].min, color: p.color, label: p.label }
      : { gte: p.min, lte: p.max, color: p.color, label: p.label },
  );
}

/** The class a value falls in (the pieces' half-open intervals, as visualPieces draws them), or undefined. */
export function pieceOf(pieces: Piece[], v: number): Piece | undefined {
  return pieces.find((p, i) => v >= p.min && (i + 1 < pieces.length ? v < pieces[i + 1].min : v <= p.max));
}

export const DARK_TEXT = '#333333';

/** WCAG relative luminance of a '#rrggbb' colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** White or dark grey, whichever contrasts more with the fill: map names stay readable on every class colour. */
export function labelColorOn(fill: string): string {
  const l = luminance(fill);
  return 1.05 / (l + 0.05) > (l + 0.05) / (luminance(DARK_TEXT) + 0.05) ? '#ffffff' : DARK_TEXT;
}
