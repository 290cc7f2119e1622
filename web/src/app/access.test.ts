import { describe, expect, it } from 'vitest';
import { allows, langOf, safeReturn, signInHref, withLang } from './access.ts';

describe('what a role may use', () => {
  it('follows the server: any account the signed-in pages, each role its own, an administrator everything', () => {
    const viewer = { roles: ['viewer' as const] };
    const analyst = { roles: ['viewer' as const, 'analyst' as const] };
    const admin = { roles: ['admin' as const] };
    expect(allows('signed-in', viewer)).toBe(true);
    expect(allows('analyst', viewer)).toBe(false);
    expect(allows('analyst', analyst)).toBe(true);
    expect(allows('steward', analyst)).toBe(false);
    for (const access of ['signed-in', 'viewer', 'analyst', 'steward', 'admin'] as const)
      expect(allows(access, admin), access).toBe(true);
    expect(allows('admin', analyst)).toBe(false);
  });

  it('lets nobody signed out use anything but public pages', () => {
    expect(allows('signed-in', null)).toBe(false);
    expect(allows('public', null)).toBe(true);
    expect(allows(undefined, null)).toBe(true);
  });
});

describe('the page to come back to after signing in', () => {
  it('keeps a path of this site with its query', () => {
    expect(safeReturn('/rankings?level=cell&lang=en')).toBe('/rankings?level=cell&lang=en');
    expect(safeReturn('/')).toBe('/');
  });

  it('refuses other sites, the API, the sign-in page itself and odd characters', () => {
    for (const bad of [
      null,
      '',
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'rankings',
      '/api/audit?format=csv',
      '/api',
      '/signin?return=/x',
      '/x\ny',
      'javascript:alert(1)',
    ])
      expect(safeReturn(bad), String(bad)).toBe('/');
  });

  it('writes the sign-in address with the page asked for and the language', () => {
    expect(signInHref('/', 'zh-CN')).toBe('/signin');
    expect(signInHref('/map?measure=users', 'en')).toBe('/signin?lang=en&return=%2Fmap%3Fmeasure%3Dusers');
    expect(signInHref('https://evil.example/', 'zh-CN')).toBe('/signin');
    const back = new URL(signInHref('/sql?q=SELECT%201', 'zh-CN'), 'http://x').searchParams.get('return');
    expect(back).toBe('/sql?q=SELECT%201');
  });

  it('sets or drops the language of the page it comes back to', () => {
    expect(withLang('/map?measure=users&lang=en', 'zh-CN')).toBe('/map?measure=users');
    expect(withLang('/map?regions=110000,310000', 'en')).toBe('/map?regions=110000,310000&lang=en');
    expect(langOf('/map?lang=en')).toBe('en');
    expect(langOf('/map')).toBeNull();
    expect(langOf(null)).toBeNull();
  });
});
