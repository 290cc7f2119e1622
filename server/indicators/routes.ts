import { Router } from 'express';
import type { AppContext } from '../api/context.ts';

/** Indicator API: indicators, composite, rankings, candidates, models, peers. */
export function indicatorRoutes(_ctx: AppContext): Router {
  return Router();
}
