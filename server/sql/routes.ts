import { createHash, randomUUID } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { endpoints } from '../../contract/endpoints.ts';
import type { AppContext } from '../api/context.ts';
import { route, SENT } from '../api/endpoint.ts';
import { hasRole, signedIn } from '../api/identity.ts';
import { AtlasError } from '../errors.ts';
import { actorOf, errorOutcome } from '../audit-log.ts';
import type { Scope } from '../db/scope.ts';
import { sendAnswer } from './answer.ts';
import { BUSY_RETRY_SECONDS } from './gate.ts';
import { parseExportFormat, sendExport } from './export.ts';
import { exportFileName } from './export-name.ts';
import { withParams } from './params.ts';
import { AnalystSandbox } from './sandbox.ts';
import { exampleQueries, parseSavedInput, SavedQueries } from './saved.ts';
import { readSchema } from './schema-info.ts';
import { residentMb } from './worker-host.ts';

/**
 * Analyst SQL API: POST /api/sql, /api/sql/cancel, /api/sql/export, GET /api/schema, /api/sql/status, saved queries.
 * Every statement, export and schema count is the signed-in account's: their regions only (server/db/scope.ts).
 */
export function sqlRoutes(ctx: AppContext): Router {
  const scopeFor = (_req: Request, res: Response): Scope => signedIn(res).scope;
  const sandbox = new AnalystSandbox(ctx.db, { log: ctx.log });
  const saved = new SavedQueries(ctx.db);
  ctx.onClose(() => sandbox.close());
  const router = Router();
  // who started each running query: only they (or an administrator) may cancel it
  const starters = new Map<string, string>();
  const owned = async <T>(queryId: string, user: string, run: () => Promise<T>): Promise<T> => {
    starters.set(queryId, user);
    try {
      return await run();
    } finally {
      if (starters.get(queryId) === user) starters.delete(queryId);
    }
  };

  route(router, endpoints.sql, async ({ body: input }, req, res) => {
    const body = { ...input, sql: withParams(input.sql, input.params) };
    const queryId = body.query_id || randomUUID();
    const statement = { ...actorOf(req, res), action: 'sql', target: queryId } as const;
    const startedAt = performance.now();
    let recorded = false;
    await owned(queryId, signedIn(res).user, () =>
      sendAnswer(
        sandbox,
        req,
        res,
        body.sql as string,
        {
          limit: body.limit ?? undefined,
          timeoutMs: body.timeout_ms ?? undefined,
          queryId,
          signal: abortOnDisconnect(res),
          scope: scopeFor(req, res),
          user: signedIn(res).user,
        },
        async ({ rows, elapsed_ms, truncated, statement_type }) => {
          const detail = { ...sqlText(body.sql as string), rows, elapsed_ms, truncated, statement_type };
          await ctx.audit.record({ ...statement, outcome: 'ok', detail });
          recorded = true;
        },
      ),
    ).catch(async (err: unknown) => {
      retryAfter(res, err);
      const detail = { ...sqlText(body.sql as string), elapsed_ms: Math.round(performance.now() - startedAt) };
      if (!recorded) await ctx.audit.record({ ...statement, ...errorOutcome(err, detail) });
      throw err;
    });
    return SENT;
  });

  route(router, endpoints.sqlCancel, ({ body }, _req, res) => {
    const id = signedIn(res);
    const starter = starters.get(body.query_id);
    if (starter !== undefined && starter !== id.user && !hasRole(id, 'admin'))
      throw new AtlasError(
        'not_yours',
        `query ${body.query_id} was started by someone else; only they or an administrator may cancel it`,
        403,
        { query_id: body.query_id },
        `查询 ${body.query_id} 由他人发起；只有发起人或管理员可以取消`,
      );
    const state = sandbox.cancel(body.query_id);
    return { query_id: body.query_id, cancelled: state !== null, state };
  });

  // JSON from scripts, or a plain form post from the page so the browser downloads the stream itself.
  router.use(endpoints.sqlExport.path, express.urlencoded({ extended: false, limit: '2mb' }));
  // recorded once the stream has ended: how many rows left is known only then
  route(router, endpoints.sqlExport, async ({ body: input }, req, res) => {
    const body = { ...input, sql: withParams(input.sql, input.params) };
    const queryId = body.query_id || randomUUID();
    const exported = { ...actorOf(req, res), action: 'export', target: queryId } as const;
    const format = parseExportFormat(body.format ?? 'csv');
    const detail = { ...sqlText(body.sql as string), format };
    try {
      await owned(queryId, signedIn(res).user, () =>
        sendExport(
          sandbox,
          res,
          body.sql as string,
          format,
          { queryId, signal: abortOnDisconnect(res), scope: scopeFor(req, res), user: signedIn(res).user },
          exportFileName(String(body.sql), format, body.name),
        ),
      );
    } catch (err) {
      retryAfter(res, err);
      await ctx.audit.record({ ...exported, ...errorOutcome(err, detail) });
      throw err;
    }
    const rows = res.getHeader('X-Atlas-Rows');
    await ctx.audit.record({
      ...exported,
      outcome: 'ok',
      detail: { ...detail, rows: rows === undefined ? null : Number(rows) },
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

  route(router, endpoints.schema, (_input, req, res) => readSchema(sandbox, scopeFor(req, res)));
  route(router, endpoints.savedList, async (_input, _req, res) => ({
    examples: exampleQueries(),
    saved: await saved.list(signedIn(res)),
  }));
  route(router, endpoints.savedGet, ({ params }, _req, res) => saved.get(params.id, signedIn(res)));
  route(router, endpoints.savedCreate, async (_input, req, res) => {
    res.status(201).json(await saved.create(parseSavedInput(req.body), signedIn(res)));
    return SENT;
  });
  route(router, endpoints.savedUpdate, ({ params }, req, res) =>
    saved.update(params.id, parseSavedInput(req.body), signedIn(res)),
  );
  route(router, endpoints.savedDelete, async ({ params }, _req, res) => {
    await saved.remove(params.id, signedIn(res));
    res.status(204).end();
    return SENT;
  });

  return router;
}

/** A statement's text as its audit entry keeps it: whole up to 64 KiB, else cut, with its length and SHA-256. */
function sqlText(sql: string) {
  if (sql.length <= 65_536) return { sql };
  return {
    sql: sql.slice(0, 65_536),
    sql_chars: sql.length,
    sql_sha256: createHash('sha256').update(sql).digest('hex'),
  };
}

/** A full gate answers 503 at once; Retry-After says when to try again (the web app retries with backoff). */
function retryAfter(res: Response, err: unknown): void {
  if (err instanceof AtlasError && err.code === 'sql_busy' && !res.headersSent)
    res.setHeader('Retry-After', String(BUSY_RETRY_SECONDS));
}

/** A signal that fires when the client closes the connection before the answer is complete (a closed tab, fetch abort). */
function abortOnDisconnect(res: Response): AbortSignal {
  const ac = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) ac.abort(new Error('client disconnected'));
  });
  return ac.signal;
}
