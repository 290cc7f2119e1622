/**
 * Shapes of the ingestion API (server/ingest, docs/api.md) as far as the Data page reads them, and the helpers that pick
 * the current language out of messages the API gives in both ({zh, en}).
 */
import type { Lang } from '../../app/format.ts';

export const KINDS = ['org', 'registration', 'authorization', 'authorization_resource', 'product', 'usage'] as const;
export type Kind = (typeof KINDS)[number];

export type Localized = string | { zh?: string; en?: string } | null | undefined;

export interface RejectRow {
  line?: number | null;
  field?: string | null;
  value?: string | null;
  reason_code?: string;
  reason?: Localized;
  message?: Localized;
  reason_zh?: string;
  reason_en?: string;
}
export interface WarningRule {
  rule_code?: string;
  rule?: string;
  count?: number;
  message?: Localized;
}
export interface Summary {
  batch_id?: number;
  status?: string;
  rows_read?: number;
  inserted?: number;
  replaced?: number;
  unchanged?: number;
  rejected?: number;
  warnings?: number | WarningRule[];
  duplicates?: number;
  rejects?: RejectRow[];
  first_rejects?: RejectRow[];
  warnings_by_rule?: WarningRule[] | Record<string, number>;
  file_errors?: { code?: string; message?: Localized }[];
  [k: string]: unknown;
}
export interface Job {
  id: string;
  kind: string;
  file_name: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress?: { phase?: string; rows_read?: number; rows_validated?: number; elapsed_ms?: number };
  summary?: Summary;
  error?: { code?: string; message?: Localized } | string;
}
export interface Batch {
  batch_id: number;
  kind: string;
  file_name: string;
  status: string;
  started_at: string;
  rows_read: number;
  inserted: number;
  replaced: number;
  unchanged: number;
  rejected: number;
  warnings: number;
}

/** The text of a message in the reader's language, falling back to the other one. */
export function localized(m: Localized, lang: Lang): string {
  if (m === null || m === undefined) return '';
  if (typeof m === 'string') return m;
  return (lang === 'zh-CN' ? (m.zh ?? m.en) : (m.en ?? m.zh)) ?? '';
}

export function rejectReason(r: RejectRow, lang: Lang): string {
  if (r.reason_zh || r.reason_en) return (lang === 'zh-CN' ? r.reason_zh ?? r.reason_en : r.reason_en ?? r.reason_zh) ?? '';
  return localized(r.reason ?? r.message, lang) || r.reason_code || '';
}

/** Warning counts by rule, whichever of the two shapes the summary uses. */
export function warningRules(s: Summary | undefined, lang: Lang): { rule: string; count: number }[] {
  const w = s?.warnings_by_rule ?? (Array.isArray(s?.warnings) ? s.warnings : undefined);
  if (!w) return [];
  if (Array.isArray(w)) return w.map((x) => ({ rule: localized(x.message, lang) || x.rule_code || x.rule || '', count: x.count ?? 0 }));
  return Object.entries(w).map(([rule, count]) => ({ rule, count }));
}
