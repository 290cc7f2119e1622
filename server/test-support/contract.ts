/**
 * Route tests read every answer through the contract: `checkAnswer` finds the endpoint a request went to
 * (contract/endpoints.ts) and parses a successful JSON answer with its answer schema, an error with the error
 * schema, so a route test fails when the server answers something the web app does not expect.
 */
import { endpoints, errorBody, type Endpoint } from '../../contract/endpoints.ts';

/** The endpoint of a method and a URL under /api (`/api/regions/330000/peers?k=3`), or undefined. */
export function endpointOf(method: string, url: string): Endpoint | undefined {
  const pathname = new URL(url, 'http://x').pathname.replace(/^\/api/, '');
  const matches = Object.values(endpoints as Record<string, Endpoint>).filter(
    (e) => e.method === method.toUpperCase() && pattern(e.path).test(pathname),
  );
  // /ingest/batches before /ingest/:kind: the path with the fewest parameters is the one Express tries first here
  return matches.sort((a, b) => params(a.path) - params(b.path))[0];
}

const pattern = (p: string) => new RegExp(`^${p.replace(/:[a-z_]+/g, '[^/]+')}$`);
const params = (p: string) => (p.match(/:/g) ?? []).length;

/** Parse `body` with the contract's schema for this answer; throws with the first problems when it does not fit. */
export function checkAnswer<T = unknown>(method: string, url: string, status: number, body: T): T {
  const endpoint = endpointOf(method, url);
  if (!endpoint) throw new Error(`no endpoint in contract/endpoints.ts for ${method} ${url}`);
  const schema = status >= 400 ? errorBody : endpoint.answer;
  if (!schema) return body;
  const r = schema.safeParse(body);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`${method} ${url} (${status}) does not answer what the contract says:\n${issues.join('\n')}`);
  }
  return body;
}
