/**
 * What every page reads: the URL state, the language, who is signed in, the reference names, and translation/format
 * helpers bound to the current language. The shell creates one and puts it in the Svelte context; pages call getApp().
 */
import { getContext, setContext } from 'svelte';
import { getJson } from './api.ts';
import { formatCny, formatDate, formatMonth, formatNumber, formatPercent, formatExact, type Lang } from './format.ts';
import { parseLang, translate, type Bundle } from './i18n.ts';
import { Reference, type ReferenceData } from './reference.ts';
import { Session } from './session.svelte.ts';
import type { UrlState } from './url-state.svelte.ts';

const KEY = Symbol('atlas-app');

export class AppState {
  ref = $state.raw(Reference.empty());
  refError = $state.raw<Error | undefined>(undefined);

  constructor(
    readonly url: UrlState,
    /** Who is signed in and what their roles allow (the shell loads it first). */
    readonly session: Session = new Session(),
  ) {}

  get lang(): Lang {
    return parseLang(this.url.get('lang'));
  }

  setLang(lang: Lang): void {
    // zh-CN is the default, so it is left out of the URL.
    this.url.set({ lang: lang === 'zh-CN' ? null : lang });
  }

  t<K extends string>(bundle: Bundle<K>, key: K, vars?: Record<string, string | number>): string {
    return translate(bundle, this.lang, key, vars);
  }

  /** A translator for one bundle: const tr = app.tr(messages); tr('key'). */
  tr<K extends string>(bundle: Bundle<K>): (key: K, vars?: Record<string, string | number>) => string {
    return (key, vars) => translate(bundle, this.lang, key, vars);
  }

  num = (v: number | null | undefined) => formatNumber(v, this.lang);
  exact = (v: number | null | undefined, decimals?: number) => formatExact(v, this.lang, decimals);
  cny = (v: number | null | undefined) => formatCny(v, this.lang);
  pct = (v: number | null | undefined, signed = false) => formatPercent(v, this.lang, { signed });
  month = (m: string | null | undefined) => formatMonth(m, this.lang);
  date = (d: string | null | undefined) => formatDate(d, this.lang);
  region = (code: string) => this.ref.region(code, this.lang);
  regionShort = (code: string) => this.ref.regionShort(code, this.lang);
  sector = (code: string | null) => this.ref.sector(code, this.lang);
  sectorShort = (code: string | null) => this.ref.sectorShort(code, this.lang);

  async loadReference(): Promise<void> {
    try {
      this.ref = new Reference(await getJson<ReferenceData>('/api/reference'));
      this.refError = undefined;
    } catch (err) {
      this.refError = err as Error;
    }
  }
}

export function setApp(app: AppState): AppState {
  return setContext(KEY, app);
}

/** The app when inside the shell, undefined in isolated component tests. */
export function maybeApp(): AppState | undefined {
  return getContext<AppState | undefined>(KEY);
}

export function getApp(): AppState {
  const app = getContext<AppState | undefined>(KEY);
  if (!app) throw new Error('getApp() called outside the atlas shell (no AppState in context)');
  return app;
}
