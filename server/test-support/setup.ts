/**
 * Server tests call the API as the web app does: every request carries the same-origin proof `X-Atlas-Request: 1`
 * (docs/security.md), which the web app's API client sends on every call. Tests of the proof itself use rawFetch
 * (raw-fetch.ts), the fetch as it was before this file ran.
 */
const g = globalThis as typeof globalThis & { __atlasRawFetch?: typeof fetch };
if (!g.__atlasRawFetch) {
  const original = globalThis.fetch;
  g.__atlasRawFetch = original;
  globalThis.fetch = (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('x-atlas-request')) headers.set('x-atlas-request', '1');
    return original(input, { ...init, headers });
  };
}
