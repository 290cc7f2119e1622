/**
 * The analyst SQL API (docs/api.md "SQL workbench"): run one statement, cancel it, export a full result, the schema,
 * saved queries and the sandbox's status. The sandbox checks the statement itself (one read-only statement, within the
 * configured row and time limits); these schemas fix the shape of what is sent and answered.
 */
import { z } from 'zod';
import { bilingual, column } from './common.ts';
import { ParamProblem, required } from './params.ts';

/** A JSON number or its text ("limit": "1000" is accepted as 1000); the sandbox checks the range. */
const wholeNumber = z.union([z.number(), z.string()]).nullable().optional();

/**
 * Values of the statement's `$name` parameters (contract/sql-params.ts), as text: each is written in as a string
 * literal, an empty one or one not given as NULL. Without `params` the statement is run as it is.
 */
const sqlParams = z.record(z.string().max(64), z.string().max(10_000).nullable()).nullable().optional();

// ---- POST /api/sql

export const sqlRequest = z.object({
  sql: z.unknown(),
  /** Row cap (default and maximum: ATLAS_SQL_MAX_ROWS); use export for full results. */
  limit: wholeNumber,
  timeout_ms: wholeNumber,
  /** The client's id for the query, to cancel it while it runs (A–Z, a–z, 0–9, _ and -, at most 64). */
  query_id: z.string().nullable().optional(),
  params: sqlParams,
});
export type SqlRequest = z.infer<typeof sqlRequest>;

/** Facts about a result: JSON fields, X-Atlas-* headers and Arrow schema metadata. */
export const sqlResultMeta = z.object({
  query_id: z.string(),
  limit: z.number(),
  queued_ms: z.number(),
  snapshot_version: z.number(),
  truncated: z.boolean(),
  elapsed_ms: z.number(),
  statement_type: z.string(),
});
/** A column of an analyst answer: its name, Arrow type (`Int64`, `Decimal[18e+2]`, …) and DuckDB type (`BIGINT`, …). */
export const sqlColumn = column.extend({ duckdb_type: z.string() });
/**
 * The JSON form of a result (Arrow IPC is the default). Every digit is kept: integers beyond 2^53 (BIGINT, UBIGINT,
 * HUGEINT) and every DECIMAL are strings, LIST an array, STRUCT and MAP objects; see docs/api.md, "Answer types".
 */
export const sqlResult = sqlResultMeta.extend({
  columns: z.array(sqlColumn),
  rows: z.array(z.record(z.string(), z.unknown())),
});
export type SqlResultMeta = z.infer<typeof sqlResultMeta>;

/** What a refused or failed statement's error details carry (sql_error, sql_refused). */
export const sqlErrorDetails = z.object({
  error_type: z.string().nullable().optional(),
  line: z.number().optional(),
  column: z.number().optional(),
  query_id: z.string().optional(),
});
export type SqlErrorDetails = z.infer<typeof sqlErrorDetails>;

// ---- POST /api/sql/cancel

export const cancelRequest = z.object({ query_id: z.string().min(1) });
export const cancelAnswer = z.object({
  query_id: z.string(),
  cancelled: z.boolean(),
  state: z.enum(['queued', 'running']).nullable(),
});

// ---- POST /api/sql/export (JSON, or a form post from the page)

export const EXPORT_FORMATS = ['csv', 'parquet', 'arrow'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const exportRequest = z.object({
  sql: z.unknown(),
  format: z.unknown().optional(),
  query_id: z.string().nullable().optional(),
  params: sqlParams,
  /** What the file is named after (a saved query's title); else the first table the query reads. Then the time. */
  name: z.string().max(200).nullable().optional(),
});

// ---- GET /api/sql/status

export const sqlStatus = z.object({
  running: z.number(),
  waiting: z.number(),
  slots: z.number(),
  snapshot: z.object({ version: z.number(), builtAt: z.string(), buildMs: z.number() }).nullable(),
  limits: z.object({
    slots: z.number(),
    maxQueue: z.number(),
    perUser: z.number(),
    defaultRows: z.number(),
    maxRows: z.number(),
    defaultTimeoutMs: z.number(),
    maxTimeoutMs: z.number(),
    exportTimeoutMs: z.number(),
    maxRssMb: z.number(),
  }),
  worker: z.object({
    pid: z.number().nullable(),
    rss_mb: z.number().nullable(),
    starts: z.number(),
    last_exit: z.unknown(),
  }),
});

// ---- GET /api/schema

export const schemaColumn = z.object({
  name: z.string(),
  type: z.string(),
  nullable: z.boolean(),
  description: bilingual.nullable(),
});
export const schemaTable = z.object({
  name: z.string(),
  kind: z.enum(['table', 'view']),
  /** Exact for tables; null for views (counting a view runs its whole query). */
  rows: z.number().nullable(),
  description: bilingual.nullable(),
  columns: z.array(schemaColumn),
});
export const schemaFunction = z.object({
  name: z.string(),
  kind: z.string(),
  description: z.string().nullable(),
  example: z.string().nullable(),
});
export const schemaInfo = z.object({
  snapshot: z.object({ version: z.number(), built_at: z.string() }),
  tables: z.array(schemaTable),
  /** DuckDB's functions and macros (without the file readers the sandbox refuses), for the editor's completion. */
  functions: z.array(schemaFunction),
});
export type SchemaColumn = z.infer<typeof schemaColumn>;
export type SchemaTable = z.infer<typeof schemaTable>;
export type SchemaFunction = z.infer<typeof schemaFunction>;
export type SchemaInfo = z.infer<typeof schemaInfo>;

// ---- saved queries

export const exampleQuery = z.object({ id: z.string(), title: bilingual, description: bilingual, sql: z.string() });
export const savedQuery = z.object({
  id: z.number(),
  title: z.string(),
  description: z.string().nullable(),
  sql: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  /** The author (null: saved before accounts existed). */
  owner: z.string().nullable(),
  /** Roles and regions it is shared with besides its author. */
  shared_roles: z.array(z.string()).nullable(),
  shared_regions: z.array(z.string()).nullable(),
  /** Whether the reader may change or delete it (its author, or an administrator). */
  editable: z.boolean(),
});
export const savedList = z.object({ examples: z.array(exampleQuery), saved: z.array(savedQuery) });
export const savedInput = z.object({
  title: z.unknown(),
  description: z.unknown().optional(),
  sql: z.unknown(),
  shared_roles: z.array(z.string()).optional(),
  shared_regions: z.array(z.string()).optional(),
});
export const savedParams = z.object({
  id: required((t) => {
    const n = Number(t);
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1)
      throw new ParamProblem('integer', { code: 'invalid_id', min: 1, max: 2 ** 31 - 1 });
    return n;
  }),
});
export type ExampleQuery = z.infer<typeof exampleQuery>;
export type SavedQuery = z.infer<typeof savedQuery>;
