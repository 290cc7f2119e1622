/**
 * Who is signed in (GET /api/me), kept for the whole visit: the shell shows the sign-in page until someone is, hides
 * what their roles cannot use, and goes back to the sign-in page, saying why, when any call answers 401 because the
 * session ended while the page was open (idle or absolute expiry, signed out elsewhere, the account changed).
 */
import type { Me } from '../../../contract/auth.ts';
import type { Answer } from '../../../contract/endpoints.ts';
import { allows, type Access } from './access.ts';
import { ApiError, getJson, onUnauthenticated, sendJson } from './api.ts';

export type SessionState = 'loading' | 'signed-in' | 'signed-out' | 'error';
/**
 * Why the sign-in page shows: the session ended during the visit, local mode ended (an account was created, so
 * everyone signs in from now on), or the user signed out.
 */
export type EndReason = 'expired' | 'local-ended' | 'signed-out';

export class Session {
  state = $state<SessionState>('loading');
  me = $state.raw<Me | null>(null);
  error = $state.raw<Error | undefined>(undefined);
  ended = $state<EndReason | null>(null);
  private stop = onUnauthenticated(() => this.lost());

  /** Ask the server who this is: on start, to retry after an error, and after a change that may end the session. */
  async load(): Promise<void> {
    const before = this.me;
    if (!before) this.state = 'loading';
    try {
      this.me = await getJson<Me>('/api/me');
      this.error = undefined;
      this.state = 'signed-in';
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        if (before) this.ended = before.mode === 'local' ? 'local-ended' : 'expired';
        this.me = null;
        this.state = 'signed-out';
      } else {
        this.error = err as Error;
        this.state = 'error';
      }
    }
  }

  /** Sign in with a name and password; throws the server's refusal (wrong_credentials, too_many_attempts). */
  async signIn(name: string, password: string): Promise<void> {
    const { expires_at: _expires, ...me } = await sendJson<Answer<'signIn'>>('POST', '/api/auth/signin', {
      name,
      password,
    });
    this.me = me;
    this.ended = null;
    this.state = 'signed-in';
  }

  async signOut(): Promise<void> {
    await sendJson<Answer<'signOut'>>('POST', '/api/auth/signout');
    this.me = null;
    this.ended = 'signed-out';
    this.state = 'signed-out';
  }

  /** Whether the account may use what needs `access` (contract/endpoints.ts). */
  can(access: Access | undefined): boolean {
    return allows(access, this.me);
  }

  get local(): boolean {
    return this.me?.mode === 'local';
  }

  /** A call answered 401 while signed in: the session is over. */
  private lost(): void {
    if (this.state !== 'signed-in') return;
    this.ended = this.me?.mode === 'local' ? 'local-ended' : 'expired';
    this.me = null;
    this.state = 'signed-out';
  }

  destroy(): void {
    this.stop();
  }
}
