import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ApiError } from './api-error';

/** The path (`summary`, `milestones[0].note`) of the first string in `value` that holds a NUL character. */
function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 10 || value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const keyPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return keyPath;
    const found = findNul(inner, keyPath, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Rejects a NUL character (U+0000) anywhere in a request's path parameters, query or body: PostgreSQL
 * cannot store it in text, and no person types it. Runs before validation, on every endpoint.
 */
export class RejectNulPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const field = findNul(value, metadata.data ?? '');
    if (field !== null) {
      const name = field || metadata.type;
      throw ApiError.invalid(name, 'contains a NUL character (U+0000), which cannot be stored; remove it and send again');
    }
    return value;
  }
}
