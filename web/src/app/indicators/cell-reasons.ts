/**
 * A candidate's reasons in words: the leaves where it is most unusual (contract/indicators.ts `distinctive`), each with
 * its value, national rank and the multiple of its sector's median ("需求增长 +191%，全国第 3").
 */
import type { Candidate, LeafStanding } from '../../../../contract/indicators.ts';
import { formatCny, formatExact, formatNumber, formatPercent, type Lang } from '../format.ts';
import { translate } from '../i18n.ts';
import { local } from './names.ts';
import { reasonMessages } from './reason-messages.ts';

type MessageKey = keyof (typeof reasonMessages)['en'];

/** Indicators read as a share or a change, not a count. */
const PERCENT = new Set(['demand_growth', 'fresh_share', 'open_share', 'unlockable_share', 'cross_region_share']);

/** The value as its indicator is written: a signed percentage for growth, CNY for amounts, else a count. */
export function leafValue(s: Pick<LeafStanding, 'indicator' | 'value'>, lang: Lang): string {
  if (PERCENT.has(s.indicator)) return formatPercent(s.value, lang, { signed: s.indicator === 'demand_growth' });
  if (s.indicator.endsWith('_cny')) return formatCny(s.value, lang);
  return formatNumber(s.value, lang);
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** A multiple of the sector median: one decimal below 10, whole above. */
const times = (r: number, lang: Lang) => formatExact(r, lang, r >= 10 ? 0 : 1);

/** One leaf in words; `full` adds how it stands against its sector's median. */
export function standingText(s: LeafStanding, lang: Lang, full = false): string {
  const t = (key: MessageKey, vars: Record<string, string>) => translate(reasonMessages, lang, key, vars);
  const rank = s.rank === null ? '—' : lang === 'en' ? ordinal(s.rank) : String(s.rank);
  const head = t('reasonRank', { name: local(s.title, lang), value: leafValue(s, lang), rank });
  if (!full) return head;
  if (s.sector_ratio !== null) return `${head}${t('reasonRatio', { ratio: times(s.sector_ratio, lang) })}`;
  if (s.sector_median !== null)
    return `${head}${t('reasonMedian', { median: leafValue({ ...s, value: s.sector_median }, lang) })}`;
  return head;
}

/** The standings of a candidate's distinctive leaves, most unusual first. */
export function distinctiveStandings(c: Pick<Candidate, 'distinctive' | 'standing'>): LeafStanding[] {
  return c.distinctive.flatMap((node) => c.standing.filter((s) => s.node === node));
}

/**
 * The list's reasons column: the first `max` distinctive leaves, short (with all three, English rows ran to five lines
 * and the list showed four candidates at a time; the detail panel gives every one).
 */
export function reasonsLine(c: Pick<Candidate, 'distinctive' | 'standing'>, lang: Lang, max = 2): string {
  return distinctiveStandings(c)
    .slice(0, max)
    .map((s) => standingText(s, lang))
    .join(lang === 'en' ? '; ' : '；');
}
