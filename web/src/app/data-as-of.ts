/**
 * "Data as of": the last complete month and the last import (GET /api/reference), and the partial months a chosen
 * period reaches into (server/coverage.ts decides which months are complete). The filter bar, the charts and their
 * exports say the same thing in the same words.
 */
import type { AppState } from './app-state.svelte.ts';
import { shell } from './messages.ts';
import type { PartialMonth } from '../../../contract/dashboard.ts';

export type { PartialMonth };

/** The partial months inside from..to ('YYYY-MM'; an open end is not partial: it stands for the last complete month). */
export function partialIn(app: AppState, from: string | undefined, to: string | undefined): PartialMonth[] {
  return app.ref.data.period.partial.filter((p) => (!from || p.month >= from) && (!to || p.month <= to));
}

/** "2026年11月不完整：33 个地区中 1 个已报送" / "Nov 2026 incomplete: 1 of 33 regions reported". */
export function partialNote(app: AppState, p: PartialMonth): string {
  return app.t(shell, 'partial.note', { month: app.month(p.month), reported: p.reported, expected: p.expected });
}

/** "数据截至2026年10月" / "Data as of Oct 2026". */
export function asOfText(app: AppState): string {
  const last = app.ref.data.period.last_complete;
  return last ? app.t(shell, 'asOf.label', { month: app.month(last) }) : app.t(shell, 'asOf.none');
}

/** The source line of an exported chart: "公共数据图谱 · 数据截至2026年10月" / "Public Data Atlas · data as of Oct 2026". */
export function sourceLine(app: AppState): string {
  const { last_complete, last_import } = app.ref.data.period;
  const line = app.t(shell, 'source.line', { month: app.month(last_complete) });
  return last_import ? `${line} · ${app.t(shell, 'asOf.import', { time: app.date(last_import) })}` : line;
}
