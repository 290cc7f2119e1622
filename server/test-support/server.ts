import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp, type AtlasApp, type CreateAppOptions } from '../api/app.ts';
import { AtlasDb } from '../db/database.ts';

export interface TestServer {
  base: string;
  db: AtlasDb;
  atlas: AtlasApp;
  server: Server;
  close(): Promise<void>;
}

/** A real HTTP server on a free port over the given database (default: a fresh in-memory one). */
export async function startTestServer(
  opts: { db?: AtlasDb; staticDir?: string | null; auth?: 'auto' | 'required'; oidc?: CreateAppOptions['oidc'] } = {},
): Promise<TestServer> {
  const db = opts.db ?? (await AtlasDb.open({ path: ':memory:' }));
  // single sign-on only where a test configures it, whatever the environment says
  const atlas = await createApp({ db, staticDir: opts.staticDir ?? null, auth: opts.auth, oidc: opts.oidc ?? null });
  const server: Server = await new Promise((resolve) => {
    const s = atlas.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    db,
    atlas,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await atlas.close();
      if (!opts.db) db.close();
    },
  };
}

/** A temporary folder removed by the returned cleanup function. */
export function tempDir(prefix = 'atlas-test-'): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
