/**
 * Single sign-on over HTTP (docs/api.md, "Single sign-on"): what the sign-in page may offer, the start (a redirect to
 * the provider) and the callback (the provider's answer: a session, then the page the user came from). Both are
 * browser navigations, so a failure is a redirect to the sign-in page with a code it can show, never a JSON answer.
 */
import { Router, type Response } from 'express';
import { SIGN_IN_PAGE, type SsoError } from '../../contract/auth.ts';
import { endpoints } from '../../contract/endpoints.ts';
import { SENT, route } from '../api/endpoint.ts';
import { clientAddress } from '../api/identity.ts';
import type { Logger } from '../log.ts';
import { OidcFailure, OidcSignIn, PENDING_MS } from './oidc.ts';
import { CALLBACK_PATH, type OidcSettings } from './oidc-config.ts';
import { cookieBase, cookieValue, setSessionCookie, type AuthService } from './service.ts';

const START_PATH = '/api/auth/oidc/start';
/** The state of a sign-in under way; SameSite=Lax, since the provider's redirect back is a cross-site navigation. */
const STATE_COOKIE = 'atlas_oidc_state';

export function oidcRoutes(auth: AuthService, settings: OidcSettings | null, log: Logger): Router {
  const router = Router();
  const sso = settings ? new OidcSignIn(settings, auth) : null;
  // the cookie goes back only to the callback, at the path the browser sees (a proxy may add a prefix)
  const stateCookie = {
    ...cookieBase(),
    sameSite: 'lax' as const,
    path: settings?.redirectUrl ? new URL(settings.redirectUrl).pathname : CALLBACK_PATH,
  };

  const fail = (res: Response, code: SsoError, returnTo = '/') => {
    const back = returnTo === '/' ? '' : `&return=${encodeURIComponent(returnTo)}`;
    res.redirect(303, `${SIGN_IN_PAGE}?sso_error=${code}${back}`);
    return SENT;
  };
  const failure = (res: Response, err: unknown, returnTo: string | undefined, what: string) => {
    if (err instanceof OidcFailure) {
      log.warn({ code: err.code, reason: err.message, err: err.cause }, `single sign-on ${what} failed`);
      return fail(res, err.code, err.returnTo ?? returnTo);
    }
    log.error({ err }, `single sign-on ${what} failed`);
    return fail(res, 'oidc_failed', returnTo);
  };

  route(router, endpoints.authOptions, () => ({
    single_sign_on: settings ? { label: settings.label, start: START_PATH } : null,
  }));

  route(router, endpoints.oidcStart, async ({ query }, req, res) => {
    const returnTo = safeReturnPath(query.return);
    if (!sso) return fail(res, 'oidc_not_configured', returnTo);
    try {
      // the Host header has passed the host guard (loopback or ATLAS_PUBLIC_HOSTS), so this names this server
      const redirectUri = settings!.redirectUrl ?? `${req.protocol}://${req.get('host')}${CALLBACK_PATH}`;
      const { url, state } = await sso.begin(redirectUri, returnTo);
      res.cookie(STATE_COOKIE, state, { ...stateCookie, maxAge: PENDING_MS });
      res.redirect(303, url.href);
      return SENT;
    } catch (err) {
      return failure(res, err, returnTo, 'start');
    }
  });

  route(router, endpoints.oidcCallback, async (_input, req, res) => {
    res.clearCookie(STATE_COOKIE, stateCookie);
    if (!sso) return fail(res, 'oidc_not_configured');
    try {
      // every parameter as the provider sent it: the library checks them against what it knows (iss, state, code)
      const answer = new URL(req.originalUrl, 'http://callback.invalid').searchParams;
      const { account, returnTo } = await sso.finish(cookieValue(req.get('cookie'), STATE_COOKIE), answer);
      const session = await auth.openSession(account, {
        address: clientAddress(req),
        userAgent: req.get('user-agent') ?? '',
      });
      setSessionCookie(res, session.token, session.expires);
      log.info({ user: account.name, issuer: account.oidc_issuer }, 'signed in with single sign-on');
      res.redirect(303, returnTo);
      return SENT;
    } catch (err) {
      return failure(res, err, undefined, 'callback');
    }
  });

  return router;
}

/**
 * Where to go once signed in: a path of this site, or /. Refused: anything with a scheme or a host (`https://x`,
 * `//x`, `/\x`, which browsers read as `//x`), control characters, and the API itself (a page, not an endpoint).
 */
export function safeReturnPath(value: string | undefined): string {
  if (!value || !value.startsWith('/') || /[\\\p{Cc}]/u.test(value)) return '/';
  const base = 'http://atlas.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return '/';
  }
  if (url.origin !== base || url.pathname === '/api' || url.pathname.startsWith('/api/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
