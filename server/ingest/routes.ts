import { Router, type Request, type Response } from 'express';
import { endpoints } from '../../contract/endpoints.ts';
import type { AppContext } from '../api/context.ts';
import type { Scope } from '../db/scope.ts';
import { route, SENT } from '../api/endpoint.ts';
import { signedIn } from '../api/identity.ts';
import { actorOf } from '../audit-log.ts';
import { AtlasError, notFound } from '../errors.ts';
import { recordIngest, type IngestResult } from './audit.ts';
import { PORTAL_KIND, isIngestKind } from './portal/import-catalog.ts';
import { BatchHistory } from './batches.ts';
import { templateCsv } from './templates.ts';
import { IngestJobs, jobView } from './jobs.ts';
import { unknownKind } from './pipeline.ts';
import { recoverInterruptedIngests } from './interrupted.ts';
import { receiveUpload } from './upload.ts';
import { IngestWorkspace } from './workspace.ts';

/** POST /api/ingest/<kind> (as the /api router sees it): its body is a file, which no body parser may read first. */
export const isUploadRequest = (req: Request) => req.method === 'POST' && /^\/ingest\/[^/]+\/?$/.test(req.path);

/** Who uploads and the regions they may load: a scoped steward's rows outside them are rejected as out_of_scope. */
function loader(res: Response): { scope: Scope; account: string | null } {
  const id = signedIn(res);
  return { scope: id.scope, account: id.mode === 'local' ? null : id.user };
}

/**
 * Ingestion API: POST /api/ingest/:kind (upload), progress and batch reports. Before mounting, what a killed process
 * left behind is cleaned up: its upload folders removed, its unfinished ingests recorded as FAILED batches.
 */
export async function ingestRoutes(ctx: AppContext): Promise<Router> {
  await recoverInterruptedIngests(ctx.db, ctx.log);
  const workspace = IngestWorkspace.of(ctx.db);
  const jobs = new IngestJobs(ctx.db, ctx.log);
  const history = new BatchHistory(ctx.db);
  ctx.onClose(async () => {
    await jobs.drain();
    await workspace.dispose();
  });
  const router = Router();

  route(router, endpoints.upload, async ({ params, query }, req, res) => {
    const { kind } = params;
    if (!isIngestKind(kind)) throw unknownKind(kind);
    const { portal, province, city } = query;
    const catalog = kind === PORTAL_KIND ? { portal, province, city } : undefined;
    const upload = await receiveUpload(req, query.filename, workspace);
    const who = actorOf(req, res);
    const recorded = (r: IngestResult) => recordIngest(ctx.audit, who, kind, upload.fileName, r);
    let job;
    try {
      job = jobs.start({ kind, ...upload, strict: query.strict, catalog, ...loader(res), recorded });
    } catch (err) {
      await upload.cleanup();
      throw err;
    }
    if (!query.wait) {
      res.status(202).json({ job: jobView(job) });
      return SENT;
    }
    await job.finished;
    if (job.state === 'failed') {
      const f = job.failure;
      // A bound crossed while the job ran (a catalogue that decompresses past the cap: 413) keeps its status.
      const status = f && f.status >= 400 && f.status < 500 ? f.status : 500;
      throw new AtlasError(job.error!.code, job.error!.message, status, { job: jobView(job) }, f?.messageZh);
    }
    res.status(job.summary!.status === 'REFUSED' ? 422 : 200).json({ job: jobView(job), summary: job.summary });
    return SENT;
  });

  route(router, endpoints.job, ({ params }) => {
    const job = jobs.get(params.id);
    if (!job)
      throw notFound(
        'unknown_job',
        `no ingest job ${params.id} (jobs are kept in memory until the server restarts)`,
        undefined,
        `没有导入任务 ${params.id}（任务只保存在内存中，服务重启后即清空）`,
      );
    return jobView(job);
  });

  route(router, endpoints.ingestTemplate, ({ params }, _req, res) => {
    const text = templateCsv(params.kind);
    res.type('text/csv; charset=utf-8');
    res.attachment(`atlas-${params.kind}-template.csv`);
    // a BOM so that Excel, where stewards often fill a template in, reads the Chinese example as UTF-8
    res.send('\uFEFF' + text);
    return SENT;
  });
  route(router, endpoints.batches, async ({ query: { limit, offset } }) => ({
    batches: await history.list(limit, offset),
    limit,
    offset,
  }));
  route(router, endpoints.batch, ({ params }, _req, res) => history.get(params.id, signedIn(res).scope));
  for (const which of ['rejects', 'warnings'] as const) {
    route(
      router,
      which === 'rejects' ? endpoints.batchRejects : endpoints.batchWarnings,
      async ({ params, query }, _req, res) => {
        const { scope } = signedIn(res);
        if (query.format !== 'csv') return history.problems(which, params.id, query.limit, query.offset, scope);
        await history.sendProblemsCsv(which, params.id, res, scope);
        return SENT;
      },
    );
  }

  return router;
}
