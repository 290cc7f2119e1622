import { describe, expect, it } from 'vitest';
import { refreshOnReturn } from './refresh-on-return.ts';

describe('refresh on return', () => {
  it('reloads when the window gets focus again, at most once per interval, until stopped', () => {
    let now = 0;
    let reloads = 0;
    const stop = refreshOnReturn(
      () => reloads++,
      30_000,
      () => now,
    );
    window.dispatchEvent(new Event('focus'));
    expect(reloads).toBe(0); // just loaded
    now = 31_000;
    window.dispatchEvent(new Event('focus'));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(reloads).toBe(1);
    now = 62_000;
    stop();
    window.dispatchEvent(new Event('focus'));
    expect(reloads).toBe(1);
  });
});
