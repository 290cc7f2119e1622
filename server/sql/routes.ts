import { Router } from 'express';
import type { AppContext } from '../api/context.ts';

/** Analyst SQL API: POST /api/sql, /api/sql/cancel, GET /api/schema, exports, saved queries. */
export function sqlRoutes(_ctx: AppContext): Router {
  return Router();
}
