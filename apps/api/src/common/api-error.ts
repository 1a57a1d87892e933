import { QueryFailedError } from 'typeorm';
import { HttpStatus } from '@nestjs/common';

/** Codes of the errors the API answers with on purpose; mapped to HTTP statuses in one place. */
export enum ApiErrorCode {
  InvalidInput = 'INVALID_INPUT',
  NotFound = 'NOT_FOUND',
  Ambiguous = 'AMBIGUOUS',
  Conflict = 'CONFLICT',
  /** The body did not arrive in time (its Content-Length promised more than came). */
  RequestTimeout = 'REQUEST_TIMEOUT',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  /** A Content-Encoding or charset the API does not read. */
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  /** PostgreSQL does not answer (down, restarting, unreachable): try again in a moment. */
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  IdempotencyMismatch = 'IDEMPOTENCY_KEY_REUSED',
  /** The person is a member of several agreements and the request did not say which (`?agreement=`). */
  AgreementRequired = 'AGREEMENT_REQUIRED',
  /** The person is a member of no agreement (a platform operator, or one whose last membership ended). */
  NoMembership = 'NO_MEMBERSHIP',
}

export const API_ERROR_STATUS: Record<ApiErrorCode, HttpStatus> = {
  [ApiErrorCode.InvalidInput]: HttpStatus.BAD_REQUEST,
  [ApiErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ApiErrorCode.Ambiguous]: HttpStatus.CONFLICT,
  [ApiErrorCode.Conflict]: HttpStatus.CONFLICT,
  [ApiErrorCode.RequestTimeout]: HttpStatus.REQUEST_TIMEOUT,
  [ApiErrorCode.PayloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ApiErrorCode.UnsupportedMediaType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ApiErrorCode.DatabaseUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ApiErrorCode.IdempotencyMismatch]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ApiErrorCode.AgreementRequired]: HttpStatus.BAD_REQUEST,
  [ApiErrorCode.NoMembership]: HttpStatus.FORBIDDEN,
};

/** An error answer names at most this many details, and says how many more there were. */
export const MAX_ERROR_DETAILS = 20;

export interface ApiErrorDetail {
  /** The parameter or field at fault, e.g. `limit` or `milestones[0].title`. */
  field: string;
  message: string;
}

/** An error the API means to answer with: a code, a message saying what to fix, and details per field. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static invalid(field: string, message: string): ApiError {
    return new ApiError(ApiErrorCode.InvalidInput, `${field}: ${message}`, [{ field, message }]);
  }

  static notFound(message: string): ApiError {
    return new ApiError(ApiErrorCode.NotFound, message);
  }
}

/** True for PostgreSQL's unique_violation (23505): the row (its key, say) exists already. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: unknown } | undefined)?.code === '23505';
}
