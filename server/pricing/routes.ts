import { Router } from 'express';
import { endpoints } from '../../contract/endpoints.ts';
import type { AppContext } from '../api/context.ts';
import { route, SENT } from '../api/endpoint.ts';
import { signedIn } from '../api/identity.ts';
import { sendTable, tableShape } from '../api/respond.ts';
import { PricingService } from './service.ts';

/** Pricing oversight and the annual disclosure (the worklist is /api/operators/findings). */
export function pricingRoutes(ctx: AppContext): Router {
  const pricing = new PricingService(ctx.db);
  const router = Router();

  route(router, endpoints.pricingPrices, async ({ query }, req, res) => {
    const { table, meta } = await pricing.prices(query, signedIn(res).scope, tableShape(req));
    await sendTable(req, res, table, { filename: `prices-${query.level}`, meta });
    return SENT;
  });
  route(router, endpoints.pricingRevenue, async ({ query }, req, res) => {
    const { table, meta } = await pricing.revenue(query, signedIn(res).scope, tableShape(req));
    await sendTable(req, res, table, { filename: 'revenue-vs-max', meta });
    return SENT;
  });
  route(router, endpoints.pricingDistribution, async ({ query }, req, res) => {
    const { table, meta } = await pricing.distribution(query, signedIn(res).scope, tableShape(req));
    await sendTable(req, res, table, { filename: 'price-distribution', meta });
    return SENT;
  });
  route(router, endpoints.pricingDisclosure, async ({ query }, req, res) => {
    const { table, meta } = await pricing.disclosure(query, signedIn(res).scope, tableShape(req));
    const name = ['disclosure', query.region ?? 'all', meta.year].filter((x) => x !== undefined).join('-');
    await sendTable(req, res, table, { filename: name, meta });
    return SENT;
  });
  route(router, endpoints.pricingEvidence, async ({ query }, req, res) => {
    const { table, meta } = await pricing.evidence(query, signedIn(res).scope, 'rows');
    await sendTable(req, res, table, { filename: `evidence-${query.rule}-${query.product_id ?? query.auth_id}`, meta });
    return SENT;
  });

  return router;
}
