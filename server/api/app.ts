import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AtlasDb } from '../db/database.ts';
import { DIST_DIR } from '../db/paths.ts';
import { AtlasError } from '../errors.ts';
import { createLogger, type Logger } from '../log.ts';
import { dashboardRoutes } from '../dashboard/routes.ts';
import { indicatorRoutes } from '../indicators/routes.ts';
import { ingestRoutes } from '../ingest/routes.ts';
import { sqlRoutes } from '../sql/routes.ts';
import type { AppContext, RouteModule } from './context.ts';
import { coreRoutes } from './core-routes.ts';

export interface CreateAppOptions {
  db: AtlasDb;
  log?: Logger;
  /** Built web app to serve; null for API only. Default dist/ when it exists. */
  staticDir?: string | null;
  /** Precompute the default dashboard views at start-up and the recently used ones after each ingest (`atlas serve`). */
  warm?: boolean;
}

export interface AtlasApp {
  app: express.Express;
  ctx: AppContext;
  /** Release what the route modules set up (sandbox instances, timers). Does not close the main database. */
  close(): Promise<void>;
}

/** Every feature's routes, mounted under /api in this order. */
const ROUTE_MODULES: RouteModule[] = [coreRoutes, ingestRoutes, dashboardRoutes, indicatorRoutes, sqlRoutes];

export async function createApp(opts: CreateAppOptions): Promise<AtlasApp> {
  const log = opts.log ?? createLogger();
  const closers: (() => void | Promise<void>)[] = [];
  const ctx: AppContext = { db: opts.db, log, warm: !!opts.warm, onClose: (fn) => closers.push(fn) };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');

  app.use(requestLog(log));
  app.use('/api', express.json({ limit: '2mb' }));
  for (const mod of ROUTE_MODULES) app.use('/api', await mod(ctx));
  app.use('/api', (req, _res, next) =>
    next(
      new AtlasError(
        'not_found',
        `no API route ${req.method} ${req.originalUrl}`,
        404,
        undefined,
        `没有 API 路由 ${req.method} ${req.originalUrl}`,
      ),
    ),
  );

  const staticDir = opts.staticDir === undefined ? DIST_DIR : opts.staticDir;
  if (staticDir && fs.existsSync(path.join(staticDir, 'index.html'))) {
    app.use(express.static(staticDir, { index: false, maxAge: '1h', setHeaders: noCacheForHtml }));
    // Every non-API path is a page of the single-page app (the URL carries the view state).
    app.get('/{*splat}', (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(staticDir, 'index.html'));
    });
  }
  app.use(errorHandler(log));

  return {
    app,
    ctx,
    close: async () => {
      for (const fn of closers.reverse()) await fn();
    },
  };
}

function noCacheForHtml(res: Response, file: string) {
  if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}

function requestLog(log: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = req.get('x-request-id') ?? randomUUID();
    res.setHeader('X-Request-Id', id);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      if (!req.originalUrl.startsWith('/api/')) return;
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      log.info(
        { req: { id, method: req.method, url: req.originalUrl }, status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    next();
  };
}

/** Errors as {"error": {"code", "message", "message_zh", "details"}} with a 4xx or 5xx status (contract/errors.ts). */
function errorHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let status = 500;
    let code = 'internal_error';
    let message = 'internal error';
    let messageZh: string | undefined;
    let details: unknown;
    if (err instanceof AtlasError) {
      ({ status, code, message, details, messageZh } = err);
    } else if (isHttpError(err)) {
      status = err.status;
      if (err.type === 'entity.too.large') {
        code = 'payload_too_large';
        message = err.message;
        messageZh = '请求体太大';
      } else if (err.type === 'entity.parse.failed') {
        code = 'invalid_json';
        message = `the request body is not valid JSON: ${err.message}`;
        messageZh = `请求体不是有效的 JSON：${err.message}`;
      } else {
        code = 'bad_request';
        message = err.message;
      }
    } else if (err instanceof Error) {
      message = err.message;
      messageZh = `服务器内部错误：${err.message}`;
    }
    if (status >= 500) log.error({ err, url: req.originalUrl }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = { code, message, message_zh: messageZh ?? message, ...(details === undefined ? {} : { details }) };
    res.status(status).json({ error: body });
  };
}

function isHttpError(err: unknown): err is { status: number; type?: string; message: string } {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { status?: unknown }).status === 'number' &&
    (err as { status: number }).status < 500
  );
}
