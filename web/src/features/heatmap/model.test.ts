import { describe, expect, it } from 'vitest';
import { buildGrid, quadrantLookup } from './model.ts';

const cells = [
  { sector_code: 'DEX01', region_code: '110000', value: 5, raw: 5 },
  { sector_code: 'DEX05', region_code: '110000', value: 1, raw: 1 },
  { sector_code: 'DEX05', region_code: '330000', value: 10, raw: 10 },
];

describe('buildGrid', () => {
  it('orders by totals and marks missing cells as null', () => {
    const g = buildGrid(cells, 'total', ['110000', '330000'], ['DEX01', 'DEX05']);
    expect(g.regions).toEqual(['330000', '110000']);
    expect(g.sectors).toEqual(['DEX05', 'DEX01']);
    expect(g.cells).toEqual([
      [0, 0, 10],
      [1, 0, 1],
      [0, 1, null],
      [1, 1, 5],
    ]);
  });
  it('keeps the reference order when asked', () => {
    const g = buildGrid(cells, 'name', ['110000', '330000'], ['DEX01', 'DEX05']);
    expect(g.regions).toEqual(['110000', '330000']);
    expect(g.sectors).toEqual(['DEX01', 'DEX05']);
  });
});

describe('quadrantLookup', () => {
  it('finds the quadrant of a cell and none for cells the engine did not classify', () => {
    const of = quadrantLookup([
      { region_code: '110000', sector_code: 'DEX05', quadrant: 'supply_gap' },
      { region_code: '330000', sector_code: 'DEX05', quadrant: null },
    ]);
    expect(of('DEX05', '110000')).toBe('supply_gap');
    expect(of('DEX05', '330000')).toBeNull();
    expect(of('DEX01', '110000')).toBeNull();
  });
});
