import { Router } from 'express';
import type { AppContext } from '../api/context.ts';

/** Ingestion API: POST /api/ingest/:kind (upload), progress and batch reports. */
export function ingestRoutes(_ctx: AppContext): Router {
  return Router();
}
