import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/svelte';
import { tick } from 'svelte';
import BarChart from './BarChart.svelte';
import HeatmapChart from './HeatmapChart.svelte';
import LineChart from './LineChart.svelte';
import MapChart from './MapChart.svelte';
import ScatterChart from './ScatterChart.svelte';
import { echarts, RAMP } from './echarts.ts';

// jsdom has no layout and no canvas: SVG renderer with explicit sizes (notes/stack.md §4).
const size = { renderer: 'svg' as const, width: 400, height: 300 };
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',')})`;
/** The darkest colour class (ECharts writes colours as hex or rgb()). */
const isDarkest = (f: string | null) => f === RAMP.at(-1) || f === rgb(RAMP.at(-1)!);
const isRamp = (f: string | null) => RAMP.some((c) => f === c || f === rgb(c));
const settle = async () => {
  await tick();
  await new Promise((r) => setTimeout(r, 50));
};

describe('chart wrappers', () => {
  it('BarChart draws one bar per category in the first palette colour, with an aria description', async () => {
    const { container } = render(BarChart, {
      props: {
        title: 'Calls',
        categories: ['北京', '上海', '广东'],
        series: [{ name: 'Calls', values: [3, 5, 8] }],
        ...size,
      },
    });
    await settle();
    const bars = container.querySelectorAll('path[fill="#2f5fd0"]');
    expect(bars.length).toBe(3);
    const aria = container.querySelector('[aria-label]')?.getAttribute('aria-label') ?? '';
    expect(aria.length).toBeGreaterThan(10);
    expect(container.querySelector('figure')?.getAttribute('data-testid')).toBeNull();
    expect(container.querySelector('[data-testid=export-png]')).not.toBeNull();
  });

  it('LineChart draws a line per series and updates when its data changes', async () => {
    const { container, rerender } = render(LineChart, {
      props: { title: 'Trend', x: ['1', '2', '3'], series: [{ name: 'a', values: [1, 2, 3] }], ...size },
    });
    await settle();
    const lines = () =>
      [...container.querySelectorAll('path')].filter(
        (p) => p.getAttribute('fill') === 'none' && p.getAttribute('stroke') === '#2f5fd0',
      );
    expect(lines().length).toBe(1);
    const before = lines()[0].getAttribute('d');
    await rerender({ title: 'Trend', x: ['1', '2', '3'], series: [{ name: 'a', values: [3, 1, 2] }], ...size });
    await settle();
    expect(lines()[0].getAttribute('d')).not.toBe(before);
  });

  it('HeatmapChart draws cells with values in the ramp and cells without data in the no-data grey', async () => {
    const fills = async (cells: [number, number, number | null][]) => {
      const { container, unmount } = render(HeatmapChart, {
        props: { title: 'H', x: ['a', 'b'], y: ['r'], cells, noDataLabel: '无数据', ...size },
      });
      await settle();
      const out = [...container.querySelectorAll('path, rect')].map((p) => p.getAttribute('fill'));
      const text = container.textContent;
      unmount();
      return {
        dark: out.filter(isDarkest).length,
        grey: out.filter((f) => f === '#e3e6ea' || f === 'rgb(227,230,234)').length,
        text,
      };
    };
    const full = await fills([
      [0, 0, 5],
      [1, 0, 5],
    ]);
    const gap = await fills([
      [0, 0, 5],
      [1, 0, null],
    ]);
    expect(full.dark).toBe(gap.dark + 1);
    // The missing cell and its legend swatch.
    expect(gap.grey).toBe(2);
    expect(full.grey).toBe(0);
    expect(gap.text).toContain('无数据');
  });

  it('MapChart colours provinces with data and leaves the rest in the no-data grey', async () => {
    const { container } = render(MapChart, {
      props: {
        title: 'Map',
        values: { '110000': 10, '440000': 100 },
        nameOf: (c: string) => c,
        noDataLabel: '无数据',
        showLabels: false,
        ...size,
      },
    });
    await settle();
    const fills = [...container.querySelectorAll('path')].map((p) => p.getAttribute('fill'));
    const grey = fills.filter((f) => f === '#e3e6ea').length;
    // 34 features (plus the South China Sea inset): two have data, every other one is grey.
    expect(grey).toBeGreaterThanOrEqual(30);
    // The two provinces with data get ramp colours (ECharts writes interpolated colours as rgb()).
    expect(fills.filter(isRamp).length).toBeGreaterThanOrEqual(2);
    expect(container.textContent).toContain('无数据');
  });

  it('MapChart draws no colour legend when no province has a value', async () => {
    const legend = async (values: Record<string, number | null>) => {
      const { container, unmount } = render(MapChart, {
        props: {
          title: 'Map',
          values,
          nameOf: (c: string) => c,
          noDataLabel: '无数据',
          showLabels: false,
          format: String,
          ...size,
        },
      });
      await settle();
      const texts = [...container.querySelectorAll('text')].map((t) => t.textContent ?? '');
      unmount();
      return texts;
    };
    // ECharts' default piecewise legend (0 - 200 in five steps) would stand for values that are not there
    const none = await legend({ '110000': null });
    expect(none.filter((t) => /\d/.test(t))).toEqual([]);
    expect(none).toContain('无数据');
    expect((await legend({ '110000': 10, '440000': 100 })).some((t) => /\d/.test(t))).toBe(true);
  });

  it("MapChart writes Tianjin's name beside Beijing's, on the sea, instead of touching it", async () => {
    const names: Record<string, string> = { '110000': '北京', '120000': '天津', '130000': '河北' };
    const { container } = render(MapChart, {
      props: {
        title: 'Map',
        values: { '110000': 100, '120000': 90, '130000': 80 },
        nameOf: (c: string) => names[c] ?? '',
        noDataLabel: '无数据',
        showLabels: true,
        ...size,
        width: 800,
        height: 600,
      },
    });
    await settle();
    const label = (text: string) => {
      const el = [...container.querySelectorAll('text')].find((t) => t.textContent === text)!;
      // ECharts places SVG text by its transform: translate(x y)
      const [x, y] = el
        .getAttribute('transform')!
        .match(/translate\(([^)]*)\)/)![1]
        .split(/[ ,]+/)
        .map(Number);
      return { x, y, fill: el.getAttribute('fill') };
    };
    const beijing = label('北京');
    const tianjin = label('天津');
    // two 9 px characters are 18 px wide: centres 24 px apart leave a gap between the names
    expect(Math.hypot(tianjin.x - beijing.x, tianjin.y - beijing.y)).toBeGreaterThan(24);
    expect(tianjin.x).toBeGreaterThan(beijing.x);
    expect(tianjin.fill).toBe('#333333');
  });

  it("ScatterChart starts its y axis name at the plot's left edge, so all of it shows when every x is positive", async () => {
    // every x above zero: the y axis stands at the left edge, where a name centred on it lost its first half
    const yLabel = 'Market demand (z-score within sector)';
    const { container } = render(ScatterChart, {
      props: {
        title: 'S',
        xLabel: 'Abundance',
        yLabel,
        points: [
          { name: 'a', x: 0.2, y: 1 },
          { name: 'b', x: 1.4, y: -0.5 },
        ],
        split: { x: 0, y: 0 },
        ...size,
      },
    });
    await settle();
    const name = [...container.querySelectorAll('text')].find((t) => t.textContent === yLabel)!;
    expect(name.getAttribute('text-anchor')).toBe('start');
    const x = Number(/translate\(([\d.]+)/.exec(name.getAttribute('transform') ?? '')?.[1]);
    expect(x).toBeGreaterThan(0);
    expect(x).toBeLessThan(size.width / 4);
  });

  it('ScatterChart draws the diagonal rule lines y = x ± d inside the box of its points', async () => {
    const points = [
      { name: 'a', x: -2, y: 1.5 },
      { name: 'b', x: 2, y: -1 },
      { name: 'c', x: 0.5, y: 3 },
    ];
    const { container } = render(ScatterChart, {
      props: { title: 'S', xLabel: 'x', yLabel: 'y', points, split: { x: 0, y: 0 }, diagonals: [1, -1, 9], ...size },
    });
    await settle();
    const chart = echarts.getInstanceByDom(container.querySelector('.canvas') as HTMLElement)!;
    const series = (chart.getOption() as { series: { markLine: { data: unknown[] } }[] }).series[0];
    const lines = series.markLine.data.filter((l): l is { coord: number[] }[] => Array.isArray(l));
    // y = x + 9 never meets the points' box: only the two others are drawn, beside the two zero dividers
    expect(series.markLine.data).toHaveLength(4);
    expect(lines.map(([a, b]) => [a.coord[1] - a.coord[0], b.coord[1] - b.coord[0]])).toEqual([
      [1, 1],
      [-1, -1],
    ]);
    for (const end of lines.flat()) {
      expect(end.coord[0]).toBeGreaterThanOrEqual(-2);
      expect(end.coord[0]).toBeLessThanOrEqual(2);
      expect(end.coord[1]).toBeGreaterThanOrEqual(-1);
      expect(end.coord[1]).toBeLessThanOrEqual(3);
    }
  });

  it('disposes the ECharts instance when unmounted', async () => {
    const { container, unmount } = render(BarChart, {
      props: { title: 'x', categories: ['a'], series: [{ name: 's', values: [1] }], ...size },
    });
    await settle();
    const el = container.querySelector('.canvas') as HTMLElement;
    expect(echarts.getInstanceByDom(el)).toBeDefined();
    unmount();
    expect(echarts.getInstanceByDom(el)).toBeUndefined();
  });
});
