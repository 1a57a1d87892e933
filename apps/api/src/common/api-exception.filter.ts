import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { LifecycleError, LifecycleErrorCode } from '@app/temporal';
import { API_ERROR_STATUS, ApiError, ApiErrorCode, ApiErrorDetail, MAX_ERROR_DETAILS } from './api-error';
import { databaseFailureReason, isDatabaseUnavailable } from './database-unavailable.util';
import type { OutageTracker } from './outage-tracker';

const LIFECYCLE_STATUS: Record<LifecycleErrorCode, HttpStatus> = {
  REJECTED: HttpStatus.CONFLICT,
  NOT_RUNNING: HttpStatus.CONFLICT,
  UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
};

const DATA_REFUSED = 'INVALID_VALUE';

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: ApiErrorDetail[];
  /** How many details were left out after the first MAX_ERROR_DETAILS. */
  detailsOmitted?: number;
}

/** What body-parser and raw-body attach to the errors they pass on (http-errors). */
interface BodyParserError {
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  type?: unknown;
  code?: unknown;
  limit?: unknown;
  length?: unknown;
  message?: unknown;
}

const kB = (bytes: number) => `${Math.round(bytes / 1024)} kB`;

/** Seconds a client should wait before asking again, per unavailable dependency. */
const RETRY_AFTER_SECONDS = { database: 5, other: 30 };

/**
 * Every error leaves the API in the same JSON shape. Anything unexpected is logged with its stack and
 * answered 500 without internals: a 500 is a bug to fix, never a way to report bad input.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  /** `databaseOutage` logs a PostgreSQL outage once, instead of once per request answered 503. */
  constructor(private readonly databaseOutage?: OutageTracker) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    // Answered already (a body that did not arrive in time is answered 408 while its parser still waits).
    if (response.headersSent) return;
    const body = this.toBody(exception, host.switchToHttp().getRequest<Request>());
    if (body.error === DATA_REFUSED) {
      // Input that validation let through and PostgreSQL refused: answered 400, logged to be fixed.
      this.logger.warn(`PostgreSQL refused a value that validation let through: ${(exception as Error).message}`);
    }
    if (body.statusCode >= 500 && body.statusCode !== HttpStatus.SERVICE_UNAVAILABLE && !(exception instanceof ApiError) && !(exception instanceof LifecycleError)) {
      this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    }
    // An endpoint's own headers (a calendar's Content-Type, its caching) are not the error's.
    response.removeHeader('Cache-Control');
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE) {
      response.setHeader('Retry-After', String(body.error === ApiErrorCode.DatabaseUnavailable ? RETRY_AFTER_SECONDS.database : RETRY_AFTER_SECONDS.other));
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request): ApiErrorBody {
    if (exception instanceof ApiError) {
      const statusCode = API_ERROR_STATUS[exception.code];
      const { details } = exception;
      return {
        statusCode,
        error: exception.code,
        message: exception.message,
        ...(details.length ? { details: details.slice(0, MAX_ERROR_DETAILS) } : {}),
        ...(details.length > MAX_ERROR_DETAILS ? { detailsOmitted: details.length - MAX_ERROR_DETAILS } : {}),
      };
    }
    if (exception instanceof LifecycleError) {
      return { statusCode: LIFECYCLE_STATUS[exception.code], error: exception.code, message: exception.message };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const res = exception.getResponse();
      const message =
        typeof res === 'string'
          ? res
          : Array.isArray((res as { message?: unknown }).message)
            ? ((res as { message: string[] }).message).join('; ')
            : String((res as { message?: unknown }).message ?? exception.message);
      return { statusCode, error: HttpStatus[statusCode] ?? 'ERROR', message: this.explain(statusCode, message) };
    }
    if (isDatabaseUnavailable(exception)) {
      this.databaseOutage?.failed(databaseFailureReason(exception));
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: ApiErrorCode.DatabaseUnavailable,
        message:
          'The database is unavailable right now (PostgreSQL does not answer), so the request could not be carried out. ' +
          'Try again in a few seconds. (Databasen svarar inte just nu; försök igen om en stund.)',
      };
    }
    const refusedBody = this.bodyParserProblem(exception, request);
    if (refusedBody) return refusedBody;
    const sqlState = exception instanceof QueryFailedError ? String((exception.driverError as { code?: unknown })?.code ?? '') : '';
    if (sqlState.startsWith('22') || sqlState === '23514') {
      // Class 22 (data exception: bad uuid, NUL, out of range, too long) and check violations.
      return { statusCode: HttpStatus.BAD_REQUEST, error: DATA_REFUSED, message: `A value in the request cannot be stored: ${exception instanceof Error ? exception.message : ''}. Check it against /api/docs.` };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'INTERNAL_SERVER_ERROR',
      message: 'Something went wrong on our side. It has been logged; please try again or contact support.',
    };
  }

  /**
   * A body refused by body-parser before any handler (too large, not decompressible, cut short), or
   * another 4xx of express's middleware: its status, with a message that says what to send instead.
   * Undefined when `exception` is none of those.
   */
  private bodyParserProblem(exception: unknown, request: Request): ApiErrorBody | undefined {
    // Duck-typed: errors made inside Node (zlib's) are not always instances of this realm's Error.
    if (exception === null || typeof exception !== 'object') return undefined;
    const e = exception as BodyParserError;
    const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
    if (status === undefined || status < 400 || status >= 500 || e.expose !== true) return undefined;
    const answer = (statusCode: number, error: string, message: string): ApiErrorBody => ({ statusCode, error, message });
    const encoding = String(request.headers['content-encoding'] ?? 'identity');
    switch (true) {
      case e.type === 'entity.too.large': {
        const limit = typeof e.limit === 'number' ? e.limit : 100 * 1024;
        const size = typeof e.length === 'number' ? `is ${kB(e.length)}, more than` : 'is larger than';
        return answer(
          HttpStatus.PAYLOAD_TOO_LARGE,
          ApiErrorCode.PayloadTooLarge,
          `The request body ${size} the ${kB(limit)} the API reads: send a smaller body (no endpoint needs more; texts have their own limits, see /api/docs).`,
        );
      }
      case typeof e.code === 'string' && e.code.startsWith('Z_'): {
        // zlib's own words ("incorrect header check"), unless http-errors replaced them with the status's.
        const why = typeof e.message === 'string' && e.message && e.message !== 'Bad Request' ? ` (${e.message})` : '';
        return answer(
          HttpStatus.BAD_REQUEST,
          ApiErrorCode.InvalidInput,
          `The request body cannot be decompressed as its Content-Encoding "${encoding}" says${why}: compress it with ${encoding}, label it with the encoding it has, or send it uncompressed without Content-Encoding.`,
        );
      }
      case e.type === 'encoding.unsupported':
      case e.type === 'charset.unsupported':
        return answer(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          ApiErrorCode.UnsupportedMediaType,
          `${String(e.message)}: send the body as UTF-8 JSON, uncompressed or with Content-Encoding gzip or deflate.`,
        );
      case e.type === 'request.size.invalid':
        return answer(HttpStatus.BAD_REQUEST, ApiErrorCode.InvalidInput, 'The request body is not as long as its Content-Length says: send a Content-Length that matches the body, or none.');
      case e.type === 'request.aborted':
        return answer(HttpStatus.BAD_REQUEST, ApiErrorCode.InvalidInput, 'The request was aborted before its body had arrived: send it again.');
      case typeof e.type === 'string':
        // Another of body-parser's refusals (too many parameters in a form, say): its status and words.
        return answer(status, HttpStatus[status] ?? 'ERROR', `The request body was refused: ${String(e.message)}. The API reads UTF-8 JSON bodies up to 100 kB (see /api/docs).`);
      default:
        // A 4xx that express's own middleware meant to show (http-errors' expose): as it is.
        return answer(status, HttpStatus[status] ?? 'ERROR', String(e.message));
    }
  }

  private explain(status: number, message: string): string {
    if (status === HttpStatus.NOT_FOUND && /^Cannot (GET|POST|PUT|PATCH|DELETE)/.test(message)) {
      return `${message}: no such endpoint. The API is described at /api/docs.`;
    }
    if (status === HttpStatus.BAD_REQUEST && /JSON/i.test(message)) {
      return `The request body is not valid JSON: ${message}`;
    }
    return message;
  }
}
