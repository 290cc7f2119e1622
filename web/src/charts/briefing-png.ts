/**
 * A chart as a picture for a briefing: the chart's own image (ECharts, at the export pixel ratio) framed by what a reader
 * of the slide needs and the bare canvas lacks: the title, the period and filters, the unit, a legend when the chart
 * draws none, and the source line with the data's as-of month. Composed on a canvas, so it works for every chart type
 * (maps and heatmaps included) without re-laying out their options.
 */

export interface BriefingText {
  title: string;
  /** Period, filters and unit, one entry per line (long lines wrap). */
  lines: string[];
  /** Series names and colours, drawn when the chart itself shows no legend. */
  legend: { name: string; color: string }[];
  source: string;
}

/** What was drawn, for the browser test (the PNG itself holds only pixels). */
export interface BriefingLayout {
  width: number;
  height: number;
  chartTop: number;
  texts: string[];
}

const PAD = 16;
const FONT = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif';

/** Greedy line breaking: between words where there are spaces, between characters in Chinese text. */
export function wrapText(measure: (s: string) => number, text: string, max: number): string[] {
  const tokens = text.match(/\s+|[\u2E80-\u9FFF\uFF00-\uFFEF]|[^\s\u2E80-\u9FFF\uFF00-\uFFEF]+/g) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const tok of tokens) {
    const next = line + tok;
    if (line && measure(next.trimEnd()) > max) {
      lines.push(line.trimEnd());
      line = tok.trimStart();
    } else line = next;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('chart image did not load'));
    img.src = url;
  });
}

/**
 * The framed picture as a PNG data URL. `chartUrl` is the chart's image at `ratio` times its CSS size `width` ×
 * `height`; the result has the same ratio.
 */
export async function composeBriefingPng(
  chartUrl: string,
  width: number,
  height: number,
  text: BriefingText,
  ratio = 2,
): Promise<{ url: string; layout: BriefingLayout }> {
  const img = await loadImage(chartUrl);
  const measureCanvas = document.createElement('canvas').getContext('2d')!;
  const font = (px: number, bold = false) => `${bold ? '600 ' : ''}${px}px ${FONT}`;
  const inner = width - 2 * PAD;
  const wrap = (s: string, f: string) => {
    measureCanvas.font = f;
    return wrapText((x) => measureCanvas.measureText(x).width, s, inner);
  };
  const titleLines = wrap(text.title, font(16, true));
  const infoLines = text.lines.flatMap((l) => wrap(l, font(12)));
  const sourceLines = wrap(text.source, font(11));
  const legendRows = text.legend.length ? 1 : 0;
  const chartTop = PAD + titleLines.length * 22 + infoLines.length * 17 + legendRows * 18 + 8;
  const total = chartTop + height + 8 + sourceLines.length * 16 + 12;

  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(total * ratio);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(ratio, ratio);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, total);
  ctx.textBaseline = 'top';
  const texts: string[] = [];
  const put = (s: string, x: number, y: number, f: string, color: string) => {
    ctx.font = f;
    ctx.fillStyle = color;
    ctx.fillText(s, x, y);
    texts.push(s);
  };

  let y = PAD;
  for (const l of titleLines) {
    put(l, PAD, y, font(16, true), '#1f2937');
    y += 22;
  }
  for (const l of infoLines) {
    put(l, PAD, y, font(12), '#4b5563');
    y += 17;
  }
  if (legendRows) {
    let x = PAD;
    for (const item of text.legend) {
      ctx.fillStyle = item.color;
      ctx.fillRect(x, y + 3, 12, 8);
      put(item.name, x + 16, y, font(12), '#1f2937');
      ctx.font = font(12);
      x += 16 + ctx.measureText(item.name).width + 14;
    }
  }
  ctx.drawImage(img, 0, chartTop, width, height);
  y = chartTop + height + 8;
  for (const l of sourceLines) {
    put(l, PAD, y, font(11), '#6b7280');
    y += 16;
  }
  return {
    url: canvas.toDataURL('image/png'),
    layout: { width: canvas.width, height: canvas.height, chartTop: chartTop * ratio, texts },
  };
}
