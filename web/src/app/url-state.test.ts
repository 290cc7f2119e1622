import { describe, expect, it } from 'vitest';
import { memoryUrlIO, UrlState } from './url-state.svelte.ts';

describe('UrlState', () => {
  it('reads path, single values and lists from the URL', () => {
    const url = new UrlState(memoryUrlIO('/map?regions=110000,310000&measure=users&lang=en'));
    expect(url.path).toBe('/map');
    expect(url.get('measure')).toBe('users');
    expect(url.list('regions')).toEqual(['110000', '310000']);
    expect(url.get('missing')).toBeNull();
    expect(url.list('sectors')).toEqual([]);
  });

  it('writes a canonical URL: shared parameters first, lists with readable commas, empty values removed', () => {
    const io = memoryUrlIO('/');
    const url = new UrlState(io);
    url.set({ sort: 'desc', sectors: ['DEX01', 'DEX02'], from: '2024-01', lang: 'en' });
    expect(io.entries.at(-1)).toBe('/?from=2024-01&sectors=DEX01,DEX02&lang=en&sort=desc');
    url.set({ sectors: [], sort: null });
    expect(io.entries.at(-1)).toBe('/?from=2024-01&lang=en');
  });

  it('makes each change a history entry, so back and forward restore earlier views', () => {
    const io = memoryUrlIO('/');
    const url = new UrlState(io);
    url.set({ regions: ['110000'] });
    url.navigate('/map', { measure: 'users' });
    expect(url.path).toBe('/map');
    io.back();
    expect(url.path).toBe('/');
    expect(url.list('regions')).toEqual(['110000']);
    expect(url.get('measure')).toBeNull();
    io.back();
    expect(url.list('regions')).toEqual([]);
    io.forward();
    io.forward();
    expect(url.path).toBe('/map');
    expect(url.get('measure')).toBe('users');
  });

  it('replaces the entry instead of adding one when asked (sliders, typing)', () => {
    const io = memoryUrlIO('/');
    const url = new UrlState(io);
    url.set({ from: '2024-01' }, { replace: true });
    url.set({ from: '2024-02' }, { replace: true });
    expect(io.entries).toEqual(['/?from=2024-02']);
  });

  it('does not add an entry when nothing changes', () => {
    const io = memoryUrlIO('/?from=2024-01');
    const url = new UrlState(io);
    url.set({ from: '2024-01' });
    url.navigate('/?from=2024-01'.split('?')[0]);
    expect(io.entries).toEqual(['/?from=2024-01']);
  });

  it('keeps shared parameters and drops page parameters on navigation', () => {
    const url = new UrlState(memoryUrlIO('/?top=users&regions=110000&lang=en&region=440000'));
    expect(url.href('/heatmap')).toBe('/heatmap?regions=110000&lang=en&region=440000');
    url.navigate('/map');
    expect(url.get('top')).toBeNull();
    expect(url.get('lang')).toBe('en');
  });

  it('builds the API filter query, narrowing to the selected province unless the view shows all provinces', () => {
    const url = new UrlState(memoryUrlIO('/?from=2024-01&regions=110000,310000&region=440000&lang=en&measure=calls'));
    expect(url.filterQuery()).toBe('from=2024-01&regions=440000');
    expect(url.filterQuery({ format: 'json' }, { selection: false })).toBe(
      'from=2024-01&regions=110000,310000&format=json',
    );
  });

  it('a copied URL restores the same state in a fresh instance', () => {
    const io = memoryUrlIO('/');
    const a = new UrlState(io);
    a.navigate('/map', { measure: 'paid_amount', basis: 'per_capita', region: '330000', sectors: ['DEX05'] });
    const b = new UrlState(memoryUrlIO(io.entries.at(-1)));
    expect(b.path).toBe('/map');
    expect(b.params).toEqual(a.params);
  });
});
