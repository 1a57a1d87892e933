import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { LifecycleError, LifecycleErrorCode } from '@app/temporal';
import { API_ERROR_STATUS, ApiError, ApiErrorDetail } from './api-error';

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
}

/**
 * Every error leaves the API in the same JSON shape. Anything unexpected is logged with its stack and
 * answered 500 without internals: a 500 is a bug to fix, never a way to report bad input.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.error === DATA_REFUSED) {
      // Input that validation let through and PostgreSQL refused: answered 400, logged to be fixed.
      this.logger.warn(`PostgreSQL refused a value that validation let through: ${(exception as Error).message}`);
    }
    if (body.statusCode >= 500 && !(exception instanceof ApiError) && !(exception instanceof LifecycleError)) {
      this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    }
    // An endpoint's own headers (a calendar's Content-Type, its caching) are not the error's.
    response.removeHeader('Cache-Control');
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE) response.setHeader('Retry-After', '30');
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof ApiError) {
      const statusCode = API_ERROR_STATUS[exception.code];
      return {
        statusCode,
        error: exception.code,
        message: exception.message,
        ...(exception.details.length ? { details: exception.details } : {}),
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
