/**
 * One sample request for every endpoint of the contract (contract/endpoints.ts), for the tests that call them all: the
 * contract test (answers parse with their schemas) and the permission matrix (every endpoint for every role). The
 * Record type makes a new endpoint without a case a type error.
 */
import type { EndpointName } from '../../contract/endpoints.ts';
import { GOOD } from '../ingest/fixtures.ts';

export interface Call {
  method?: string;
  url: string;
  body?: unknown;
  /** The body as it is (a raw upload), not JSON. */
  raw?: string;
  status?: number;
}

/** What earlier cases created, for the later ones (an upload's job, a saved query, a token). */
export interface CaseState {
  job: string;
  saved: number;
  token: string;
  /** A suffix that makes the names a case creates unique (accounts, tokens, saved query titles). */
  unique: string;
}
export const SPEC = {
  id: 'contract-test',
  entity: 'entity',
  tree: {
    id: 'root',
    children: [
      { id: 'calls', column: 'calls' },
      { id: 'users', column: 'distinct_users' },
    ],
  },
};

/** One request per endpoint, in an order where each finds what it needs (an upload before its job). */
export function endpointCases(
  state: CaseState,
  signIn: { name: string; password: string },
): Record<EndpointName, () => Call> {
  return {
    signIn: () => ({ method: 'POST', url: '/api/auth/signin', body: signIn }),
    me: () => ({ url: '/api/me' }),
    // single sign-on is not configured here: its navigations send the browser back to the sign-in page with a code
    authOptions: () => ({ url: '/api/auth/options' }),
    oidcStart: () => ({ url: '/api/auth/oidc/start?return=/rankings', status: 303 }),
    oidcCallback: () => ({ url: '/api/auth/oidc/callback?code=c&state=s', status: 303 }),
    health: () => ({ url: '/api/health' }),
    meta: () => ({ url: '/api/meta?batches=3' }),
    reference: () => ({ url: '/api/reference' }),
    overview: () => ({ url: '/api/dashboard/overview?sectors=DEX05' }),
    trend: () => ({ url: '/api/dashboard/trend?format=json' }),
    regionValues: () => ({ url: '/api/dashboard/regions?format=json&measure=paid_amount&basis=per_capita' }),
    cellValues: () => ({ url: '/api/dashboard/cells?format=json' }),
    indicators: () => ({ url: '/api/indicators' }),
    indicatorValues: () => ({ url: '/api/indicators/values?format=json&level=cell' }),
    methodologies: () => ({ url: '/api/methodologies' }),
    methodology: () => ({ url: '/api/methodologies/market-demand' }),
    composite: () => ({
      method: 'POST',
      url: '/api/composite?format=json&contributions=true',
      body: { spec: SPEC },
    }),
    rankings: () => ({ url: '/api/rankings?level=cell&draws=20&index=market-demand' }),
    quadrants: () => ({ url: '/api/quadrants?format=json' }),
    candidates: () => ({ url: '/api/candidates?limit=3' }),
    operators: () => ({ url: '/api/operators?modes=SCENARIO,DOMAIN' }),
    operatorFindings: () => ({ url: '/api/operators/findings?format=json&rules=PRICE_ABOVE_CAP,REVENUE_ABOVE_MAX' }),
    operatorProducts: () => ({ url: '/api/operators/products?format=json&sectors=DEX05' }),
    operatorCompare: () => ({ url: '/api/operators/compare?draws=200' }),
    operatorDetail: () => ({ url: '/api/operators/OP-370000-000?top=3' }),
    pricingPrices: () => ({ url: '/api/pricing/prices?format=json&level=operator&modes=SCENARIO' }),
    pricingRevenue: () => ({ url: '/api/pricing/revenue?format=json&year=2025' }),
    pricingDistribution: () => ({ url: '/api/pricing/distribution?format=json&sectors=DEX05,DEX08' }),
    pricingDisclosure: () => ({ url: '/api/pricing/disclosure?format=json&region=330000&year=2025' }),
    pricingEvidence: () => ({
      url: '/api/pricing/evidence?format=json&rule=REVENUE_ABOVE_MAX&auth_id=AUTH-1&year=2025',
    }),
    models: () => ({ url: '/api/models?min_provinces=1' }),
    peers: () => ({ url: '/api/regions/510000/peers?k=3' }),
    upload: () => ({ method: 'POST', url: '/api/ingest/org?filename=org.csv', raw: GOOD.org, status: 202 }),
    job: () => ({ url: `/api/ingest/jobs/${state.job || 'none'}` }),
    batches: () => ({ url: '/api/ingest/batches?limit=5' }),
    batch: () => ({ url: '/api/ingest/batches/1' }),
    batchRejects: () => ({ url: '/api/ingest/batches/1/rejects' }),
    ingestTemplate: () => ({ url: '/api/ingest/templates/usage' }),
    batchWarnings: () => ({ url: '/api/ingest/batches/3/warnings' }),
    sql: () => ({ method: 'POST', url: '/api/sql?format=json', body: { sql: 'SELECT region_code FROM ref_region' } }),
    sqlCancel: () => ({ method: 'POST', url: '/api/sql/cancel', body: { query_id: 'not-running' } }),
    sqlExport: () => ({ method: 'POST', url: '/api/sql/export', body: { sql: 'SELECT 1 AS a', format: 'csv' } }),
    sqlStatus: () => ({ url: '/api/sql/status' }),
    schema: () => ({ url: '/api/schema' }),
    savedList: () => ({ url: '/api/sql/saved' }),
    savedCreate: () => ({
      method: 'POST',
      url: '/api/sql/saved',
      body: { title: `q${state.unique}`, sql: 'SELECT 1' },
      status: 201,
    }),
    savedGet: () => ({ url: `/api/sql/saved/${state.saved || 999999}` }),
    savedUpdate: () => ({
      method: 'PUT',
      url: `/api/sql/saved/${state.saved || 999999}`,
      body: { title: `q2${state.unique}`, sql: 'SELECT 2' },
    }),
    savedDelete: () => ({ method: 'DELETE', url: `/api/sql/saved/${state.saved || 999999}`, status: 204 }),
    createToken: () => ({
      method: 'POST',
      url: '/api/auth/tokens',
      body: { name: 'script', expires_days: 7 },
      status: 201,
    }),
    myTokens: () => ({ url: '/api/auth/tokens' }),
    allTokens: () => ({ url: '/api/admin/tokens' }),
    revokeToken: () => ({ method: 'DELETE', url: `/api/auth/tokens/${state.token || 'tok_none'}` }),
    accounts: () => ({ url: '/api/admin/accounts' }),
    audit: () => ({ url: '/api/audit?limit=5&action=sign_in,account_create' }),
    createAccount: () => ({
      method: 'POST',
      url: '/api/admin/accounts',
      body: {
        name: `lead-sc${state.unique}`,
        roles: ['viewer'],
        scope: ['510000'],
        password: 'a long enough password',
      },
      status: 201,
    }),
    changeAccount: () => ({
      method: 'PATCH',
      url: '/api/admin/accounts/lead-sc',
      body: { roles: ['viewer', 'analyst'] },
    }),
    signOut: () => ({ method: 'POST', url: '/api/auth/signout' }),
  };
}

/** Send a case's request with a Cookie header (or none), as JSON unless it is a raw upload. */
export function callCase(base: string, c: Call, cookie = ''): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (cookie) headers.cookie = cookie;
  if (c.body !== undefined) headers['content-type'] = 'application/json';
  if (c.raw !== undefined) headers['content-type'] = 'text/csv';
  return fetch(`${base}${c.url}`, {
    method: c.method ?? 'GET',
    headers,
    redirect: 'manual',
    body: c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body)),
  });
}
