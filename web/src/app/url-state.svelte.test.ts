import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { memoryUrlIO, UrlState } from './url-state.svelte.ts';

describe('UrlState reactivity', () => {
  it('re-runs what read a parameter only when that parameter changes', () => {
    const io = memoryUrlIO('/?lang=en&from=2024-01');
    const url = new UrlState(io);
    let langRuns = 0;
    let fromRuns = 0;
    const stop = $effect.root(() => {
      $effect(() => {
        void url.get('lang');
        langRuns++;
      });
      $effect(() => {
        void url.get('from');
        fromRuns++;
      });
    });
    flushSync();
    expect([langRuns, fromRuns]).toEqual([1, 1]);
    url.set({ from: '2024-02', regions: ['110000'] });
    flushSync();
    expect([langRuns, fromRuns]).toEqual([1, 2]);
    io.back();
    flushSync();
    expect([langRuns, fromRuns]).toEqual([1, 3]);
    expect(url.get('from')).toBe('2024-01');
    expect(url.list('regions')).toEqual([]);
    url.set({ lang: null });
    flushSync();
    expect([langRuns, fromRuns]).toEqual([2, 3]);
    stop();
  });
});
