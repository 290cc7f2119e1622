import { Router } from 'express';
import type { AppContext } from '../api/context.ts';

/** Dashboard API: overview, map, heatmap and compare endpoints that read the rollups. */
export function dashboardRoutes(_ctx: AppContext): Router {
  return Router();
}
