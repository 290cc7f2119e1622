import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import busboy from 'busboy';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../api/context.ts';
import { queryOne, queryRows } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { csvCell } from '../csv.ts';
import { AtlasError, badRequest, notFound } from '../errors.ts';
import { PORTAL_KIND, isIngestKind } from './portal/import-catalog.ts';
import { catalogOptionsFromQuery } from './portal/catalog-params.ts';
import { IngestJobs, jobView } from './jobs.ts';
import { unknownKind } from './pipeline.ts';
import { rejectMessage, warningMessage } from './reasons.ts';

/** Uploads larger than this are refused while streaming (413). */
export const MAX_UPLOAD_BYTES = 2 * 2 ** 30;

/** Ingestion API: POST /api/ingest/:kind (upload), progress and batch reports. */
export function ingestRoutes(ctx: AppContext): Router {
  const { db } = ctx;
  const jobs = new IngestJobs(db, ctx.log);
  ctx.onClose(() => jobs.drain());
  const router = Router();

  router.post('/ingest/:kind', async (req, res) => {
    const kind = req.params.kind;
    if (!isIngestKind(kind)) throw unknownKind(kind);
    const catalog = kind === PORTAL_KIND ? catalogOptionsFromQuery(req.query) : undefined;
    const strict = flag(req, 'strict');
    const wait = flag(req, 'wait');
    const upload = await receiveUpload(req);
    const job = jobs.start({
      kind,
      path: upload.path,
      fileName: upload.fileName,
      strict,
      cleanup: upload.cleanup,
      catalog,
    });
    if (!wait) {
      res.status(202).json({ job: jobView(job) });
      return;
    }
    await job.finished;
    if (job.state === 'failed') throw new AtlasError(job.error!.code, job.error!.message, 500, { job: jobView(job) });
    res.status(job.summary!.status === 'REFUSED' ? 422 : 200).json({ job: jobView(job), summary: job.summary });
  });

  router.get('/ingest/jobs/:id', (req, res) => {
    const job = jobs.get(req.params.id);
    if (!job)
      throw notFound(
        'unknown_job',
        `no ingest job ${req.params.id} (jobs are kept in memory until the server restarts)`,
      );
    res.json(jobView(job));
  });

  router.get('/ingest/batches', async (req, res) => {
    const { limit, offset } = page(req, 50, 1000);
    const batches = await db.withConnection((con) => queryRows(con, sqlFile('ingest/batch_list'), { limit, offset }));
    res.json({ batches, limit, offset });
  });

  router.get('/ingest/batches/:id', async (req, res) => {
    const batchId = batchParam(req);
    const body = await db.withConnection(async (con) => {
      const batch = await queryOne(con, sqlFile('ingest/batch_get'), { batch_id: batchId });
      if (!batch) throw notFound('unknown_batch', `no ingest batch ${batchId}`);
      const warnings = await queryRows<{ rule_code: string; warnings: number }>(
        con,
        sqlFile('ingest/batch_warning_counts'),
        { batch_id: batchId },
      );
      const rejects = await queryRows<{ reason_code: string; problems: number; lines: number }>(
        con,
        sqlFile('ingest/batch_reject_counts'),
        { batch_id: batchId },
      );
      return {
        ...batch,
        summary: typeof batch.summary === 'string' ? JSON.parse(batch.summary) : batch.summary,
        warnings_by_rule: warnings.map((w) => ({
          rule_code: w.rule_code,
          count: w.warnings,
          ...warningMessage(w.rule_code),
        })),
        rejects_by_reason: rejects.map((r) => ({
          reason_code: r.reason_code,
          count: r.problems,
          lines: r.lines,
          ...rejectMessage(r.reason_code),
        })),
      };
    });
    res.json(body);
  });

  router.get('/ingest/batches/:id/rejects', async (req, res) => {
    const batchId = batchParam(req);
    if (req.query.format === 'csv') {
      await sendRejectsCsv(ctx, batchId, res);
      return;
    }
    const { limit, offset } = page(req, 100, 10_000);
    const body = await db.withConnection(async (con) => {
      const batch = await queryOne(con, sqlFile('ingest/batch_get'), { batch_id: batchId });
      if (!batch) throw notFound('unknown_batch', `no ingest batch ${batchId}`);
      const rows = await queryRows<{ reason_code: string }>(con, sqlFile('ingest/batch_rejects'), {
        batch_id: batchId,
        limit,
        offset,
      });
      return {
        batch_id: batchId,
        limit,
        offset,
        rejects: rows.map((r) => ({ ...r, message: rejectMessage(r.reason_code) })),
      };
    });
    res.json(body);
  });

  return router;
}

function flag(req: Request, name: string): boolean {
  const v = req.query[name];
  if (v === undefined) return false;
  if (v === 'true' || v === '1' || v === '') return true;
  if (v === 'false' || v === '0') return false;
  throw badRequest('invalid_parameter', `${name} must be true or false, got ${JSON.stringify(v)}`, { field: name });
}

function page(req: Request, defaultLimit: number, maxLimit: number): { limit: number; offset: number } {
  const num = (name: string, dflt: number, max: number) => {
    const v = req.query[name];
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > max)
      throw badRequest('invalid_parameter', `${name} must be an integer from 0 to ${max}`, { field: name });
    return n;
  };
  return { limit: num('limit', defaultLimit, maxLimit), offset: num('offset', 0, Number.MAX_SAFE_INTEGER) };
}

function batchParam(req: Request): number {
  const id = Number(req.params.id);
  if (!Number.isInteger(id) || id < 1)
    throw badRequest('invalid_parameter', `batch id must be a positive integer, got ${JSON.stringify(req.params.id)}`);
  return id;
}

/** Every reject of a batch as CSV, page by page, so a file with millions of rejects never sits in memory at once. */
async function sendRejectsCsv(ctx: AppContext, batchId: number, res: Response) {
  const exists = await ctx.db.withConnection((con) =>
    queryOne(con, sqlFile('ingest/batch_get'), { batch_id: batchId }),
  );
  if (!exists) throw notFound('unknown_batch', `no ingest batch ${batchId}`);
  res.type('text/csv; charset=utf-8');
  res.attachment(`batch-${batchId}-rejects.csv`);
  res.write('line,field,value,reason_code,reason\r\n');
  const PAGE = 10_000;
  for (let offset = 0; ; offset += PAGE) {
    const rows = await ctx.db.withConnection((con) =>
      queryRows(con, sqlFile('ingest/batch_rejects'), { batch_id: batchId, limit: PAGE, offset }),
    );
    const text = rows
      .map((r) => [r.line, r.field, r.value, r.reason_code, r.reason].map(csvCell).join(','))
      .join('\r\n');
    if (text) res.write(text + '\r\n');
    if (rows.length < PAGE) break;
  }
  res.end();
}

interface Upload {
  path: string;
  fileName: string;
  cleanup: () => Promise<void>;
}

/** Stream the request body (multipart field `file`, or the raw body with ?filename=) to a temporary file. */
async function receiveUpload(req: Request): Promise<Upload> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'atlas-upload-'));
  const file = path.join(dir, 'upload');
  const cleanup = () => fs.promises.rm(dir, { recursive: true, force: true });
  try {
    const contentType = req.get('content-type') ?? '';
    let fileName: string;
    if (contentType.startsWith('multipart/form-data')) {
      fileName = await receiveMultipart(req, file);
    } else {
      const q = req.query.filename;
      fileName = typeof q === 'string' && q.trim() ? q.trim() : 'upload';
      await pipeline(req, sizeLimit(), fs.createWriteStream(file));
    }
    return { path: file, fileName: path.basename(fileName).slice(0, 255), cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function sizeLimit(): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      if (total > MAX_UPLOAD_BYTES)
        done(new AtlasError('payload_too_large', `the upload is larger than ${MAX_UPLOAD_BYTES / 2 ** 30} GB`, 413));
      else done(null, chunk);
    },
  });
}

function receiveMultipart(req: Request, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_UPLOAD_BYTES, fields: 20 } });
    } catch (err) {
      reject(badRequest('invalid_upload', `the multipart body could not be read: ${(err as Error).message}`));
      return;
    }
    let name: string | null = null;
    let writing: Promise<void> | null = null;
    let tooLarge = false;
    bb.on('file', (field, stream, info) => {
      if (field !== 'file' || name !== null) {
        stream.resume();
        return;
      }
      name = info.filename || 'upload';
      stream.on('limit', () => {
        tooLarge = true;
      });
      writing = pipeline(stream, fs.createWriteStream(target));
    });
    bb.on('error', (err) =>
      reject(badRequest('invalid_upload', `the multipart body could not be read: ${(err as Error).message}`)),
    );
    bb.on('close', () => {
      if (name === null) {
        reject(
          badRequest(
            'missing_file',
            'send the file in a multipart/form-data field named "file" (or as the raw body with ?filename=)',
          ),
        );
        return;
      }
      writing!.then(() => {
        if (tooLarge)
          reject(
            new AtlasError('payload_too_large', `the upload is larger than ${MAX_UPLOAD_BYTES / 2 ** 30} GB`, 413),
          );
        else resolve(name!);
      }, reject);
    });
    req.pipe(bb);
  });
}
