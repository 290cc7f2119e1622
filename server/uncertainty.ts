/**
 * What every ranking with uncertainty shares (the indicators' rankings and the operators' comparison): the seeded
 * random numbers of its draws, so that a seed gives the same intervals everywhere, and the rule that calls a rank robust.
 */

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A rank that moves more than this many places within its 5–95 % interval is flagged as not robust (OECD practice). */
export const ROBUSTNESS_PLACES = 3;
