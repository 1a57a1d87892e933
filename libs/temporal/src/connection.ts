import { InterceptingCall, Interceptor } from '@grpc/grpc-js';
import { Connection, ConnectionOptions, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

/**
 * A lazy Temporal client connection that is safe to close while a call is retrying.
 *
 * The SDK retries a failed call (Temporal unreachable, for one) on a timer. Closing the channel while
 * such a timer is pending makes the timer throw "Channel has been shut down", an uncaught exception
 * that takes the process down. This connection counts the retries it has scheduled and the ones that
 * have started; `close()` stops new retries from being scheduled, waits until every scheduled one has
 * started (the SDK waits at most 5 s between attempts), and only then closes the channel.
 */
export class ClosableConnection {
  readonly connection: Connection;
  private closing = false;
  private firstAttempts = 0;
  private attempts = 0;
  private scheduledRetries = 0;

  constructor(options: Omit<ConnectionOptions, 'interceptors'>) {
    const retry = defaultGrpcRetryOptions();
    const countFirstAttempts: Interceptor = (callOptions, next) => {
      this.firstAttempts++;
      return new InterceptingCall(next(callOptions));
    };
    const retryUntilClosing = makeGrpcRetryInterceptor({
      retryableDecider: (attempt, status) => !this.closing && retry.retryableDecider(attempt, status),
      delayFunction: (attempt, status) => {
        this.scheduledRetries++;
        return retry.delayFunction(attempt, status);
      },
    });
    const countAttempts: Interceptor = (callOptions, next) => {
      this.attempts++;
      return new InterceptingCall(next(callOptions));
    };
    this.connection = Connection.lazy({ ...options, interceptors: [countFirstAttempts, retryUntilClosing, countAttempts] });
  }

  /** Retries scheduled on a timer that has not fired yet. */
  get pendingRetries(): number {
    return this.scheduledRetries - (this.attempts - this.firstAttempts);
  }

  async close(waitAtMostMs = 10_000): Promise<void> {
    this.closing = true;
    const until = Date.now() + waitAtMostMs;
    while (this.pendingRetries > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    await this.connection.close();
  }
}
