/**
 * What the indicator pages share beside the API's types (contract/indicators.ts): names in the page's language, the
 * language of recorded names, and the levels and normalisations a ranking may be asked for.
 */
import type { Level, Normalization, Title } from '../../../../contract/indicators.ts';
import type { Lang } from '../format.ts';

/** The name in the current language (the server sends both; an uploaded methodology may carry only one). */
export function local(name: Title | null | undefined, lang: Lang): string {
  if (!name) return '';
  return (lang === 'zh-CN' ? (name.zh ?? name.en) : (name.en ?? name.zh)) ?? '';
}

/**
 * Names that exist in one language only (resource, holder, operator and scenario names as recorded) are shown as
 * they are; marking them lang="zh-CN" keeps screen readers right and tells the language check they are data.
 */
export function recordedLang(text: string | null | undefined): 'zh-CN' | undefined {
  return text && /\p{Script=Han}/u.test(text) ? 'zh-CN' : undefined;
}

/** The choices of the level and normalisation selectors, in the contract's order. */
export const LEVELS = ['region', 'sector', 'cell'] as const satisfies readonly Level[];
export const NORMALIZATIONS = ['spec', 'minmax', 'zscore', 'rank'] as const satisfies readonly Normalization[];
