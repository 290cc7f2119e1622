import { describe, expect, it } from 'vitest';
import { ApiError } from '../../app/api.ts';
import { translate } from '../../app/i18n.ts';
import { messages } from './messages.ts';
import { signInProblem, ssoProblem, ssoStartHref } from './model.ts';

const tooMany = (details: Record<string, unknown>) =>
  new ApiError('too many failed sign-ins', 429, 'too_many_attempts', details, '登录失败次数过多');

describe('what the sign-in page says', () => {
  it('names a wrong password without saying which of the two was wrong', () => {
    const p = signInProblem(new ApiError('wrong', 401, 'wrong_credentials'));
    expect(p).toEqual({ key: 'wrong' });
    expect(translate(messages, 'en', p!.key)).toMatch(/name or the password is wrong/);
  });

  it('gives a lock in whole minutes, and a slow-down in seconds', () => {
    const locked = signInProblem(tooMany({ retry_after: 841, locked: true, who: 'account' }))!;
    expect(locked).toEqual({ key: 'locked.account', vars: { minutes: 15 } });
    expect(translate(messages, 'zh-CN', locked.key, locked.vars)).toContain('15 分钟');
    expect(translate(messages, 'en', locked.key, locked.vars)).toContain('15 minutes');
    expect(signInProblem(tooMany({ retry_after: 20, locked: true, who: 'address' }))).toEqual({
      key: 'locked.address',
      vars: { minutes: 1 },
    });
    expect(signInProblem(tooMany({ retry_after: 4, locked: false, who: 'account' }))).toEqual({
      key: 'wait',
      vars: { seconds: 4 },
    });
  });

  it('leaves other errors to the server’s message', () => {
    expect(signInProblem(new ApiError('x', 400, 'invalid_parameter'))).toBeNull();
    expect(signInProblem(new Error('x'))).toBeNull();
  });

  it('has a text in both languages for every single sign-on failure, and shows an unknown code as it came', () => {
    for (const code of [
      'oidc_not_configured',
      'oidc_unavailable',
      'oidc_state',
      'oidc_denied',
      'oidc_failed',
      'oidc_no_role',
      'oidc_no_scope',
      'account_disabled',
    ]) {
      const p = ssoProblem(code)!;
      expect(p.key).toBe(`sso.${code}`);
      expect(messages['zh-CN'][p.key]).toBeTruthy();
      expect(messages.en[p.key]).toBeTruthy();
    }
    expect(ssoProblem('oidc_new_thing')).toEqual({ key: 'sso.unknown', vars: { code: 'oidc_new_thing' } });
    expect(ssoProblem(null)).toBeNull();
  });

  it('starts single sign-on as a navigation that comes back to the page asked for', () => {
    expect(ssoStartHref('/api/auth/oidc/start', '/rankings?level=cell')).toBe(
      '/api/auth/oidc/start?return=%2Frankings%3Flevel%3Dcell',
    );
  });
});
