import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp, type AtlasApp } from '../server/api/app.ts';
import { loadSampleData } from '../server/api/sample-bootstrap.ts';
import { AtlasDb } from '../server/db/database.ts';
import { createLogger } from '../server/log.ts';
import { percentile, type BenchSuite, type Figure } from './figures.ts';

const method = `The cost of signing in on a cached dashboard call. Two servers in this process over one database (the
sample data at scale 0.1): one in local mode (no sign-in: the baseline), one with \`ATLAS_AUTH=required\`. The same
cached call, \`GET /api/dashboard/overview\`, is sent one at a time over HTTP on loopback, alternating between the
local server, the other with a session cookie, and the other with an API token, 400 times each after 50 warm-up
calls; p50 and p95 of each. The figure that carries the target is the p95 of the signed-in call minus the p95 of the
local one: what authentication (cookie or token look-up, the account, the access rule, the rate limit) adds.`;

async function listen(atlas: AtlasApp): Promise<{ base: string; server: Server }> {
  const server: Server = await new Promise((resolve) => {
    const s = atlas.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export const authSuite: BenchSuite = {
  name: 'auth',
  method,
  async run(ctx) {
    const saved = process.env.ATLAS_RATE_LIMIT;
    process.env.ATLAS_RATE_LIMIT = '1000000';
    const db = await AtlasDb.open({ path: ':memory:' });
    const local = await createApp({ db, staticDir: null });
    const required = await createApp({ db, staticDir: null, auth: 'required' });
    const servers: Server[] = [];
    try {
      ctx.log('loading the sample data (scale 0.1)');
      await loadSampleData(db, createLogger(), { scale: 0.1 });
      const a = await listen(local);
      const b = await listen(required);
      servers.push(a.server, b.server);
      await required.auth.accounts.add({ name: 'bench', roles: ['viewer'], password: 'bench password long enough' });
      const signIn = await fetch(`${b.base}/api/auth/signin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-atlas-request': '1' },
        body: JSON.stringify({ name: 'bench', password: 'bench password long enough' }),
      });
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
      const account = (await required.auth.accounts.byName('bench'))!;
      const { token } = await required.auth.sessions.createToken(account, 'bench');
      const variants = {
        local: () => fetch(`${a.base}/api/dashboard/overview`),
        session: () => fetch(`${b.base}/api/dashboard/overview`, { headers: { cookie } }),
        token: () => fetch(`${b.base}/api/dashboard/overview`, { headers: { authorization: `Bearer ${token}` } }),
      };
      const times: Record<keyof typeof variants, number[]> = { local: [], session: [], token: [] };
      const n = ctx.quick ? 40 : 400;
      for (let i = 0; i < 50 + n; i++) {
        for (const [name, call] of Object.entries(variants) as [keyof typeof variants, () => Promise<Response>][]) {
          const t0 = performance.now();
          const res = await call();
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${name}: ${res.status}`);
          if (i >= 50) times[name].push(performance.now() - t0);
        }
      }
      const figures: Figure[] = [];
      for (const name of ['local', 'session', 'token'] as const) {
        figures.push({ name: `auth.overview.${name}.p50`, value: percentile(times[name], 50), unit: 'ms' });
        figures.push({ name: `auth.overview.${name}.p95`, value: percentile(times[name], 95), unit: 'ms' });
      }
      for (const name of ['session', 'token'] as const) {
        const added = percentile(times[name], 95) - percentile(times.local, 95);
        figures.push({
          name: `auth.overview.${name}.added_p95`,
          value: added,
          unit: 'ms',
          baseline: percentile(times.local, 95),
          target: '< 2 ms',
          pass: added < 2,
          note: 'p95 signed in minus p95 in local mode; the baseline is the local p95',
        });
      }
      return figures;
    } finally {
      for (const s of servers) {
        s.closeAllConnections();
        s.close();
      }
      await required.close();
      await local.close();
      db.close();
      if (saved === undefined) delete process.env.ATLAS_RATE_LIMIT;
      else process.env.ATLAS_RATE_LIMIT = saved;
    }
  },
};
