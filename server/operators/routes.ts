import { Router } from 'express';
import { endpoints } from '../../contract/endpoints.ts';
import type { AppContext } from '../api/context.ts';
import { route, SENT } from '../api/endpoint.ts';
import { signedIn } from '../api/identity.ts';
import { sendTable, tableShape } from '../api/respond.ts';
import { OperatorService } from './service.ts';

/** Operators and pricing oversight: operators, their products' prices, and the worklist of checks. */
export function operatorRoutes(ctx: AppContext): Router {
  const operators = new OperatorService(ctx.db);
  const router = Router();

  route(router, endpoints.operators, ({ query }, _req, res) => operators.operators(query, signedIn(res).scope));
  route(router, endpoints.operatorFindings, async ({ query }, req, res) => {
    const { table, meta } = await operators.findings(query, signedIn(res).scope, tableShape(req));
    await sendTable(req, res, table, { filename: 'operator-findings', meta });
    return SENT;
  });
  route(router, endpoints.operatorProducts, async ({ query }, req, res) => {
    const { table, meta } = await operators.products(query, signedIn(res).scope, tableShape(req));
    await sendTable(req, res, table, { filename: 'operator-products', meta });
    return SENT;
  });
  route(router, endpoints.operatorCompare, ({ query }, _req, res) => operators.compare(query, signedIn(res).scope));
  // after the fixed paths above, which an id would otherwise shadow
  route(router, endpoints.operatorDetail, ({ params, query }, _req, res) =>
    operators.detail(params.id, query, signedIn(res).scope),
  );

  return router;
}
