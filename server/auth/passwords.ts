/**
 * Password hashing with scrypt (node:crypto), a memory-hard function: N = 2^15, r = 8, p = 1 (32 MiB and some tens of
 * milliseconds per hash, on libuv's thread pool, off the event loop), a 16-byte random salt, a 32-byte key. Stored as
 * `scrypt$N$r$p$salt$key` (base64url), so the parameters can be raised later and old hashes still verify.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Why a password cannot be used, or null. */
export function passwordProblem(password: string): { en: string; zh: string } | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return {
      en: `a password needs at least ${MIN_PASSWORD_LENGTH} characters`,
      zh: `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`,
    };
  if (password.length > MAX_PASSWORD_LENGTH)
    return {
      en: `a password has at most ${MAX_PASSWORD_LENGTH} characters`,
      zh: `密码最多 ${MAX_PASSWORD_LENGTH} 个字符`,
    };
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$') ?? [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    // an account without a password (single sign-on only) still costs one hash, so timing does not tell it apart
    await derive(password, randomBytes(16), PARAMS);
    return false;
  }
  const [, N, r, p, salt, key] = parts;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: +N, r: +r, p: +p });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
