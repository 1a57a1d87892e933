/**
 * SQLSTATEs that mean "PostgreSQL cannot serve now", not "this request is wrong": class 08 (connection
 * exception), class 53 (insufficient resources: too many connections, out of memory, disk full) and
 * 57P01–57P03 (terminated by an administrator's shutdown, a crash shutdown, or the server is starting
 * up or shutting down).
 */
const UNAVAILABLE_SQLSTATE = /^(08|53)[0-9A-Z]{3}$|^57P0[123]$/;

/** Node's codes for a server that cannot be reached, or a connection that broke. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** What node-postgres and TypeORM say, without a code, when the connection is gone or cannot be had. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|is not queryable|Connection with postgres database is not established|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * TypeORM's errors for a connection that is gone: none set up yet, or one that a query runner gave up
 * between two queries of one operation (it releases itself when its connection reports an error, so
 * the second query of a find with relations meets a released runner while PostgreSQL shuts down).
 */
const UNAVAILABLE_ERROR_NAMES = new Set(['ConnectionIsNotSetError', 'QueryRunnerAlreadyReleasedError']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error and the errors inside it (TypeORM's driverError, a cause, an AggregateError's errors). */
function* chain(error: unknown, depth = 0): Generator<ErrorLike> {
  if (depth > 4 || error === null || typeof error !== 'object') return;
  const e = error as ErrorLike;
  yield e;
  yield* chain(e.driverError, depth + 1);
  yield* chain(e.cause, depth + 1);
  if (Array.isArray(e.errors)) for (const inner of e.errors.slice(0, 5)) yield* chain(inner, depth + 1);
}

function unavailableBecause(e: ErrorLike): boolean {
  const code = typeof e.code === 'string' ? e.code : '';
  return (
    UNAVAILABLE_SQLSTATE.test(code) ||
    NETWORK_CODES.has(code) ||
    (typeof e.name === 'string' && UNAVAILABLE_ERROR_NAMES.has(e.name)) ||
    (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message))
  );
}

/**
 * Whether `error` says that PostgreSQL is unreachable or not serving (refused, timed out, shutting
 * down, starting up, the connection cut), as opposed to a query it refused: the API answers the
 * former 503, for the caller to try again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of chain(error)) if (unavailableBecause(e)) return true;
  return false;
}

/** A short reason for the logs, such as `connect ECONNREFUSED 127.0.0.1:5432 (ECONNREFUSED)`. */
export function databaseFailureReason(error: unknown): string {
  for (const e of chain(error)) {
    if (!unavailableBecause(e)) continue;
    const message = typeof e.message === 'string' && e.message ? e.message : String(e.name ?? 'unknown error');
    return typeof e.code === 'string' && e.code && !message.includes(e.code) ? `${message} (${e.code})` : message;
  }
  return error instanceof Error ? error.message : String(error);
}
