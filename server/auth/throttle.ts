/**
 * Failed sign-ins slow down, then lock, per account name and per client address: after FREE failures within the window
 * each further attempt must wait (1 s, 2 s, 4 s, … up to 30 s) since the last failure; after LOCK_AFTER failures the
 * account (or address) is locked for the rest of the window. A success clears the account's count. Kept in memory: a
 * restart forgets it, which only helps someone who can restart the server anyway.
 */
import { AtlasError } from '../errors.ts';
import { envNumber } from './sessions.ts';

const FREE = 3;
const MAX_DELAY_MS = 30_000;

interface Failures {
  count: number;
  first: number;
  last: number;
}

export class SignInThrottle {
  readonly windowMs = envNumber('ATLAS_SIGNIN_LOCK_MINUTES', 15) * 60_000;
  readonly lockAfter = envNumber('ATLAS_SIGNIN_MAX_FAILURES', 10);
  /** An address may fail for several accounts (a typo per colleague behind one proxy) before it is locked. */
  readonly addressLockAfter = this.lockAfter * 3;
  private failures = new Map<string, Failures>();

  /** Refuse the attempt (429 with the seconds to wait) when the account or the address must wait or is locked. */
  check(name: string, address: string, now = Date.now()): void {
    for (const [key, limit, who] of [
      [`account:${name}`, this.lockAfter, 'account'],
      [`address:${address}`, this.addressLockAfter, 'address'],
    ] as const) {
      const f = this.current(key, now);
      if (!f) continue;
      let waitMs = 0;
      if (f.count >= limit) waitMs = f.first + this.windowMs - now;
      else if (f.count >= FREE) waitMs = f.last + Math.min(1000 * 2 ** (f.count - FREE), MAX_DELAY_MS) - now;
      if (waitMs > 0) throw tooManyAttempts(who, Math.ceil(waitMs / 1000), f.count >= limit);
    }
  }

  failed(name: string, address: string, now = Date.now()): void {
    for (const key of [`account:${name}`, `address:${address}`]) {
      const f = this.current(key, now) ?? { count: 0, first: now, last: now };
      f.count++;
      f.last = now;
      this.failures.set(key, f);
    }
    if (this.failures.size > 100_000) this.prune(now);
  }

  succeeded(name: string): void {
    this.failures.delete(`account:${name}`);
  }

  private current(key: string, now: number): Failures | undefined {
    const f = this.failures.get(key);
    if (f && now - f.first > this.windowMs) {
      this.failures.delete(key);
      return undefined;
    }
    return f;
  }

  private prune(now: number): void {
    for (const [k, f] of this.failures) if (now - f.first > this.windowMs) this.failures.delete(k);
  }
}

function tooManyAttempts(who: 'account' | 'address', seconds: number, locked: boolean): AtlasError {
  const minutes = Math.ceil(seconds / 60);
  const en = locked
    ? `too many failed sign-ins for this ${who}; it is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}`
    : `too many failed sign-ins; wait ${seconds} s before trying again`;
  const zh = locked
    ? `${who === 'account' ? '该账户' : '该地址'}登录失败次数过多，已锁定，请 ${minutes} 分钟后再试`
    : `登录失败次数过多，请等待 ${seconds} 秒后再试`;
  return new AtlasError('too_many_attempts', en, 429, { retry_after: seconds, locked, who }, zh);
}
