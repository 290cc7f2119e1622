import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { AtlasDb } from '../db/database.ts';
import { DIST_DIR } from '../db/paths.ts';
import { AtlasError } from '../errors.ts';
import { createLogger, type Logger } from '../log.ts';
import { dashboardRoutes } from '../dashboard/routes.ts';
import { indicatorRoutes } from '../indicators/routes.ts';
import { ingestRoutes, isUploadRequest } from '../ingest/routes.ts';
import { operatorRoutes } from '../operators/routes.ts';
import { pricingRoutes } from '../pricing/routes.ts';
import { sqlRoutes } from '../sql/routes.ts';
import { authenticate, hostGuard, sameOriginGuard } from '../auth/http.ts';
import { oidcSettings, type OidcSettings } from '../auth/oidc-config.ts';
import { oidcRoutes } from '../auth/oidc-routes.ts';
import { authRoutes } from '../auth/routes.ts';
import { AuthService, authSetting } from '../auth/service.ts';
import { SecurityStore } from '../auth/store.ts';
import { auditRoutes } from '../audit/routes.ts';
import { auditLogOf, type AuditLog } from '../audit-log.ts';
import { Admission, admissionSettings, type AdmissionSettings } from './admission.ts';
import { rateLimit } from './rate-limit.ts';
import type { AppContext, RouteModule } from './context.ts';
import { backgroundQueue } from './background.ts';
import { coreRoutes } from './core-routes.ts';

export interface CreateAppOptions {
  db: AtlasDb;
  log?: Logger;
  /** Built web app to serve; null for API only. Default dist/ when it exists. */
  staticDir?: string | null;
  /** Precompute the default dashboard views at start-up and the recently used ones after each ingest (`atlas serve`). */
  warm?: boolean;
  /** The interface the server listens on (local mode only on loopback). Default 127.0.0.1. */
  host?: string;
  /** ATLAS_AUTH: auto (default) or required. */
  auth?: 'auto' | 'required';
  /** Single sign-on; default from the ATLAS_OIDC_* variables (null: off). */
  oidc?: OidcSettings | null;
  /** Admission limits per class of work; default from the environment (admission.ts). */
  admission?: Partial<AdmissionSettings>;
}

export interface AtlasApp {
  app: express.Express;
  ctx: AppContext;
  /** Accounts, sessions and tokens (tests create accounts through it). */
  auth: AuthService;
  /** The audit trail every route records to (ctx.audit). */
  audit: AuditLog;
  /** Release what the route modules set up (sandbox instances, timers). Does not close the main database. */
  close(): Promise<void>;
}

/** Every feature's routes, mounted under /api in this order. */
const ROUTE_MODULES: RouteModule[] = [
  coreRoutes,
  ingestRoutes,
  dashboardRoutes,
  indicatorRoutes,
  operatorRoutes,
  pricingRoutes,
  sqlRoutes,
];

export async function createApp(opts: CreateAppOptions): Promise<AtlasApp> {
  const log = opts.log ?? createLogger();
  const closers: (() => void | Promise<void>)[] = [];
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.locals.admission = new Admission({ ...admissionSettings(), ...opts.admission });
  // behind a reverse proxy (docs/security.md): ATLAS_TRUST_PROXY as Express reads it (1 = one hop, a list of addresses…),
  // so the client's address in the audit log, the throttle and the rate limit is the real one
  if (process.env.ATLAS_TRUST_PROXY) app.set('trust proxy', trustProxy(process.env.ATLAS_TRUST_PROXY));

  const oidc = opts.oidc === undefined ? oidcSettings() : opts.oidc;
  const store = await SecurityStore.open(opts.db.path);
  const audit = auditLogOf(store);
  const background = backgroundQueue(log);
  const ctx: AppContext = {
    db: opts.db,
    log,
    audit,
    warm: !!opts.warm,
    background,
    onClose: (fn) => closers.push(fn),
  };
  const auth = new AuthService(store, opts.auth ?? authSetting(), opts.host ?? '127.0.0.1');
  try {
    await auth.start();
  } catch (err) {
    store.close();
    throw err;
  }
  closers.push(
    () => store.close(),
    () => audit.flush(),
    () => auth.close(),
  );

  app.use(requestLog(log));
  app.use(hostGuard());
  app.use(helmet({ contentSecurityPolicy: { directives: CSP }, crossOriginEmbedderPolicy: false }));
  app.use('/api', sameOriginGuard(), authenticate(auth), rateLimit());
  // An upload's body is the file itself: never parsed here, so a JSON one reaches the upload and is refused with 415.
  const json = express.json({ limit: '2mb' });
  app.use('/api', (req, res, next) => (isUploadRequest(req) ? next() : json(req, res, next)));
  app.use('/api', authRoutes(auth, audit), oidcRoutes(auth, oidc, log));
  app.use('/api', auditRoutes(store));
  for (const mod of ROUTE_MODULES) app.use('/api', await mod(ctx));
  // closed first (closers run in reverse): no background job may still be running when the features close, and none
  // that has not started will
  closers.push(() => background.stop());
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
    auth,
    audit,
    close: async () => {
      for (const fn of closers.reverse()) await fn();
    },
  };
}

/**
 * No inline script and nothing from elsewhere. Styles may be inline: ECharts and the Svelte components set element
 * styles, and a style cannot run code. Images may be data: or blob: URLs (chart exports).
 */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  baseUri: ["'self'"],
  // the server may run on plain http on an intranet or loopback: asking the browser to upgrade would break it
  upgradeInsecureRequests: null,
};

function trustProxy(v: string): boolean | number | string {
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}

function noCacheForHtml(res: Response, file: string) {
  if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestLog(log: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    // echoed in a header: a client's own id only when short and plain, never megabytes or a line break
    const given = req.get('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
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
    // an overload answer (errors.ts busy, 429) says when to come back, in the header clients and proxies read
    const retry = (details as { retry_after?: unknown } | undefined)?.retry_after;
    if ((status === 503 || status === 429) && typeof retry === 'number') res.setHeader('Retry-After', String(retry));
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
