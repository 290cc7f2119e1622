import { describe, expect, it } from 'vitest';
import { RAMP } from './echarts.ts';
import { labelColorOn, pieceOf, quantilePieces, visualPieces } from './scale.ts';

const f = (v: number | null | undefined) => String(v);

describe('quantile colour classes', () => {
  it('splits a skewed distribution so each class holds a similar number of values', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1000];
    const pieces = quantilePieces(values, f, 4);
    expect(pieces.map((p) => p.min)).toEqual([1, 4, 7, 10]);
    expect(pieces.at(-1)).toMatchObject({ max: 1000, color: RAMP.at(-1) });
    expect(pieces[0].color).toBe(RAMP[0]);
    const vp = visualPieces(pieces);
    const classOf = (x: number) => vp.findIndex((p) => x >= p.gte && (p.lt === undefined ? x <= p.lte! : x < p.lt));
    expect(values.map(classOf)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
  });
  it('gives zeros a class of their own so many empty places do not swallow the low classes', () => {
    const values = [0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 100, 200];
    const pieces = quantilePieces(values, f, 4);
    expect(pieces.map((p) => [p.min, p.max])).toEqual([
      [0, 0],
      [1, 3],
      [3, 100],
      [100, 200],
    ]);
    expect(pieces[0].color).toBe(RAMP[0]);
    expect(pieces.at(-1)!.color).toBe(RAMP.at(-1));
  });
  it('copes with repeated and single values', () => {
    expect(quantilePieces([5, 5, 5], f)).toEqual([{ min: 5, max: 5, color: RAMP.at(-1), label: '5' }]);
    expect(quantilePieces([], f)).toEqual([]);
  });
});

describe('map labels', () => {
  it('are white on the dark ramp colours and dark grey on the light ones', () => {
    expect(RAMP.map(labelColorOn)).toEqual(['#333333', '#333333', '#333333', '#ffffff', '#ffffff', '#ffffff']);
    expect(labelColorOn('#e3e6ea')).toBe('#333333'); // no data
  });
  it("find the class of a value as the legend draws it: each class up to the next one's minimum", () => {
    const pieces = quantilePieces([0, 1, 2, 3, 10, 20, 30, 40, 50, 60], String);
    expect(pieceOf(pieces, 0)).toBe(pieces[0]);
    expect(pieceOf(pieces, pieces[2].min)).toBe(pieces[2]);
    expect(pieceOf(pieces, 60)).toBe(pieces[pieces.length - 1]);
    expect(pieceOf(pieces, 61)).toBeUndefined();
  });
});
