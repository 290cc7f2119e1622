import { describe, expect, it } from 'vitest';
import { wrapText } from './briefing-png.ts';

// one unit per character: widths are easy to reason about
const width = (s: string) => s.length;

describe('wrapText', () => {
  it('breaks English between words', () => {
    expect(wrapText(width, 'Period: Nov 2025 – Oct 2026; Regions: all', 20)).toEqual([
      'Period: Nov 2025 –',
      'Oct 2026; Regions:',
      'all',
    ]);
  });

  it('breaks Chinese between characters', () => {
    expect(wrapText(width, '期间：2025年11月 – 2026年10月', 11)).toEqual(['期间：2025年11月', '– 2026年10月']);
  });

  it('keeps a line that fits and drops empty text', () => {
    expect(wrapText(width, 'Unit: CNY', 40)).toEqual(['Unit: CNY']);
    expect(wrapText(width, '', 40)).toEqual([]);
  });
});
