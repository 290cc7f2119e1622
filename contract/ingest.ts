/** The ingestion API (docs/api.md "Ingestion"): uploads, job progress, the batch history and a batch's rejects. */
import { z } from 'zod';
import { bilingual } from './common.ts';
import { flag, int, param, ParamProblem, parseInteger, required, text } from './params.ts';

export const RECORD_KINDS = [
  'org',
  'registration',
  'authorization',
  'authorization_resource',
  'product',
  'usage',
] as const;
/** What an upload can be: a record table, or an open-data portal catalogue (mapped to registrations). */
export const INGEST_KINDS = [...RECORD_KINDS, 'portal-catalog'] as const;
export type IngestKind = (typeof INGEST_KINDS)[number];

// ---- POST /api/ingest/:kind

export const uploadParams = z.object({ kind: required((t) => t) });
const catalogText = param<string | undefined>(
  (t) => {
    const v = t.trim();
    if (!v) throw new ParamProblem('format', { message: 'must not be blank', message_zh: '不能为空白' });
    if (v.length > 200) throw new ParamProblem('too_long', { max: 200 });
    return v;
  },
  undefined,
  'parse',
);
export const uploadQuery = z.object({
  /** Refuse the whole file when any row is refused. */
  strict: flag(),
  /** Answer when the ingest has finished (200 or 422 with the summary) instead of at once (202 with the job). */
  wait: flag(),
  /** The file's name when the body is the raw file instead of multipart. */
  filename: text(1000),
  /** portal-catalog only: the portal, province and city the catalogue comes from, when its records do not say. */
  portal: catalogText,
  province: catalogText,
  city: catalogText,
});

export const INGEST_PHASES = [
  'queued',
  'hashing',
  'reading',
  'validating',
  'writing',
  'warnings',
  'rollups',
  'committing',
  'done',
] as const;
/** FAILED: an ingest its server did not live to finish, recorded at the next start (reason `interrupted`). */
export const INGEST_STATUSES = ['COMMITTED', 'REFUSED', 'DUPLICATE_FILE', 'FAILED'] as const;

/** A count with its label in both languages (warnings by rule, rejects by reason). */
export const counted = bilingual.extend({ count: z.number() });
export const fileNote = z.object({
  code: z.string(),
  level: z.enum(['error', 'warning']),
  /** English, with the specifics (which columns, which encoding). */
  message: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
  zh: z.string(),
  en: z.string(),
});
export const rejectRow = z.object({
  line: z.number().nullable(),
  field: z.string().nullable(),
  value: z.string().nullable(),
  reason_code: z.string(),
});
const rowList = z.array(z.record(z.string(), z.unknown()));
export const portalReport = z.object({
  portal: z.string(),
  layout: z.string(),
  gzip: z.boolean(),
  rows_read: z.number(),
  accepted: z.number(),
  accepted_share: z.number(),
  records: z.number(),
  repeats: z.number(),
  rejected: z.number(),
  fields: rowList,
  unmapped: rowList,
  regions: rowList,
  portals: rowList,
});
export const ingestSummary = z.object({
  batch_id: z.number().nullable(),
  kind: z.enum(INGEST_KINDS),
  file: z.string(),
  status: z.enum(INGEST_STATUSES),
  format: z.string().nullable(),
  encoding: z.string().nullable(),
  sha256: z.string().nullable(),
  bytes: z.number().nullable(),
  strict: z.boolean(),
  rows_read: z.number(),
  accepted: z.number(),
  inserted: z.number(),
  replaced: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  duplicates: z.number(),
  warnings: z.number(),
  warnings_by_rule: z.record(z.string(), counted),
  rejects_by_reason: z.record(z.string(), counted),
  first_rejects: z.array(rejectRow.extend({ reason: bilingual })),
  file_errors: z.array(fileNote),
  duplicate_of: z
    .object({ batch_id: z.number(), file_name: z.string(), finished_at: z.string().nullable() })
    .optional(),
  elapsed_ms: z.number(),
  phases_ms: z.record(z.string(), z.number()),
  statements_ms: z.record(z.string(), z.number()),
  /** portal-catalog only: how the catalogue mapped. */
  portal: portalReport.nullable().optional(),
});
export type IngestSummary = z.infer<typeof ingestSummary>;

export const job = z.object({
  id: z.string(),
  kind: z.string(),
  file_name: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z.object({
    phase: z.enum(INGEST_PHASES),
    rows_read: z.number(),
    rows_validated: z.number(),
    elapsed_ms: z.number(),
    bytes_read: z.number().optional(),
    percent: z.number().optional(),
  }),
  summary: ingestSummary.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  created_at: z.string(),
});
export type Job = z.infer<typeof job>;
/** 202 with the job; with ?wait, 200 (or 422 when the file was refused) with the job and its summary. */
export const uploadAnswer = z.object({ job, summary: ingestSummary.optional() });

// ---- GET /api/ingest/jobs/:id

export const jobParams = z.object({ id: required((t) => t) });

// ---- GET /api/ingest/batches, /api/ingest/batches/:id, /api/ingest/batches/:id/rejects

export const batch = z.object({
  batch_id: z.number(),
  kind: z.string(),
  file_name: z.string(),
  content_hash: z.string(),
  file_bytes: z.number(),
  format: z.string().nullable(),
  encoding: z.string().nullable(),
  status: z.enum(INGEST_STATUSES),
  strict: z.boolean(),
  source: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  rows_read: z.number(),
  inserted: z.number(),
  replaced: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  warnings: z.number(),
  duplicates: z.number(),
});
export type Batch = z.infer<typeof batch>;

export const pageQuery = (defaultLimit: number, maxLimit: number) =>
  z.object({ limit: int(0, maxLimit, defaultLimit), offset: int(0, Number.MAX_SAFE_INTEGER, 0) });
export const batchesQuery = pageQuery(50, 1000);
export const batchList = z.object({ batches: z.array(batch), limit: z.number(), offset: z.number() });

export const batchParams = z.object({ id: required((t) => parseInteger(t, 1, Number.MAX_SAFE_INTEGER)) });
export const batchDetail = batch.extend({
  summary: ingestSummary.nullable(),
  /** Who loaded it (null: the command line or local mode) and for which regions (null: national). */
  account: z.string().nullable(),
  scope: z.array(z.string()).nullable(),
  /** True when the batch was loaded for regions outside the reader's scope: its rejected rows are not shown. */
  rejects_withheld: z.boolean(),
  warnings_by_rule: z.array(counted.extend({ rule_code: z.string() })),
  rejects_by_reason: z.array(counted.extend({ reason_code: z.string(), lines: z.number() })),
});
export type BatchDetail = z.infer<typeof batchDetail>;

export const rejectsQuery = pageQuery(100, 10_000).extend({ format: param((t) => t, 'json') });
export const rejects = z.object({
  batch_id: z.number(),
  limit: z.number(),
  offset: z.number(),
  rejects: z.array(rejectRow.extend({ reason: z.string(), message: bilingual })),
});
export type Rejects = z.infer<typeof rejects>;
/** A batch's warnings (rows kept but flagged), shaped like its rejects: the rule is reason_code, its text reason. */
export const warnings = rejects.omit({ rejects: true }).extend({ warnings: rejects.shape.rejects });
export type Warnings = z.infer<typeof warnings>;
