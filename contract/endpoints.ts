/**
 * Every HTTP endpoint of the API in one table: method, path (under /api, in Express syntax), the schemas of its path
 * parameters, query and body, and of its answer. The server registers its routes from this table and validates every
 * request with these schemas (server/api/endpoint.ts); the web app imports the types (`import type`, so no schema code
 * reaches the bundle); route tests parse answers with the same schemas. docs/api.md describes each one in words.
 *
 * `answer` is the JSON answer; a `table` endpoint answers Arrow IPC by default, CSV with ?format=csv, and this JSON form
 * ({columns, rows, …meta}) with ?format=json or Accept: application/json. `stream` endpoints write a file (CSV, Parquet,
 * Arrow) whose shape the statement decides. `redirect` endpoints send the browser on (303 with a Location), for
 * navigations rather than calls (single sign-on).
 */
import { z } from 'zod';
import * as audit from './audit.ts';
import * as auth from './auth.ts';
import type { Access } from './auth.ts';
import * as core from './core.ts';
import * as dash from './dashboard.ts';
import * as ind from './indicators.ts';
import * as ingest from './ingest.ts';
import * as ops from './operators.ts';
import * as pricing from './pricing.ts';
import * as sql from './sql.ts';
import { errorBody } from './errors.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type AnswerKind = 'json' | 'table' | 'stream' | 'empty' | 'redirect';
/**
 * The class of work an endpoint does, for admission control (server/api/admission.ts): each class runs a bounded
 * number of requests at once with a bounded queue, and answers 503 `busy` with Retry-After beyond it.
 */
export type WorkClass = 'views' | 'exports' | 'ingest';
/**
 * What every endpoint must declare, so a new endpoint cannot forget admission: a WorkClass; `light` for endpoints that
 * read no records (registration, authorization, product, usage, organisations, their rollups and history), only
 * memory, the security store or rows looked up by key (server/api/contract.test.ts checks the SQL they run); `sql` for
 * analyst SQL, which has a gate of its own (server/sql/gate.ts).
 */
export type Work = WorkClass | 'light' | 'sql';

export interface Endpoint {
  /** Who may call it (auth.ts Access); checked before anything else, so a new endpoint cannot forget it. */
  access: Access;
  method: Method;
  /** Under /api, in Express syntax (`/regions/:code/peers`). */
  path: string;
  kind: AnswerKind;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  answer?: z.ZodType;
  /** Its admission class (Work). */
  work: Work;
  /** Error codes of particular fields, where clients already match on a code other than invalid_parameter. */
  codes?: Record<string, string>;
}

const ep = <E extends Endpoint>(e: E) => e;

export const endpoints = {
  health: ep({ work: 'light', access: 'public', method: 'GET', path: '/health', kind: 'json', answer: core.health }),
  meta: ep({
    work: 'light',
    access: 'admin',
    method: 'GET',
    path: '/meta',
    kind: 'json',
    query: core.metaQuery,
    answer: core.meta,
  }),

  reference: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/reference',
    kind: 'json',
    answer: dash.reference,
  }),
  overview: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/dashboard/overview',
    kind: 'json',
    query: dash.dashboardQuery,
    answer: dash.overview,
  }),
  trend: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/dashboard/trend',
    kind: 'table',
    query: dash.dashboardQuery,
    answer: dash.trend,
  }),
  regionValues: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/dashboard/regions',
    kind: 'table',
    query: dash.measureQuery,
    answer: dash.regionValues,
  }),
  cellValues: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/dashboard/cells',
    kind: 'table',
    query: dash.measureQuery,
    answer: dash.cellValues,
  }),

  indicators: ep({
    work: 'light',
    access: 'signed-in',
    method: 'GET',
    path: '/indicators',
    kind: 'json',
    answer: ind.indicatorCatalog,
  }),
  indicatorValues: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/indicators/values',
    kind: 'table',
    query: ind.levelQuery,
    answer: ind.indicatorValues,
  }),
  methodologies: ep({
    work: 'light',
    access: 'signed-in',
    method: 'GET',
    path: '/methodologies',
    kind: 'json',
    answer: ind.methodologyList,
  }),
  methodology: ep({
    work: 'light',
    access: 'signed-in',
    method: 'GET',
    path: '/methodologies/:id',
    kind: 'json',
    params: ind.methodologyParams,
    answer: ind.specDocument,
  }),
  composite: ep({
    work: 'views',
    access: 'signed-in',
    method: 'POST',
    path: '/composite',
    kind: 'table',
    query: ind.compositeQuery,
    answer: ind.composite,
  }),
  rankings: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/rankings',
    kind: 'json',
    query: ind.rankingsQuery,
    answer: ind.ranking,
  }),
  quadrants: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/quadrants',
    kind: 'table',
    query: ind.quadrantsQuery,
    answer: ind.quadrants,
  }),
  candidates: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/candidates',
    kind: 'json',
    query: ind.candidatesQuery,
    answer: ind.candidates,
  }),
  models: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/models',
    kind: 'json',
    query: ind.modelsQuery,
    answer: ind.models,
  }),
  peers: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/regions/:code/peers',
    kind: 'json',
    params: ind.peersParams,
    query: ind.peersQuery,
    answer: ind.peers,
  }),

  operators: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/operators',
    kind: 'json',
    query: ops.operatorsQuery,
    answer: ops.operators,
  }),
  operatorFindings: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/operators/findings',
    kind: 'table',
    query: ops.findingsQuery,
    answer: ops.findings,
  }),
  operatorProducts: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/operators/products',
    kind: 'table',
    query: ops.operatorsQuery,
    answer: ops.products,
  }),
  operatorCompare: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/operators/compare',
    kind: 'json',
    query: ops.compareQuery,
    answer: ops.operatorComparison,
  }),
  operatorDetail: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/operators/:id',
    kind: 'json',
    params: ops.operatorParams,
    query: ops.operatorDetailQuery,
    answer: ops.operatorDetail,
  }),

  pricingPrices: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/pricing/prices',
    kind: 'table',
    query: pricing.pricesQuery,
    answer: pricing.prices,
  }),
  pricingRevenue: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/pricing/revenue',
    kind: 'table',
    query: pricing.revenueQuery,
    answer: pricing.revenue,
  }),
  pricingDistribution: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/pricing/distribution',
    kind: 'table',
    query: pricing.distributionQuery,
    answer: pricing.distribution,
  }),
  pricingDisclosure: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/pricing/disclosure',
    kind: 'table',
    query: pricing.disclosureQuery,
    answer: pricing.disclosure,
  }),
  pricingEvidence: ep({
    work: 'views',
    access: 'signed-in',
    method: 'GET',
    path: '/pricing/evidence',
    kind: 'table',
    query: pricing.evidenceQuery,
    answer: pricing.evidence,
  }),

  upload: ep({
    work: 'ingest',
    access: 'steward',
    method: 'POST',
    path: '/ingest/:kind',
    kind: 'json',
    params: ingest.uploadParams,
    query: ingest.uploadQuery,
    answer: ingest.uploadAnswer,
  }),
  job: ep({
    work: 'light',
    access: 'steward',
    method: 'GET',
    path: '/ingest/jobs/:id',
    kind: 'json',
    params: ingest.jobParams,
    answer: ingest.job,
  }),
  ingestTemplate: ep({
    work: 'light',
    access: 'steward',
    method: 'GET',
    path: '/ingest/templates/:kind',
    kind: 'stream',
    params: ingest.uploadParams,
  }),
  batches: ep({
    work: 'light',
    access: 'steward',
    method: 'GET',
    path: '/ingest/batches',
    kind: 'json',
    query: ingest.batchesQuery,
    answer: ingest.batchList,
  }),
  batch: ep({
    work: 'light',
    access: 'steward',
    method: 'GET',
    path: '/ingest/batches/:id',
    kind: 'json',
    params: ingest.batchParams,
    answer: ingest.batchDetail,
  }),
  batchRejects: ep({
    work: 'light',
    access: 'steward',
    method: 'GET',
    path: '/ingest/batches/:id/rejects',
    kind: 'json',
    params: ingest.batchParams,
    query: ingest.rejectsQuery,
    answer: ingest.rejects,
  }),
  batchWarnings: ep({
    work: 'light',
    access: 'steward',
    method: 'GET',
    path: '/ingest/batches/:id/warnings',
    kind: 'json',
    params: ingest.batchParams,
    query: ingest.rejectsQuery,
    answer: ingest.warnings,
  }),

  sql: ep({
    work: 'sql',
    access: 'analyst',
    method: 'POST',
    path: '/sql',
    kind: 'table',
    body: sql.sqlRequest,
    answer: sql.sqlResult,
    codes: { sql: 'invalid_sql', limit: 'invalid_limit', timeout_ms: 'invalid_timeout', query_id: 'invalid_query_id' },
  }),
  sqlCancel: ep({
    work: 'light',
    access: 'analyst',
    method: 'POST',
    path: '/sql/cancel',
    kind: 'json',
    body: sql.cancelRequest,
    answer: sql.cancelAnswer,
    codes: { query_id: 'invalid_query_id' },
  }),
  sqlExport: ep({
    work: 'exports',
    access: 'analyst',
    method: 'POST',
    path: '/sql/export',
    kind: 'stream',
    body: sql.exportRequest,
    codes: { sql: 'invalid_sql', query_id: 'invalid_query_id', format: 'invalid_format' },
  }),
  sqlStatus: ep({
    work: 'light',
    access: 'analyst',
    method: 'GET',
    path: '/sql/status',
    kind: 'json',
    answer: sql.sqlStatus,
  }),
  schema: ep({
    work: 'light',
    access: 'analyst',
    method: 'GET',
    path: '/schema',
    kind: 'json',
    answer: sql.schemaInfo,
  }),
  savedList: ep({
    work: 'light',
    access: 'analyst',
    method: 'GET',
    path: '/sql/saved',
    kind: 'json',
    answer: sql.savedList,
  }),
  savedGet: ep({
    work: 'light',
    access: 'analyst',
    method: 'GET',
    path: '/sql/saved/:id',
    kind: 'json',
    params: sql.savedParams,
    answer: sql.savedQuery,
  }),
  savedCreate: ep({
    work: 'light',
    access: 'analyst',
    method: 'POST',
    path: '/sql/saved',
    kind: 'json',
    body: sql.savedInput,
    answer: sql.savedQuery,
  }),
  savedUpdate: ep({
    work: 'light',
    access: 'analyst',
    method: 'PUT',
    path: '/sql/saved/:id',
    kind: 'json',
    params: sql.savedParams,
    body: sql.savedInput,
    answer: sql.savedQuery,
  }),
  savedDelete: ep({
    work: 'light',
    access: 'analyst',
    method: 'DELETE',
    path: '/sql/saved/:id',
    kind: 'empty',
    params: sql.savedParams,
  }),

  signIn: ep({
    work: 'light',
    access: 'public',
    method: 'POST',
    path: '/auth/signin',
    kind: 'json',
    body: auth.signInRequest,
    answer: auth.signedIn,
  }),
  signOut: ep({
    work: 'light',
    access: 'public',
    method: 'POST',
    path: '/auth/signout',
    kind: 'json',
    answer: auth.signedOut,
  }),
  me: ep({ work: 'light', access: 'signed-in', method: 'GET', path: '/me', kind: 'json', answer: auth.me }),
  authOptions: ep({
    work: 'light',
    access: 'public',
    method: 'GET',
    path: '/auth/options',
    kind: 'json',
    answer: auth.authOptions,
  }),
  oidcStart: ep({
    work: 'light',
    access: 'public',
    method: 'GET',
    path: '/auth/oidc/start',
    kind: 'redirect',
    query: auth.oidcStartQuery,
  }),
  oidcCallback: ep({
    work: 'light',
    access: 'public',
    method: 'GET',
    path: '/auth/oidc/callback',
    kind: 'redirect',
    query: auth.oidcCallbackQuery,
  }),
  myTokens: ep({
    work: 'light',
    access: 'signed-in',
    method: 'GET',
    path: '/auth/tokens',
    kind: 'json',
    answer: auth.tokenList,
  }),
  createToken: ep({
    work: 'light',
    access: 'signed-in',
    method: 'POST',
    path: '/auth/tokens',
    kind: 'json',
    body: auth.tokenRequest,
    answer: auth.createdToken,
  }),
  revokeToken: ep({
    work: 'light',
    access: 'signed-in',
    method: 'DELETE',
    path: '/auth/tokens/:id',
    kind: 'json',
    params: auth.tokenParams,
    answer: z.object({ id: z.string(), revoked: z.boolean() }),
  }),
  allTokens: ep({
    work: 'light',
    access: 'admin',
    method: 'GET',
    path: '/admin/tokens',
    kind: 'json',
    answer: auth.tokenList,
  }),
  accounts: ep({
    work: 'light',
    access: 'admin',
    method: 'GET',
    path: '/admin/accounts',
    kind: 'json',
    answer: auth.accountList,
  }),
  createAccount: ep({
    work: 'light',
    access: 'admin',
    method: 'POST',
    path: '/admin/accounts',
    kind: 'json',
    body: auth.accountRequest,
    answer: auth.account,
  }),
  changeAccount: ep({
    work: 'light',
    access: 'admin',
    method: 'PATCH',
    path: '/admin/accounts/:name',
    kind: 'json',
    params: auth.accountParams,
    body: auth.accountChange,
    answer: auth.account,
  }),

  audit: ep({
    work: 'light',
    access: 'admin',
    method: 'GET',
    path: '/audit',
    kind: 'json',
    query: audit.auditQuery,
    answer: audit.auditList,
  }),
} satisfies Record<string, Endpoint>;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

/** What an endpoint answers (its JSON form), as the web app reads it. */
export type Answer<N extends EndpointName> = Endpoints[N] extends { answer: z.ZodType }
  ? z.output<Endpoints[N]['answer']>
  : never;

/** The body of every 4xx and 5xx answer. */
export { errorBody };
export type { ErrorBody } from './errors.ts';
