import { randomUUID } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { AppContext } from '../api/context.ts';
import { ARROW_MIME, headerName, resultFormat, sendTable } from '../api/respond.ts';
import { badRequest } from '../errors.ts';
import { parseExportFormat, sendExport } from './export.ts';
import { AnalystSandbox } from './sandbox.ts';
import { exampleQueries, parseSavedId, parseSavedInput, SavedQueries } from './saved.ts';
import { readSchema } from './schema-info.ts';
import { residentMb } from './worker-host.ts';

/** Analyst SQL API: POST /api/sql, /api/sql/cancel, /api/sql/export, GET /api/schema, /api/sql/status, saved queries. */
export function sqlRoutes(ctx: AppContext): Router {
  const sandbox = new AnalystSandbox(ctx.db, { log: ctx.log });
  const saved = new SavedQueries(ctx.db);
  ctx.onClose(() => sandbox.close());
  const router = Router();

  router.post('/sql', async (req, res) => {
    const body = bodyOf(req);
    const result = await sandbox.run(body.sql as string, {
      limit: body.limit as number | undefined,
      timeoutMs: body.timeout_ms as number | undefined,
      queryId: queryIdOf(body),
      signal: abortOnDisconnect(res),
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
  });

  router.post('/sql/cancel', (req, res) => {
    const id = bodyOf(req).query_id;
    if (typeof id !== 'string' || id === '')
      throw badRequest('invalid_query_id', 'query_id is required', { field: 'query_id' });
    const state = sandbox.cancel(id);
    res.json({ query_id: id, cancelled: state !== null, state });
  });

  // JSON from scripts, or a plain form post from the page so the browser downloads the stream itself.
  router.post('/sql/export', express.urlencoded({ extended: false, limit: '2mb' }), async (req, res) => {
    const body = bodyOf(req);
    const format = parseExportFormat(body.format ?? 'csv');
    await sendExport(sandbox, res, body.sql as string, format, {
      queryId: queryIdOf(body),
      signal: abortOnDisconnect(res),
    });
  });

  router.get('/sql/status', (_req, res) => {
    const w = sandbox.worker;
    res.json({
      running: sandbox.gate.running,
      waiting: sandbox.gate.waiting,
      slots: sandbox.limits.slots,
      snapshot: sandbox.snapshots.info(),
      limits: { ...sandbox.limits, maxRssMb: w.maxRssMb },
      worker: { pid: w.pid, rss_mb: w.pid ? residentMb(w.pid) : null, starts: w.starts, last_exit: w.lastExit },
    });
  });

  router.get('/schema', async (_req, res) => {
    res.json(await readSchema(sandbox));
  });

  router.get('/sql/saved', async (_req, res) => {
    res.json({ examples: exampleQueries(), saved: await saved.list() });
  });

  router.get('/sql/saved/:id', async (req, res) => {
    res.json(await saved.get(parseSavedId(req.params.id)));
  });

  router.post('/sql/saved', async (req, res) => {
    res.status(201).json(await saved.create(parseSavedInput(req.body)));
  });

  router.put('/sql/saved/:id', async (req, res) => {
    res.json(await saved.update(parseSavedId(req.params.id), parseSavedInput(req.body)));
  });

  router.delete('/sql/saved/:id', async (req, res) => {
    await saved.remove(parseSavedId(req.params.id));
    res.status(204).end();
  });

  return router;
}

function bodyOf(req: Request): Record<string, unknown> {
  if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) {
    throw badRequest('invalid_body', 'send a JSON object such as {"sql": "SELECT …", "limit": 1000}');
  }
  return req.body as Record<string, unknown>;
}

function queryIdOf(body: Record<string, unknown>): string {
  const id = body.query_id;
  if (id === undefined || id === null || id === '') return randomUUID();
  if (typeof id !== 'string') throw badRequest('invalid_query_id', 'query_id must be text', { field: 'query_id' });
  return id;
}

/** A signal that fires when the client closes the connection before the answer is complete (a closed tab, fetch abort). */
function abortOnDisconnect(res: Response): AbortSignal {
  const ac = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) ac.abort(new Error('client disconnected'));
  });
  return ac.signal;
}
