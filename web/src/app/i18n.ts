/**
 * Messages in zh-CN and English. A page defines its own bundle with defineMessages (English must have every key the
 * Chinese has, checked by the type system) and reads it with app.t(bundle, key, vars) or the bound `tr` helper.
 */
import type { Lang } from './format.ts';

export type { Lang };
export const DEFAULT_LANG: Lang = 'zh-CN';

export interface Bundle<K extends string = string> {
  'zh-CN': Record<K, string>;
  en: Record<K, string>;
}

export function defineMessages<K extends string>(zh: Record<K, string>, en: Record<K, string>): Bundle<K> {
  return { 'zh-CN': zh, en };
}

/** Look a key up and fill {name} placeholders. A missing key shows itself, which the e2e label check catches. */
export function translate<K extends string>(
  bundle: Bundle<K>,
  lang: Lang,
  key: K,
  vars?: Record<string, string | number>,
): string {
  const text = bundle[lang][key] ?? bundle[DEFAULT_LANG][key] ?? key;
  return vars ? fill(text, vars) : text;
}

/** Fill {name} placeholders; an unknown name stays as written. */
export function fill(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function parseLang(value: string | null): Lang {
  return value === 'en' ? 'en' : 'zh-CN';
}
