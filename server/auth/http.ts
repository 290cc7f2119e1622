/**
 * The HTTP guards every request passes before a route (docs/security.md):
 * - hostGuard: the Host header names this server (loopback, or ATLAS_PUBLIC_HOSTS), so a page on another site cannot
 *   reach it through DNS rebinding;
 * - sameOriginGuard: a state-changing request (POST, PUT, PATCH, DELETE) carries a bearer token, or the header
 *   `X-Atlas-Request: 1` (which another site's page cannot send without a preflight the server refuses) and, when it
 *   has an Origin, this server's own;
 * - authenticate: res.locals.identity from a bearer token, the session cookie, or local mode.
 * Each endpoint's access rule (contract/endpoints.ts) is checked by route() once the identity is known.
 */
import type { NextFunction, Request, Response } from 'express';
import { AtlasError } from '../errors.ts';
import { isLoopback, type AuthService } from './service.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Host names (without port) besides loopback that this server answers to: ATLAS_PUBLIC_HOSTS, comma-separated. */
export function publicHosts(env = process.env.ATLAS_PUBLIC_HOSTS): string[] {
  return (env ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

/** The host name of a Host header, without its port ('[::1]:3000' → '[::1]'). */
export function hostName(host: string): string {
  const m = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(host.trim().toLowerCase());
  return m ? m[1] : '';
}

export function hostGuard(allowed: string[] = publicHosts()) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const name = hostName(req.get('host') ?? '');
    if (isLoopback(name) || allowed.includes(name)) return next();
    next(
      new AtlasError(
        'host_not_allowed',
        `this server does not answer to the host ${JSON.stringify(name)}; list it in ATLAS_PUBLIC_HOSTS to allow it`,
        421,
        { host: name },
        `本服务不响应主机名 ${JSON.stringify(name)}；如需允许，请将其加入 ATLAS_PUBLIC_HOSTS`,
      ),
    );
  };
}

export function sameOriginGuard() {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    if (/^Bearer\s/i.test(req.get('authorization') ?? '')) return next();
    const origin = req.get('origin');
    const own = `${req.protocol}://${req.get('host')}`;
    if (req.get('x-atlas-request') === '1' && (!origin || origin === own)) return next();
    next(
      new AtlasError(
        'cross_site_request',
        origin && origin !== own
          ? `a request from ${origin} may not change anything here`
          : 'a request that changes something needs the header X-Atlas-Request: 1 (or an API token)',
        403,
        { origin: origin ?? null },
        origin && origin !== own
          ? `来自 ${origin} 的请求不能修改本服务的任何内容`
          : '修改类请求须带请求头 X-Atlas-Request: 1（或使用 API 令牌）',
      ),
    );
  };
}

export function authenticate(auth: AuthService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.identity = await auth.identify(req);
      next();
    } catch (err) {
      next(err);
    }
  };
}
