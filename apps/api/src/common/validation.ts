import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError, ApiErrorCode, ApiErrorDetail, MAX_ERROR_DETAILS } from './api-error';

function flatten(errors: ValidationError[], parent = ''): ApiErrorDetail[] {
  return errors.flatMap((e) => {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    const messages = new Map<string, string>();
    for (const [kind, message] of Object.entries(e.constraints ?? {})) {
      if (![...messages.values()].includes(message)) messages.set(kind, message);
    }
    const own = [...messages.entries()].map(([kind, message]) => ({
      field,
      message:
        kind === 'whitelistValidation'
          ? `"${field}" is not a parameter this endpoint knows; remove it (check the spelling against /api/docs)`
          : message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * The global validation: unknown fields and query parameters are rejected, values are converted to
 * their declared types, and every problem is named in one 400 answer.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      // The message names the first problems only; the filter also caps the details it answers with.
      const named = details.slice(0, MAX_ERROR_DETAILS).map((d) => (d.message.includes(d.field) ? d.message : `${d.field}: ${d.message}`));
      const more = details.length - named.length;
      return new ApiError(ApiErrorCode.InvalidInput, named.join('; ') + (more > 0 ? `; … and ${more} more problems` : ''), details);
    },
  });
}
