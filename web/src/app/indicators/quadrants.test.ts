import { describe, expect, it } from 'vitest';
import { quadrantIndex } from './quadrants.ts';

describe('quadrants', () => {
  it('quadrants keep their palette slot; unknown ones have none', () => {
    expect(quadrantIndex('breakthrough')).toBe(0);
    expect(quadrantIndex('latent')).toBe(3);
    expect(quadrantIndex(null)).toBe(-1);
  });
});
