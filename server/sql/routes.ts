import { randomUUID } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { endpoints } from '../../contract/endpoints.ts';
import type { AppContext } from '../api/context.ts';
import { route, SENT } from '../api/endpoint.ts';
import { NATIONAL, type Scope } from '../db/scope.ts';
import { ARROW_MIME, headerName, resultFormat, sendTable } from '../api/respond.ts';
import { parseExportFormat, sendExport } from './export.ts';
import { AnalystSandbox } from './sandbox.ts';
import { exampleQueries, parseSavedInput, SavedQueries } from './saved.ts';
import { readSchema } from './schema-info.ts';
import { residentMb } from './worker-host.ts';

/**
 * The regions whose rows this request's analyst SQL, exports and schema counts may see. National until accounts exist:
 * the accounts work answers the signed-in account's scope here.
 */
function scopeOf(_req: Request): Scope {
  return NATIONAL;
}

/**
 * Analyst SQL API: POST /api/sql, /api/sql/cancel, /api/sql/export, GET /api/schema, /api/sql/status, saved queries.
 * `opts.scopeOf` replaces scopeOf (tests mount the routes for a scoped reader with it).
 */
export function sqlRoutes(ctx: AppContext, opts: { scopeOf?: (req: Request) => Scope } = {}): Router {
  const scopeFor = opts.scopeOf ?? scopeOf;
  const sandbox = new AnalystSandbox(ctx.db, { log: ctx.log });
  const saved = new SavedQueries(ctx.db);
  ctx.onClose(() => sandbox.close());
  const router = Router();

  route(router, endpoints.sql, async ({ body }, req, res) => {
    const result = await sandbox.run(body.sql as string, {
      limit: body.limit ?? undefined,
      timeoutMs: body.timeout_ms ?? undefined,
      queryId: body.query_id || randomUUID(),
      signal: abortOnDisconnect(res),
      scope: scopeFor(req),
    });
    if (resultFormat(req) === 'arrow') {
      // the worker's Arrow IPC bytes, as they are: the meta is in their schema metadata already. res.end, not res.send:
      // an ETag (a SHA-1 of every result) is of no use for a POST answer
      for (const [k, v] of Object.entries(result.meta)) res.setHeader(`X-Atlas-${headerName(k)}`, String(v));
      res.setHeader('Content-Type', ARROW_MIME);
      res.setHeader('Content-Length', String(result.ipc.byteLength));
      res.end(result.ipc);
    } else {
      const { rows: _rows, ...meta } = result.meta;
      sendTable(req, res, result.table, { filename: 'atlas-query', meta });
    }
    return SENT;
  });

  route(router, endpoints.sqlCancel, ({ body }) => {
    const state = sandbox.cancel(body.query_id);
    return { query_id: body.query_id, cancelled: state !== null, state };
  });

  // JSON from scripts, or a plain form post from the page so the browser downloads the stream itself.
  router.use(endpoints.sqlExport.path, express.urlencoded({ extended: false, limit: '2mb' }));
  route(router, endpoints.sqlExport, async ({ body }, req, res) => {
    await sendExport(sandbox, res, body.sql as string, parseExportFormat(body.format ?? 'csv'), {
      queryId: body.query_id || randomUUID(),
      signal: abortOnDisconnect(res),
      scope: scopeFor(req),
    });
    return SENT;
  });

  route(router, endpoints.sqlStatus, () => {
    const w = sandbox.worker;
    return {
      running: sandbox.gate.running,
      waiting: sandbox.gate.waiting,
      slots: sandbox.limits.slots,
      snapshot: sandbox.snapshots.info(),
      limits: { ...sandbox.limits, maxRssMb: w.maxRssMb },
      worker: { pid: w.pid, rss_mb: w.pid ? residentMb(w.pid) : null, starts: w.starts, last_exit: w.lastExit },
    };
  });

  route(router, endpoints.schema, (_input, req) => readSchema(sandbox, scopeFor(req)));
  route(router, endpoints.savedList, async () => ({ examples: exampleQueries(), saved: await saved.list() }));
  route(router, endpoints.savedGet, ({ params }) => saved.get(params.id));
  route(router, endpoints.savedCreate, async (_input, req, res) => {
    res.status(201).json(await saved.create(parseSavedInput(req.body)));
    return SENT;
  });
  route(router, endpoints.savedUpdate, ({ params }, req) => saved.update(params.id, parseSavedInput(req.body)));
  route(router, endpoints.savedDelete, async ({ params }, _req, res) => {
    await saved.remove(params.id);
    res.status(204).end();
    return SENT;
  });

  return router;
}

/** A signal that fires when the client closes the connection before the answer is complete (a closed tab, fetch abort). */
function abortOnDisconnect(res: Response): AbortSignal {
  const ac = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) ac.abort(new Error('client disconnected'));
  });
  return ac.signal;
}
