/**
 * A real HTTP server that requires sign-in, with one signed-in viewer a reader: national, or scoped to some regions.
 * The set-up of tests that check what each reader of a record view (operators, pricing) is shown.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { loadSampleData } from '../api/sample-bootstrap.ts';
import { AtlasDb } from '../db/database.ts';
import { createLogger } from '../log.ts';
import { startTestServer, type TestServer } from './server.ts';

/** Reader name → the regions in its scope (null: national). */
export type Readers = Record<string, readonly string[] | null>;

export interface ReaderServer {
  readonly db: AtlasDb;
  readonly base: string;
  /** Reader name → its session cookie (`name=value`). */
  readonly cookies: Record<string, string>;
  /** GET as a reader (by default `national`). */
  get(url: string, who?: string): Promise<Response>;
  /** GET as a reader, expecting 200 (the answer's text is the failure message), and the answer's JSON. */
  json<T = unknown>(url: string, who?: string): Promise<T>;
}

const PASSWORD = 'reader server test password';

/**
 * Starts the server in the file's beforeAll and closes it, and its database, in afterAll. `data` is the scale of
 * generated sample data (default seed) to load, or a function that builds the database.
 */
export function useReaderServer(opts: {
  data: number | (() => Promise<AtlasDb>);
  readers: Readers;
  timeoutMs?: number;
}): ReaderServer {
  let t: TestServer | undefined;
  let db: AtlasDb | undefined;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    if (typeof opts.data === 'number') {
      db = await AtlasDb.open({ path: ':memory:' });
      await loadSampleData(db, createLogger(), { scale: opts.data });
    } else {
      db = await opts.data();
    }
    t = await startTestServer({ db, auth: 'required' });
    for (const [name, scope] of Object.entries(opts.readers)) {
      await t.atlas.auth.accounts.add({
        name,
        roles: ['viewer'],
        scope: scope ? [...scope] : null,
        password: PASSWORD,
      });
      const res = await fetch(`${t.base}/api/auth/signin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: t.base },
        body: JSON.stringify({ name, password: PASSWORD }),
      });
      expect(res.status).toBe(200);
      cookies[name] = res.headers.get('set-cookie')!.split(';')[0];
    }
  }, opts.timeoutMs ?? 120_000);
  afterAll(async () => {
    await t?.close();
    db?.close();
  });

  const server: ReaderServer = {
    get db() {
      if (!db) throw new Error('the reader server is not started (use it inside a test)');
      return db;
    },
    get base() {
      if (!t) throw new Error('the reader server is not started (use it inside a test)');
      return t.base;
    },
    cookies,
    get: (url, who = 'national') => fetch(`${server.base}${url}`, { headers: { cookie: cookies[who] } }),
    async json<T>(url: string, who = 'national') {
      const res = await server.get(url, who);
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as T;
    },
  };
  return server;
}
