/**
 * The audit trail (docs/security.md "Audit trail"): GET /api/audit lists the append-only log of who did what, newest
 * first, filtered by user, action, outcome and period; `?format=csv` streams every matching entry as CSV.
 */
import { z } from 'zod';
import { int, optionalInt, param, ParamProblem, parseChoice, parseItems, text } from './params.ts';

/**
 * What an entry records. sign_in is recorded on success and failure; records_replace beside the ingest that replaced
 * records; methodology_upload for POST /api/composite with a spec document; export for POST /api/sql/export.
 */
export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_out',
  'token_create',
  'token_revoke',
  'account_create',
  'account_change',
  'ingest',
  'records_replace',
  'methodology_upload',
  'sql',
  'export',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** ok: done; refused: the server said no (rights, validation, a refused file, wrong password); failed: an error. */
export const AUDIT_OUTCOMES = ['ok', 'refused', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const auditEntry = z.object({
  /** 1, 2, 3, … without gaps: the chain's order. */
  seq: z.number(),
  /** UTC, to the millisecond: '2026-12-06T09:30:00.000Z'. */
  at: z.string(),
  /** An account name, 'local' (local mode), 'cli:<os user>' (a command on the server's machine), or the name a failed sign-in gave. */
  actor: z.string(),
  /** The client's address ('' for the command line). */
  address: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  /** What the action was on: an account, a token id, a file name, a query id, a spec id ('' when nothing). */
  target: z.string(),
  /** The facts of the action (counts, SQL text, reason of a refusal…); its keys depend on the action. */
  detail: z.record(z.string(), z.unknown()),
  outcome: z.enum(AUDIT_OUTCOMES),
  /** SHA-256 (hex) of the entry before (64 zeros for entry 1) and of this one (docs/security.md). */
  prev_hash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/**
 * A point in time for a period bound: an ISO 8601 date-time with its offset ('2026-12-06T08:00:00+08:00', '…Z'), or a
 * date 'YYYY-MM-DD' (a UTC day: `since` its start, `until` its end). Milliseconds since 1970.
 */
const instant = (end: boolean) =>
  param<number | undefined>((t) => {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(t);
    const ms = day ? Date.parse(`${t}T00:00:00.000Z`) + (end ? 86_400_000 - 1 : 0) : Date.parse(t);
    if ((!day && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) || Number.isNaN(ms))
      throw new ParamProblem('format', {
        message: 'must be a date YYYY-MM-DD or a date-time with its offset, such as 2026-12-06T08:00:00+08:00',
        message_zh: '应为日期 YYYY-MM-DD，或带时区的时间，如 2026-12-06T08:00:00+08:00',
      });
    return ms;
  }, undefined);

export const auditQuery = z.object({
  /** Entries of this actor only (exact: an account name, 'local' or 'cli:<os user>'). */
  user: text(200),
  /** Entries of these actions only (comma-separated). */
  action: param<AuditAction[]>((t) => parseItems(t).map((a) => parseChoice(a, AUDIT_ACTIONS)), []),
  outcome: param<AuditOutcome | undefined>((t) => parseChoice(t, AUDIT_OUTCOMES), undefined),
  since: instant(false),
  until: instant(true),
  /** Page size of the JSON answer (1–1000, default 100); CSV sends every matching entry. */
  limit: int(1, 1000, 100),
  /** The next page: entries older than this sequence number (the previous page's next_before). */
  before: optionalInt(1, Number.MAX_SAFE_INTEGER),
  format: param((t) => parseChoice(t, ['json', 'csv'] as const), 'json' as const),
});
export type AuditQuery = z.output<typeof auditQuery>;

export const auditList = z.object({
  entries: z.array(auditEntry),
  /** How many entries match the filters (all pages). */
  total: z.number(),
  /** `before` for the next page; null on the last one. */
  next_before: z.number().nullable(),
  limit: z.number(),
});
export type AuditList = z.infer<typeof auditList>;
