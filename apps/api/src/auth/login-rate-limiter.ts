import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Counts failed sign-ins per key; after `limit` failures within `windowMs` further attempts are
 * refused until the window has passed. The auth service keys it by client address and account, so
 * guessing one person's password from one address is slow, yet the person still signs in from
 * everywhere else (and the per-address throttle on POST /api/auth/login keeps one address from trying
 * many accounts). In memory: one API instance's view.
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
    if (this.failures.size > 10_000) this.forgetOld();
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  /** Keeps the map small when many keys are tried: drops those with no failure in the window. */
  private forgetOld(): void {
    for (const key of [...this.failures.keys()]) if (!this.recent(key).length) this.failures.delete(key);
  }
}

/** 429: too many failed sign-ins; the controller sends `retryAfterSeconds` as Retry-After. */
export class SignInThrottledException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
  }
}
