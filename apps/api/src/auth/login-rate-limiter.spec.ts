import { LoginRateLimiter } from './login-rate-limiter';

describe('LoginRateLimiter', () => {
  it('refuses after five failures until the window has passed, and forgets on success', () => {
    let t = 1_000_000;
    const limiter = new LoginRateLimiter(5, 60_000, () => t);
    for (let i = 0; i < 5; i++) {
      expect(limiter.retryAfterMs('ip|a')).toBe(0);
      limiter.fail('ip|a');
    }
    expect(limiter.retryAfterMs('ip|a')).toBe(60_000);
    expect(limiter.retryAfterMs('ip|b')).toBe(0);
    t += 60_001;
    expect(limiter.retryAfterMs('ip|a')).toBe(0);
    limiter.fail('ip|a');
    limiter.succeed('ip|a');
    expect(limiter.retryAfterMs('ip|a')).toBe(0);
  });
});
