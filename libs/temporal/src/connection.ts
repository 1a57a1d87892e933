import { InterceptingCall, Interceptor } from '@grpc/grpc-js';
import { Connection, ConnectionOptions, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

/**
 * gRPC channel options that make a connection notice Temporal's return within about a second.
 *
 * @grpc/grpc-js reconnects a lost channel with exponential back-off: 1 s, then ×1.6 per failed attempt,
 * up to 120 s by default. After an outage of a minute or more the channel waits tens of seconds, up to
 * two minutes, before it tries again; every call in that time fails at once with UNAVAILABLE, although
 * Temporal is back (measured: a call first succeeded 15.6 s after a 90 s outage ended; 0.5 s with these
 * options). Trying a loopback or LAN address every second while it is away costs nothing worth saving.
 */
export const PROMPT_RECONNECT_CHANNEL_ARGS = {
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 1000,
} as const;

/**
 * A lazy Temporal client connection that is safe to close while a call is retrying.
 *
 * The SDK retries a failed call (Temporal unreachable, for one) on a timer. Closing the channel while
 * such a timer is pending makes the timer throw "Channel has been shut down", an uncaught exception
 * that takes the process down. This connection counts the retries it has scheduled and the ones that
 * have started; `close()` stops new retries from being scheduled, waits until every scheduled one has
 * started (the SDK waits at most 5 s between attempts), and only then closes the channel. Its channel
 * reconnects promptly (`PROMPT_RECONNECT_CHANNEL_ARGS`) unless the caller's `channelArgs` say otherwise.
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
    this.connection = Connection.lazy({
      ...options,
      channelArgs: { ...PROMPT_RECONNECT_CHANNEL_ARGS, ...options.channelArgs },
      interceptors: [countFirstAttempts, retryUntilClosing, countAttempts],
    });
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
