/** The active filters in words, as label–value pairs for the header of CSV files ("期间", "2024年1月 – 2024年6月"). */
import type { AppState } from './app-state.svelte.ts';
import { shownPeriod } from './months.ts';

const LABELS = {
  'zh-CN': {
    period: '期间',
    regions: '地区',
    sectors: '行业',
    user_types: '用户类型',
    purposes: '用途',
    all: '全部',
    region: '选中省份',
    list: '、',
  },
  en: {
    period: 'Period',
    regions: 'Regions',
    sectors: 'Sectors',
    user_types: 'User types',
    purposes: 'Purposes',
    all: 'all',
    region: 'Selected province',
    list: ', ',
  },
} as const;

export function filterPairs(app: AppState, opts: { selection?: boolean } = {}): [string, string][] {
  const L = LABELS[app.lang];
  const url = app.url;
  // the months the views show, open ends resolved (an open `from` is the last 12 months, not all of them)
  const { from, to } = shownPeriod(url.get('from'), url.get('to'), app.ref.data.period);
  const pairs: [string, string][] = [
    [L.period, from || to ? `${from ? app.month(from) : '…'} – ${to ? app.month(to) : '…'}` : L.all],
  ];
  const names = (list: string[], f: (c: string) => string) => (list.length ? list.map(f).join(L.list) : L.all);
  pairs.push([L.regions, names(url.list('regions'), app.region)]);
  pairs.push([L.sectors, names(url.list('sectors'), app.sector)]);
  pairs.push([L.user_types, names(url.list('user_types'), (c) => app.ref.label('user_type', c, app.lang))]);
  pairs.push([L.purposes, names(url.list('purposes'), (c) => app.ref.label('use_purpose', c, app.lang))]);
  const region = url.get('region');
  if (region && opts.selection !== false) pairs.push([L.region, app.region(region)]);
  return pairs;
}
