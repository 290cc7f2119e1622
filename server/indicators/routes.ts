import { createHash } from 'node:crypto';
import { Router } from 'express';
import { endpoints } from '../../contract/endpoints.ts';
import type { AppContext } from '../api/context.ts';
import { route, SENT } from '../api/endpoint.ts';
import { signedIn } from '../api/identity.ts';
import { actorOf, canonicalJson, errorOutcome } from '../audit-log.ts';
import { sendTable, tableShape } from '../api/respond.ts';
import { INDICATORS, SOURCE_QUERY } from './catalog.ts';
import { LEVELS } from '../../contract/common.ts';
import { methodologies, methodology } from './methodologies.ts';
import { nodeInfo } from './rankings.ts';
import { IndicatorService } from './service.ts';
import { checkSpecLimits, SpecError, specErrorToAtlas, toDocument } from './spec.ts';

/** Indicator API: indicators, methodologies, composite, rankings, quadrants, candidates, models, peers (docs/api.md). */
export function indicatorRoutes(ctx: AppContext): Router {
  const indicators = new IndicatorService(ctx.db, ctx.log);
  if (ctx.warm) indicators.warm(ctx.background);
  ctx.onClose(() => indicators.close());
  const router = Router();

  route(router, endpoints.indicators, () => ({ source: SOURCE_QUERY, levels: [...LEVELS], indicators: INDICATORS }));
  route(router, endpoints.indicatorValues, async ({ query }, req, res) => {
    const { table, meta } = await indicators.values(query, tableShape(req));
    await sendTable(req, res, table, { filename: `indicators-${query.level}`, meta });
    return SENT;
  });
  route(router, endpoints.methodologies, () => ({
    methodologies: [...methodologies().values()].map((s) => ({
      id: s.id,
      title: s.title ?? null,
      description: s.description ?? null,
      nodes: nodeInfo(s),
    })),
  }));
  route(router, endpoints.methodology, ({ params }) => toDocument(methodology(params.id)));
  route(router, endpoints.composite, async ({ query }, req, res) => {
    const body: unknown = req.body;
    const doc = body && typeof body === 'object' && 'spec' in body ? body.spec : body;
    const upload = { ...actorOf(req, res), action: 'methodology_upload', target: specId(doc) } as const;
    const detail: { level: string; spec_sha256?: string } = { level: query.level };
    const scored = async () => {
      // the size limits first: the hash below walks the document recursively
      checkedSpec(() => checkSpecLimits(doc));
      detail.spec_sha256 = sha256(canonicalJson(doc ?? null));
      return indicators.composite(query, doc);
    };
    const { table, spec } = await scored().catch(async (err: unknown) => {
      await ctx.audit.record({ ...upload, ...errorOutcome(err, detail) });
      throw err;
    });
    await ctx.audit.record({ ...upload, target: spec.id, outcome: 'ok', detail });
    const meta = { level: query.level, index: spec.id };
    await sendTable(req, res, table, { filename: `composite-${spec.id}-${query.level}`, meta });
    return SENT;
  });
  route(router, endpoints.rankings, ({ query }) => indicators.rankings(query));
  route(router, endpoints.quadrants, async ({ query }, req, res) => {
    const { table, meta } = await indicators.quadrants(query, tableShape(req));
    await sendTable(req, res, table, { filename: 'quadrants', meta });
    return SENT;
  });
  route(router, endpoints.candidates, ({ query }, _req, res) => indicators.candidates(query, signedIn(res).scope));
  route(router, endpoints.models, ({ query }) => indicators.models(query));
  route(router, endpoints.peers, ({ params, query }) => indicators.peers(params.code, query));

  return router;
}

function checkedSpec(fn: () => void) {
  try {
    fn();
  } catch (err) {
    throw err instanceof SpecError ? specErrorToAtlas(err) : err;
  }
}

/** The id a posted spec gives itself, when it gives one (the audit entry of a refused upload). */
const specId = (doc: unknown) =>
  doc && typeof doc === 'object' && 'id' in doc && typeof doc.id === 'string' ? doc.id.slice(0, 200) : '';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
