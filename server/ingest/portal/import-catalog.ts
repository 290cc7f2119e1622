import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AtlasDb } from '../../db/database.ts';
import { execute, queryOne, queryRows, type Row } from '../../db/query.ts';
import { sqlFile } from '../../db/sql-files.ts';
import { AtlasError } from '../../errors.ts';
import { KINDS, isKind } from '../kinds.ts';
import { ingestFile, type IngestOptions, type IngestSummary } from '../pipeline.ts';
import type { ReadResult, SourceReader } from '../readers.ts';
import type { SourceColumn } from '../stage-sql.ts';
import { ingestLimits } from '../limits.ts';
import { IngestWorkspace } from '../workspace.ts';
import { detectCatalogFile, gunzipTo, xlsxToNdjson } from './catalog-file.ts';
import { mapCatalog, type CatalogOptions } from './map-catalog.ts';

/** The ingest kind name of open-data portal catalogues (`atlas ingest portal-catalog`, POST /api/ingest/portal-catalog). */
export const PORTAL_KIND = 'portal-catalog';

export interface PortalIngestOptions extends Omit<IngestOptions, 'kind' | 'reader'>, CatalogOptions {}

/** What the mapping found, beside the engine's summary: the numbers a bureau needs to improve its synonym tables. */
export interface PortalReport {
  portal: string;
  layout: string;
  gzip: boolean;
  /** Non-blank records read from the file, exact repeats included. */
  rows_read: number;
  /** Records that became registrations or repeat one exactly (merged into it). */
  accepted: number;
  accepted_share: number;
  /** Distinct records after merging exact repeats. */
  records: number;
  repeats: number;
  rejected: number;
  /** Per mapped field: present, mapped, placeholder, unmapped, mapped_share (over distinct accepted records). */
  fields: Row[];
  /** Raw labels no table could map, with how many records carry them (placeholders are unknown on purpose, not listed). */
  unmapped: Row[];
  /** Per province and per portal: rows read, accepted, repeats, rejected, records. */
  regions: Row[];
  portals: Row[];
}

export type PortalIngestSummary = Omit<IngestSummary, 'kind'> & {
  kind: typeof PORTAL_KIND;
  portal: PortalReport | null;
};

/** How many unmapped labels the stored batch summary keeps (the returned report has them all). */
const SUMMARY_UNMAPPED = 200;

/**
 * Import one open-data portal catalogue as registration records. The ingestion engine does the rest of the work
 * (validation, upsert by key with history, warnings, rollups, batch and rejects, one transaction); this feature brings
 * the read + map step: a gzipped file is decompressed and a workbook turned into NDJSON first, then the catalogue is
 * mapped through the tables in mappings/ (map-catalog.ts) and handed to the engine as registration rows whose key is
 * derived from the portal identity, so a newer crawl replaces records instead of adding them.
 */
export async function ingestPortalCatalog(db: AtlasDb, opts: PortalIngestOptions): Promise<PortalIngestSummary> {
  const started = performance.now();
  const fileName = opts.fileName ?? path.basename(opts.path);
  if (!fs.existsSync(opts.path) || !fs.statSync(opts.path).isFile())
    throw new AtlasError('portal_no_file', `no such file: ${opts.path}`, 400, undefined, `文件不存在：${opts.path}`);
  // The engine reads the decompressed or converted form (its bytes and sha256 are of that); report the file as given.
  const fileBytes = fs.statSync(opts.path).size;
  const info = detectCatalogFile(opts.path, fileName);
  const workspace = IngestWorkspace.of(db);
  const tmp = workspace.newDirSync('portal-');
  // What the file expands to is bounded like an upload (ATLAS_MAX_UPLOAD_MB), and counts against the quota.
  const expanded = workspace.meter({ capBytes: ingestLimits().maxUploadBytes, decompressed: true });
  try {
    let readPath = opts.path;
    if (info.format === 'xlsx') {
      readPath = path.join(tmp, 'sheet.ndjson');
      await xlsxToNdjson(opts.path, readPath, expanded);
    } else if (info.gzip) {
      readPath = path.join(tmp, 'catalog');
      await gunzipTo(opts.path, readPath, expanded);
    }
    const prepareMs = Math.round(performance.now() - started);
    let report: PortalReport | null = null;
    let batchId = 0;
    const reader: SourceReader = async (ctx) => {
      batchId = ctx.batchId;
      const layout = ctx.file.format;
      if (layout === 'parquet')
        throw new AtlasError(
          'portal_bad_file',
          `${fileName}: a portal catalogue is JSON, NDJSON, CSV or XLSX, not Parquet`,
          400,
          undefined,
          `${fileName}：门户目录应为 JSON、NDJSON、CSV 或 XLSX，而不是 Parquet`,
        );
      // the engine reports progress around its own statements; the mapping reports its steps with the records read
      let staged = 0;
      await mapCatalog(ctx.con, ctx.file.readPath, layout, fileName, opts, async (step) => {
        if (step === 'staged') staged = (await queryOne<{ n: number }>(ctx.con, sqlFile('portal/staged_rows')))!.n;
        opts.onProgress?.({
          phase: 'reading',
          rows_read: staged,
          rows_validated: 0,
          elapsed_ms: Math.round(performance.now() - started),
        });
      });
      report = await buildReport(ctx.con, info.format === 'xlsx' ? 'xlsx' : layout, info.gzip);
      await execute(ctx.con, sqlFile('portal/insert_rejects'), { batch_id: ctx.batchId, file_name: fileName });
      return registrationSource(report.rejected);
    };
    const summary = await ingestFile(db, {
      ...opts,
      kind: 'registration',
      path: readPath,
      fileName,
      reader,
      beforeCommit: async (con) => {
        if (report) await markBatch(con, batchId, report, fileBytes);
        await opts.beforeCommit?.(con);
      },
    });
    // the engine's clock starts after the decompression or workbook conversion: count that too
    return finalSummary(
      {
        ...summary,
        bytes: fileBytes,
        elapsed_ms: Math.round(performance.now() - started),
        phases_ms: { prepare: prepareMs, ...summary.phases_ms },
      },
      report,
    );
  } finally {
    workspace.removeDirSync(tmp);
    expanded.release();
  }
}

/** The mapped records (portal_accepted) as the engine's source relation, one expression per registration column. */
function registrationSource(readerRejects: number): ReadResult {
  const types: Record<string, string> = {
    record_count: 'BIGINT',
    storage_gb: 'DOUBLE',
    quality_score: 'DOUBLE',
    in_authorized_scope: 'BOOLEAN',
    raw: 'JSON',
    submitted_at: 'DATE',
    accepted_at: 'DATE',
    notice_start: 'DATE',
    notice_end: 'DATE',
    registered_at: 'DATE',
    first_operation_date: 'DATE',
  };
  const columns = new Map<string, SourceColumn>(
    KINDS.registration.columns.map((c) => [c.name, { expr: `s.${c.name}`, type: types[c.name] ?? 'VARCHAR' }]),
  );
  return { source: { relation: 'portal_accepted', line: 's.line', columns, params: {} }, readerRejects, notes: [] };
}

async function buildReport(con: DuckDBConnection, layout: string, gzip: boolean): Promise<PortalReport> {
  const t = (await queryOne(con, sqlFile('portal/report_totals')))!;
  const portals = await queryRows(con, sqlFile('portal/report_portals'));
  const rowsRead = Number(t.rows_read);
  return {
    portal: portals.length === 1 ? String(portals[0].portal) : `${portals.length} portals`,
    layout,
    gzip,
    rows_read: rowsRead,
    accepted: Number(t.accepted),
    accepted_share: share(Number(t.accepted), rowsRead),
    records: Number(t.records),
    repeats: Number(t.repeats),
    rejected: Number(t.rejected),
    fields: await queryRows(con, sqlFile('portal/report_fields')),
    unmapped: await queryRows(con, sqlFile('portal/report_unmapped')),
    regions: await queryRows(con, sqlFile('portal/report_regions')),
    portals,
  };
}

async function markBatch(
  con: DuckDBConnection,
  batchId: number,
  report: PortalReport,
  fileBytes: number,
): Promise<void> {
  const { rejected } = (await queryOne<{ rejected: number }>(con, sqlFile('portal/batch_rejected'), {
    batch_id: batchId,
  }))!;
  const accepted = report.rows_read - rejected;
  await execute(con, sqlFile('portal/batch_mark'), {
    batch_id: batchId,
    rows_read: report.rows_read,
    file_bytes: fileBytes,
    patch: JSON.stringify({
      kind: PORTAL_KIND,
      rows_read: report.rows_read,
      bytes: fileBytes,
      accepted,
      portal: {
        ...report,
        accepted,
        accepted_share: share(accepted, report.rows_read),
        rejected,
        unmapped: report.unmapped.slice(0, SUMMARY_UNMAPPED),
      },
    }),
  });
}

/** The engine's summary in portal terms: every record read counts, exact repeats are accepted (merged), not lost. */
function finalSummary(summary: IngestSummary, report: PortalReport | null): PortalIngestSummary {
  if (!report) return { ...summary, kind: PORTAL_KIND, portal: null };
  const accepted = summary.status === 'COMMITTED' ? report.rows_read - summary.rejected : 0;
  return {
    ...summary,
    kind: PORTAL_KIND,
    rows_read: report.rows_read,
    accepted,
    portal: { ...report, accepted, accepted_share: share(accepted, report.rows_read), rejected: summary.rejected },
  };
}

const share = (n: number, of: number) => (of ? Math.round((n / of) * 1e4) / 1e4 : 0);

/** A kind `atlas ingest` and POST /api/ingest/:kind accept: the engine's kinds and portal-catalog. */
export function isIngestKind(kind: string): boolean {
  return isKind(kind) || kind === PORTAL_KIND;
}

/** The engine's ingestFile, or this importer for kind portal-catalog (the CLI and the upload jobs call this). */
export function ingestFileOrCatalog(
  db: AtlasDb,
  opts: IngestOptions & CatalogOptions,
): Promise<IngestSummary | PortalIngestSummary> {
  if (opts.kind !== PORTAL_KIND) return ingestFile(db, opts);
  const { kind: _kind, reader: _reader, ...rest } = opts;
  return ingestPortalCatalog(db, rest);
}
