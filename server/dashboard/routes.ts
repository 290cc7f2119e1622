import { Router } from 'express';
import { endpoints } from '../../contract/endpoints.ts';
import type { AppContext } from '../api/context.ts';
import { route, SENT } from '../api/endpoint.ts';
import { sendTable } from '../api/respond.ts';
import { DashboardService } from './service.ts';

/** Dashboard API: reference names, overview, trend, region values (map) and sector × region cells (heatmap). */
export function dashboardRoutes(ctx: AppContext): Router {
  const dashboard = new DashboardService(ctx.db);
  ctx.onClose(dashboard.warm(ctx.background));
  const router = Router();

  route(router, endpoints.reference, () => dashboard.reference());
  route(router, endpoints.overview, ({ query }) => dashboard.overview(query));
  route(router, endpoints.trend, async ({ query }, req, res) => {
    await sendTable(req, res, await dashboard.trend(query), { filename: 'trend' });
    return SENT;
  });
  route(router, endpoints.regionValues, async ({ query }, req, res) => {
    const { table, meta } = await dashboard.regionValues(query);
    await sendTable(req, res, table, { filename: `regions-${meta.measure}-${meta.basis}`, meta });
    return SENT;
  });
  route(router, endpoints.cellValues, async ({ query }, req, res) => {
    const { table, meta } = await dashboard.cellValues(query);
    await sendTable(req, res, table, { filename: `cells-${meta.measure}-${meta.basis}`, meta });
    return SENT;
  });

  return router;
}
