/** fetch without the same-origin proof that server tests add to every request (setup.ts). */
export const rawFetch: typeof fetch = (input, init) =>
  ((globalThis as { __atlasRawFetch?: typeof fetch }).__atlasRawFetch ?? globalThis.fetch)(input, init);
