/**
 * The audit page's filters as URL parameters and as the API's query (GET /api/audit), and an entry's details in one
 * line. Days in the URL are the reader's local days; the API gets them as instants with the reader's UTC offset
 * (docs/api.md "Audit trail": "a page shows local days by sending its own offset").
 */
import type { AuditAction, AuditEntry, AuditOutcome } from '../../../../contract/audit.ts';

/** contract/audit.ts AUDIT_ACTIONS, in its order (the web app may not import it as code); complete, or no compile. */
const ACTION_SET = {
  sign_in: 0,
  sign_out: 1,
  token_create: 2,
  token_revoke: 3,
  account_create: 4,
  account_change: 5,
  ingest: 6,
  records_replace: 7,
  methodology_upload: 8,
  sql: 9,
  export: 10,
} as const satisfies Record<AuditAction, number>;
export const ACTIONS = Object.keys(ACTION_SET) as AuditAction[];

const OUTCOME_SET = { ok: 0, refused: 1, failed: 2 } as const satisfies Record<AuditOutcome, number>;
export const OUTCOMES = Object.keys(OUTCOME_SET) as AuditOutcome[];

/** The page size the page asks for. */
export const PAGE_SIZE = 50;

export interface AuditFilters {
  user: string;
  actions: AuditAction[];
  outcome: AuditOutcome | null;
  /** Local days, YYYY-MM-DD. */
  since: string | null;
  until: string | null;
  before: number | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters from the URL's parameters; values the page does not know are left out. */
export function filtersOf(get: (name: string) => string | null): AuditFilters {
  const actions = (get('action') ?? '').split(',').filter((a): a is AuditAction => Object.hasOwn(ACTION_SET, a));
  const outcome = get('outcome');
  const before = Number(get('before'));
  const day = (v: string | null) => (v && DAY.test(v) ? v : null);
  return {
    user: (get('user') ?? '').trim(),
    actions,
    outcome: outcome && Object.hasOwn(OUTCOME_SET, outcome) ? (outcome as AuditOutcome) : null,
    since: day(get('since')),
    until: day(get('until')),
    before: Number.isInteger(before) && before > 0 ? before : null,
  };
}

/** The start (or the last millisecond) of a local day as an ISO instant with this browser's offset on that day. */
export function localDayBound(day: string, end: boolean): string {
  const [y, m, d] = day.split('-').map(Number);
  const at = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0);
  const offset = -at.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${day}T${end ? '23:59:59.999' : '00:00:00'}${sign}${hhmm}`;
}

/** The API query of the filters (without paging for the CSV of every match). */
export function auditQuery(f: AuditFilters, opts: { csv?: boolean } = {}): string {
  const q = new URLSearchParams();
  if (f.user) q.set('user', f.user);
  if (f.actions.length) q.set('action', f.actions.join(','));
  if (f.outcome) q.set('outcome', f.outcome);
  if (f.since) q.set('since', localDayBound(f.since, false));
  if (f.until) q.set('until', localDayBound(f.until, true));
  if (opts.csv) q.set('format', 'csv');
  else {
    q.set('limit', String(PAGE_SIZE));
    if (f.before) q.set('before', String(f.before));
  }
  return q.toString();
}

/** The details of an entry as `key: value` pairs, long values (SQL text) shortened to `max` characters. */
export function detailText(detail: AuditEntry['detail'], max = 160): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => {
      const text = typeof v === 'string' ? v.replace(/\s+/g, ' ') : JSON.stringify(v);
      return `${k}: ${text.length > max ? `${text.slice(0, max - 1)}…` : text}`;
    })
    .join(' · ');
}

/** A local timestamp to the second (the log's entries can be close together). */
export function timeOf(at: string, lang: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  return d.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** The reader's local day of an instant, YYYY-MM-DD. */
export function localDay(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at.slice(0, 10);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
