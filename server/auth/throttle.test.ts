import { describe, expect, it } from 'vitest';
import { SignInThrottle } from './throttle.ts';

describe('SignInThrottle', () => {
  it('lets three failures pass, then makes each attempt wait longer, then locks for the window', () => {
    const t = new SignInThrottle();
    const at = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(() => t.check('ann', '1.1.1.1', at + i)).not.toThrow();
      t.failed('ann', '1.1.1.1', at + i);
    }
    // after the 3rd failure: wait 1 s, then 2 s after the 4th, 4 s after the 5th …
    expect(() => t.check('ann', '1.1.1.1', at + 500)).toThrow(/wait 1 s/);
    expect(() => t.check('ann', '1.1.1.1', at + 1_003)).not.toThrow();
    t.failed('ann', '1.1.1.1', at + 1_003);
    expect(() => t.check('ann', '1.1.1.1', at + 2_500)).toThrow(/wait 1 s/);
    expect(() => t.check('ann', '1.1.1.1', at + 3_004)).not.toThrow();
    for (let i = 4; i < t.lockAfter; i++) t.failed('ann', '1.1.1.1', at + 60_000 * i);
    expect(() => t.check('ann', '1.1.1.1', at + 60_000 * 10)).toThrow(/locked/);
    // the window ends, and the lock with it
    expect(() => t.check('ann', '1.1.1.1', at + t.windowMs + 1)).not.toThrow();
  });

  it('clears an account on success, but not its address', () => {
    const t = new SignInThrottle();
    for (let i = 0; i < 5; i++) t.failed('bob', '2.2.2.2', i);
    t.succeeded('bob');
    expect(() => t.check('bob', '3.3.3.3', 10)).not.toThrow();
    expect(() => t.check('carol', '2.2.2.2', 10)).toThrow(/wait/);
  });
});
