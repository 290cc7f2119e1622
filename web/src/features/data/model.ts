/**
 * The helpers that pick the current language out of messages the ingestion API gives in both ({zh, en}), and the
 * parts of its answers they read (the answers' own types are contract/ingest.ts).
 */
import type { IngestKind } from '../../../../contract/ingest.ts';
import type { Lang } from '../../app/format.ts';

export const KINDS = [
  'org',
  'registration',
  'authorization',
  'authorization_resource',
  'product',
  'usage',
  'portal-catalog',
] as const satisfies readonly IngestKind[];
export type Kind = IngestKind;

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
/** A count with its bilingual label (summary.warnings_by_rule and rejects_by_reason values). */
export interface Counted {
  count: number;
  zh?: string;
  en?: string;
}
export interface FileNote {
  code: string;
  level?: 'error' | 'warning';
  /** English, with the specifics (which columns, which encoding). */
  message?: string;
  zh?: string;
  en?: string;
  detail?: Record<string, unknown>;
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

/** Counts by rule or reason with their label in the reader's language, largest first. */
export function countsBy(counts: Record<string, Counted | number> | undefined, lang: Lang): { code: string; label: string; count: number }[] {
  return Object.entries(counts ?? {})
    .map(([code, c]) => (typeof c === 'number' ? { code, label: code, count: c } : { code, label: localized(c, lang) || code, count: c.count }))
    .sort((a, b) => b.count - a.count);
}

/**
 * A file problem in the reader's language: the bilingual headline, then the specifics from `detail` (column names,
 * encodings) which are the same in both languages. English readers get the server's specific message instead.
 */
export function fileNote(n: FileNote, lang: Lang): string {
  // the kind a file looks like is said by the page in words of its own (server/ingest/readers.ts lookalikeKind)
  if (lang === 'en') return (n.message || n.en || n.code).replace(/; these columns match .*$/, '');
  const head = n.zh || n.en || n.code;
  const { looks_like: _like, ...detail } = n.detail ?? {};
  const specifics = Object.values(detail)
    .map((v) => (Array.isArray(v) ? v.join('、') : typeof v === 'object' && v !== null ? '' : String(v)))
    .filter(Boolean)
    .join('；');
  return specifics ? `${head}：${specifics}` : head;
}
