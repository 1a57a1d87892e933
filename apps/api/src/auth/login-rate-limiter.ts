/**
 * Counts failed sign-ins per client address and e-mail; after `limit` failures within `windowMs`
 * further attempts are refused until the window has passed. In memory: one API instance's view,
 * which is enough to make guessing passwords slow.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfterMs(key: string): number {
    const recent = this.recent(key);
    return recent.length >= this.limit ? recent[0] + this.windowMs - this.now() : 0;
  }

  fail(key: string): void {
    this.failures.set(key, [...this.recent(key), this.now()]);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }
}
