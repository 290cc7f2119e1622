/**
 * The scale suite's results as people read them: one table with a column per scale and a chart of each cost against
 * the number of usage rows (ECharts rendered to SVG on the server, the same library the dashboard draws with), both
 * written into docs/ by `npm run bench -- --only scale`.
 */
import fs from 'node:fs';
import * as echarts from 'echarts';

export interface ScaleResult {
  scale: number;
  generate: { seconds?: number; peak_rss_mb?: number; note?: string };
  split: { usage_rows: number; rest_rows: number; last_rows: number; parquet_mb: number };
  registry: { rejected: number };
  bare: { seconds: number; peak_rss_mb: number; db_mb: number };
  ingest: Ingest;
  month_big: Ingest & { db_mb: number; cache_mb: number };
  month_empty: Ingest;
  server: {
    start: { health_s: number; first_overview_s: number; first_overview_status: number; facts_log: string[] };
    /** A second start on the same data (absent in older results). */
    restart?: { health_s: number; first_overview_s: number; first_overview_status: number };
    /** The start-up work (absent in results taken before the server queued it). */
    warm?: { done: boolean; seconds: number; jobs: { job: string; ms: number }[] };
    endpoints: Record<string, { new_p95_ms: number; cached_p95_ms: number | null; failures: number[] }>;
    weight: { alone: { p95_ms: number }; draws_1000: { p95_ms: number } };
    peak_rss_mb: number;
  };
}
interface Ingest {
  rows: number;
  rejected: number;
  ingest_s: number;
  facts_s: number;
  total_s: number;
  peak_rss_mb: number;
  /** Seconds of the background compaction the batch left due, null when none was (absent in older results). */
  compaction_s?: number | null;
}

/** The slowest endpoint of a result by one of its p95 figures. */
export function slowest(r: ScaleResult, key: 'new_p95_ms' | 'cached_p95_ms'): { name: string; ms: number } {
  const [name, e] = Object.entries(r.server.endpoints)
    .filter(([, v]) => v[key] !== null)
    .sort((a, b) => b[1][key]! - a[1][key]!)[0];
  return { name, ms: e[key]! };
}

/** The endpoints whose calls on new filter sets failed (a timeout answers 504), as "name (n of m)". */
export function failing(r: ScaleResult): string[] {
  return Object.entries(r.server.endpoints)
    .filter(([, v]) => v.failures.length)
    .map(([name, v]) => `${name} (${v.failures.length} × ${[...new Set(v.failures)].join('/')})`);
}

const rejects = (r: ScaleResult) => r.registry.rejected + r.ingest.rejected + r.month_big.rejected;
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

/** The rows of the table: label, target, and the value at one scale (text). */
const ROWS: { label: string; target: string; value: (r: ScaleResult) => string }[] = [
  { label: 'usage rows', target: '', value: (r) => r.split.usage_rows.toLocaleString('en') },
  {
    label: 'generate: seconds / peak RSS MB',
    target: 'RSS < 2,048 MB',
    value: (r) => (r.generate.seconds ? `${Math.round(r.generate.seconds)} / ${r.generate.peak_rss_mb}` : 'n/a'),
  },
  { label: 'rows rejected at ingest', target: '0', value: (r) => String(rejects(r)) },
  {
    label: 'ingest of the usage: s (bare CTAS s)',
    target: '',
    value: (r) => `${round(r.ingest.ingest_s, 1)} (${round(r.bare.seconds, 1)})`,
  },
  {
    label: 'ingest speed / bare CTAS',
    target: '≥ 0.5',
    value: (r) => String(round(r.bare.seconds / r.ingest.ingest_s)),
  },
  { label: 'ingest peak RSS MB', target: '< 3,072', value: (r) => String(r.ingest.peak_rss_mb) },
  { label: 'facts after the ingest: s', target: '', value: (r) => String(round(r.ingest.facts_s, 1)) },
  {
    label: 'one more month: s into full (into empty)',
    target: '',
    value: (r) => `${round(r.month_big.total_s, 1)} (${round(r.month_empty.total_s, 1)})`,
  },
  {
    label: 'one more month: full / empty',
    target: '≤ 1.5',
    value: (r) => String(round(r.month_big.total_s / r.month_empty.total_s)),
  },
  {
    label: 'one more month: background compaction s',
    target: '',
    value: (r) =>
      r.month_big.compaction_s === undefined
        ? 'n/a'
        : r.month_big.compaction_s === null
          ? 'not due'
          : String(round(r.month_big.compaction_s, 1)),
  },
  { label: 'server start: /api/health s', target: '', value: (r) => String(round(r.server.start.health_s, 1)) },
  {
    label: 'server start after outside ingests: first overview served s',
    target: '',
    value: (r) =>
      `${round(r.server.start.first_overview_s, 1)}${r.server.start.first_overview_status === 200 ? '' : ` (${r.server.start.first_overview_status})`}`,
  },
  {
    label: 'server restart, same data: first overview served s',
    target: '< 10',
    value: (r) => {
      const x = r.server.restart;
      if (!x) return 'n/a';
      return `${round(x.first_overview_s, 1)}${x.first_overview_status === 200 ? '' : ` (${x.first_overview_status})`}`;
    },
  },
  {
    label: 'server start: start-up work done s (dashboard view s)',
    target: '',
    value: (r) => {
      const w = r.server.warm;
      if (!w) return 'n/a';
      const dash = w.jobs.find((j) => j.job === 'dashboard default view');
      return `${w.done ? round(w.seconds, 1) : `not done in ${round(w.seconds, 0)}`}${dash ? ` (${round(dash.ms / 1000, 1)})` : ''}`;
    },
  },
  {
    label: 'new filter set: slowest endpoint p95 ms',
    target: '< 1,000',
    value: (r) => `${slowest(r, 'new_p95_ms').ms} (${slowest(r, 'new_p95_ms').name})`,
  },
  {
    label: 'endpoints failing on new filter sets',
    target: 'none',
    value: (r) => failing(r).join(', ') || 'none',
  },
  {
    label: 'cached: slowest endpoint p95 ms',
    target: '< 100',
    value: (r) => `${slowest(r, 'cached_p95_ms').ms} (${slowest(r, 'cached_p95_ms').name})`,
  },
  {
    label: 'weight change, cell ranking p95 ms: alone (1,000 draws)',
    target: '< 300',
    value: (r) => `${r.server.weight.alone.p95_ms} (${r.server.weight.draws_1000.p95_ms})`,
  },
  { label: 'server peak RSS MB', target: '< 4,096', value: (r) => String(r.server.peak_rss_mb) },
  {
    label: 'database MB (+ facts cache MB) / Parquet input MB',
    target: 'reported',
    value: (r) =>
      `${Math.round(r.month_big.db_mb)} (+${Math.round(r.month_big.cache_mb)}) / ${Math.round(r.split.parquet_mb)}`,
  },
];

export function scaleTable(results: ScaleResult[]): string {
  const head = `| figure | target | ${results.map((r) => `scale ${r.scale}`).join(' | ')} |`;
  const rule = `|---|---|${results.map(() => '---|').join('')}`;
  const rows = ROWS.map((row) => `| ${row.label} | ${row.target} | ${results.map(row.value).join(' | ')} |`);
  return [head, rule, ...rows].join('\n');
}

/** Replace the text between two marker comments of a Markdown file (the markers stay). */
export function replaceBetween(file: string, name: string, text: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const doc = fs.readFileSync(file, 'utf8');
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${file} has no ${start} … ${end}`);
  fs.writeFileSync(file, `${doc.slice(0, i + start.length)}\n${text}\n${doc.slice(j)}`);
}

/** A line; dashed without a colour is the grey reference line, dashed with one a variant of a measured line. */
type Series = { name: string; data: [number, number][]; dashed?: boolean; color?: string };

function panel(index: number, title: string, unit: string, series: Series[]) {
  return {
    title: { text: title, left: index === 0 ? '4%' : '54%', top: 8, textStyle: { fontSize: 14 } },
    grid: { left: index === 0 ? '6%' : '56%', width: '38%', top: 60, bottom: 110, containLabel: true },
    xAxis: {
      type: 'log',
      gridIndex: index,
      min: 'dataMin',
      max: 'dataMax',
      name: 'usage rows',
      nameLocation: 'middle',
      nameGap: 28,
      axisLabel: { formatter: (v: number) => (v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v)) },
    },
    yAxis: { type: 'log', gridIndex: index, name: unit, logBase: 10 },
    series: series.map((s) => ({
      name: s.name,
      type: 'line',
      xAxisIndex: index,
      yAxisIndex: index,
      data: s.data,
      symbolSize: 6,
      lineStyle: s.dashed
        ? { type: 'dashed', width: 1, color: s.color ?? '#999' }
        : s.color
          ? { color: s.color }
          : undefined,
      itemStyle: s.dashed || s.color ? { color: s.color ?? '#999' } : undefined,
      showSymbol: !s.dashed || !!s.color,
    })),
  };
}

/** Each cost against the usage rows, log–log, with a dashed line growing as the data do for comparison. */
export function scaleChartSvg(results: ScaleResult[]): string {
  const x = (r: ScaleResult) => r.split.usage_rows;
  const pts = (f: (r: ScaleResult) => number) => results.map((r) => [x(r), round(f(r), 3)] as [number, number]);
  const first = results[0];
  const proportional = (v0: number): Series => ({
    name: 'grows as the data (reference)',
    dashed: true,
    data: results.map((r) => [x(r), round((v0 * x(r)) / x(first), 3)]),
  });
  const seconds: Series[] = [
    { name: 'ingest of the usage', data: pts((r) => r.ingest.ingest_s) },
    { name: 'one more month (ingest + facts)', data: pts((r) => r.month_big.total_s) },
    {
      name: 'restart to first overview',
      data: pts((r) => (r.server.restart ?? r.server.start).first_overview_s),
      color: '#7a4fb5',
    },
    {
      name: 'first start after outside ingests',
      data: pts((r) => r.server.start.first_overview_s),
      dashed: true,
      color: '#7a4fb5',
    },
    { name: 'slowest endpoint, new filters p95', data: pts((r) => slowest(r, 'new_p95_ms').ms / 1000) },
    { name: 'weight change p95 (ranking alone)', data: pts((r) => r.server.weight.alone.p95_ms / 1000) },
    proportional(first.ingest.ingest_s),
  ];
  const megabytes: Series[] = [
    { name: 'Parquet input', data: pts((r) => r.split.parquet_mb) },
    { name: 'database file', data: pts((r) => r.month_big.db_mb) },
    { name: 'ingest peak RSS', data: pts((r) => r.ingest.peak_rss_mb) },
    { name: 'server peak RSS', data: pts((r) => r.server.peak_rss_mb) },
    proportional(first.split.parquet_mb),
  ];
  const a = panel(0, 'Time (s)', 's', seconds);
  const b = panel(1, 'Size and memory (MB)', 'MB', megabytes);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 1100, height: 520 });
  chart.setOption({
    animation: false,
    backgroundColor: '#fff',
    textStyle: { fontFamily: 'sans-serif' },
    title: [a.title, b.title],
    legend: { bottom: 8, left: 'center', width: '95%', itemGap: 14 },
    grid: [a.grid, b.grid],
    xAxis: [a.xAxis, b.xAxis],
    yAxis: [a.yAxis, b.yAxis],
    series: [...a.series, ...b.series.map((s) => ({ ...s, xAxisIndex: 1, yAxisIndex: 1 }))],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
