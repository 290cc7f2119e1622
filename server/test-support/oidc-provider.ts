/**
 * A real OpenID provider for tests (the oidc-provider package, not a mock), on a free loopback port, with its own
 * development login and consent pages: any login name signs in as that user, whose claims are whatever `users` holds
 * for it at that moment (change them between sign-ins to test updates). Custom claims `groups` and `regions` come with
 * the `atlas` scope, from UserInfo as with most providers.
 *
 * Two steps, because each side must know the other's address: listen (the issuer is known), start Atlas with it, then
 * `configure` the provider with Atlas's redirect URL.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ClientMetadata } from 'oidc-provider';

export interface TestProvider {
  /** http://127.0.0.1:<port> */
  issuer: string;
  /** Claims by login name (besides sub, which is the login name). */
  users: Map<string, Record<string, unknown>>;
  /** Start answering, with these clients registered. */
  configure(clients: ClientMetadata[]): void;
  close(): Promise<void>;
}

export async function listenTestProvider(): Promise<TestProvider> {
  const users = new Map<string, Record<string, unknown>>();
  let handler: http.RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end('not configured yet');
  };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  return {
    issuer,
    users,
    configure(clients) {
      const provider = new Provider(issuer, {
        clients,
        jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'test' }] },
        cookies: { keys: [randomBytes(32).toString('hex')] },
        claims: {
          openid: ['sub'],
          profile: ['preferred_username', 'name'],
          email: ['email'],
          atlas: ['groups', 'regions'],
        },
        pkce: { methods: ['S256'], required: () => true },
        features: { devInteractions: { enabled: true } },
        // fixed lifetimes (seconds), so the provider does not ask for them on every sign-in
        ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
        findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, ...users.get(sub) }) }),
      });
      handler = provider.callback();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
