/**
 * What the region brief reads out of the endpoints it composes (overview, rankings, indicator values, candidates,
 * models, trend): one province's ranks with their intervals, its strengths and weaknesses among the provinces (the
 * thirds Compare marks), its candidate cells, the models it could copy, and which months it has reported; for the
 * country, the leading provinces and the models that spread furthest.
 */
import type { TrendRow, PartialMonth } from '../../../../contract/dashboard.ts';
import type { Candidate, Model, Ranking } from '../../../../contract/indicators.ts';
import {
  COMPARE_INDICATORS,
  percentile,
  ranksOf,
  standing,
  weakestFirst,
  type ValueKind,
  type ValueRow,
} from '../../app/indicators/compare.ts';
import type { Lang } from '../../app/i18n.ts';
import { addMonths } from '../../app/months.ts';

/** A six-digit province code the brief can be about (the national pseudo-region and XPCC are not provinces). */
export function briefRegion(param: string | null, provinces: Set<string>): string | null {
  return param && provinces.has(param) ? param : null;
}

/** A province's code as the URL may give it before the reference says which codes are provinces ('510000'). */
export function provinceLike(param: string | null): string | null {
  return param && /^[1-9]\d0000$/.test(param) ? param : null;
}

/** One index's rank of a province, with its 5–95 % interval over the draws, among the ranked provinces. */
export interface IndexRank {
  index: string;
  title: Ranking['index']['title'];
  rank: number | null;
  low: number | null;
  high: number | null;
  of: number;
  robust: boolean | null;
}

export function indexRank(r: Ranking, code: string, provinces: Set<string>): IndexRank {
  const ranked = r.rows.filter((x) => x.region_code !== null && provinces.has(x.region_code) && x.rank !== null);
  const row = ranked.find((x) => x.region_code === code);
  return {
    index: r.index.id,
    title: r.index.title,
    rank: row?.rank ?? null,
    low: row?.rank_p05 ?? null,
    high: row?.rank_p95 ?? null,
    of: ranked.length,
    robust: row?.robust ?? null,
  };
}

/** The first `n` provinces of an index, best first (the national brief's "top regions"). */
export function topRegions(r: Ranking, provinces: Set<string>, n = 5): Ranking['rows'] {
  return r.rows
    .filter((x) => x.region_code !== null && provinces.has(x.region_code) && x.rank !== null)
    .sort((a, b) => a.rank! - b.rank!)
    .slice(0, n);
}

export interface Standing {
  id: string;
  kind: ValueKind;
  rank: number;
  of: number;
  /** 100 = best of the provinces, 0 = worst. */
  percentile: number;
}

/**
 * The indicators where a province is in the top third of the provinces (strengths, best first) and in the bottom third
 * (weaknesses, weakest first): Compare's marks, read for one region.
 */
export function strengthsAndWeaknesses(
  rows: ValueRow[],
  catalog: { id: string; higherIsBetter?: boolean }[],
  provinces: Set<string>,
  code: string,
): { strengths: Standing[]; weaknesses: Standing[] } {
  const known = new Map(catalog.map((c) => [c.id, c.higherIsBetter ?? true]));
  const shown = COMPARE_INDICATORS.filter((i) => known.has(i.id));
  const ranks = new Map(shown.map((i) => [i.id, ranksOf(rows, i.id, provinces, known.get(i.id))]));
  const read = (i: (typeof shown)[number]): Standing[] => {
    const r = ranks.get(i.id)!;
    const rank = r.rank.get(code);
    return rank === undefined ? [] : [{ id: i.id, kind: i.kind, rank, of: r.of, percentile: percentile(rank, r.of)! }];
  };
  const third = (which: 'top' | 'bottom') => (i: (typeof shown)[number]) =>
    standing(ranks.get(i.id)!.rank.get(code), ranks.get(i.id)!.of) === which;
  return {
    strengths: shown
      .filter(third('top'))
      .flatMap(read)
      .sort((a, b) => b.percentile - a.percentile),
    weaknesses: weakestFirst(shown.filter(third('bottom')), ranks, code).flatMap(read),
  };
}

/** A province's candidate cells, best first (their national rank: the API scores every cell against all of them). */
export function regionCandidates(list: Candidate[], code: string, n = 5): Candidate[] {
  return list
    .filter((c) => c.region_code === code)
    .sort((a, b) => a.rank - b.rank)
    .slice(0, n);
}

/** The models that spread furthest: most provinces where they succeed, then most calls. */
export function modelsThatSpread(models: Model[], n = 5): Model[] {
  return [...models]
    .sort(
      (a, b) =>
        b.succeeding_provinces - a.succeeding_provinces ||
        (b.trailing_calls ?? 0) - (a.trailing_calls ?? 0) ||
        a.scenario_name.localeCompare(b.scenario_name),
    )
    .slice(0, n);
}

/** Every month from `first` to `last` ('YYYY-MM'), both included; empty when either is missing. */
export function monthsBetween(first: string | null | undefined, last: string | null | undefined): string[] {
  if (!first || !last || first > last) return [];
  const out: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) out.push(m);
  return out;
}

export interface MonthCoverage {
  month: string;
  /** The region (or the country) has usage records in the month. */
  usage: boolean;
  registrations: boolean;
  /** Set when the month is after the last complete one: how many regions had reported it. */
  partial?: PartialMonth;
}

/** Which months of the data's span have usage and registrations (the trend's rows), partial months marked. */
export function coverage(
  months: string[],
  rows: Pick<TrendRow, 'month' | 'calls' | 'registrations'>[],
  partial: PartialMonth[],
): MonthCoverage[] {
  const at = new Map(rows.map((r) => [String(r.month), r]));
  const part = new Map(partial.map((p) => [p.month, p]));
  return months.map((month) => {
    const r = at.get(month);
    return {
      month,
      usage: (r?.calls ?? 0) > 0,
      registrations: (r?.registrations ?? 0) > 0,
      ...(part.has(month) ? { partial: part.get(month) } : {}),
    };
  });
}

/** The months without usage records, for "no usage reported in …". */
export function missingMonths(c: MonthCoverage[]): string[] {
  return c.filter((m) => !m.usage).map((m) => m.month);
}

/**
 * The radar of a province and its peers: each radar indicator of Compare as a percentile among the provinces (100 =
 * best), one series per region in the order given.
 */
export function peerProfile(
  rows: ValueRow[],
  catalog: { id: string; higherIsBetter?: boolean }[],
  provinces: Set<string>,
  codes: string[],
): { ids: string[]; values: Map<string, (number | null)[]> } {
  const known = new Map(catalog.map((c) => [c.id, c.higherIsBetter ?? true]));
  const ids = COMPARE_INDICATORS.filter((i) => i.radar && known.has(i.id)).map((i) => i.id);
  const ranks = ids.map((id) => ranksOf(rows, id, provinces, known.get(id)));
  return { ids, values: new Map(codes.map((c) => [c, ranks.map((r) => percentile(r.rank.get(c), r.of))])) };
}

/** Charts are drawn at a fixed size that fits an A4 page (186 mm of text width) and the screen alike. */
export const CHART_WIDTH = 640;

/** Items in running text: 、 between Chinese ones, a comma between English ones. */
export function joinList(items: string[], lang: Lang): string {
  return items.join(lang === 'zh-CN' ? '、' : ', ');
}
