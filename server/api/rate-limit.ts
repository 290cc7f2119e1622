/**
 * A per-user request rate limit on the API: ATLAS_RATE_LIMIT requests per minute per account (per address before
 * sign-in), default 600; past it, 429 with Retry-After and a message in both languages. 0 turns it off.
 */
import type { NextFunction, Request, Response } from 'express';
import { ipKeyGenerator, rateLimit as expressRateLimit } from 'express-rate-limit';
import { AtlasError } from '../errors.ts';
import { clientAddress, identityOf } from './identity.ts';

export function rateLimit() {
  const limit = Number(process.env.ATLAS_RATE_LIMIT ?? 600);
  if (!(limit > 0)) return (_req: Request, _res: Response, next: NextFunction) => next();
  return expressRateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req, res) => {
      const id = identityOf(res);
      return id && id.mode === 'accounts' ? `user:${id.user}` : `address:${ipKeyGenerator(clientAddress(req))}`;
    },
    handler: (_req, res, next, options) => {
      const seconds = Math.ceil(options.windowMs / 1000);
      res.setHeader('Retry-After', String(seconds));
      next(
        new AtlasError(
          'rate_limited',
          `more than ${limit} requests in a minute; wait ${seconds} s`,
          429,
          { limit, retry_after: seconds },
          `一分钟内请求超过 ${limit} 次；请等待 ${seconds} 秒`,
        ),
      );
    },
  });
}
