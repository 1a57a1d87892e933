import type { NextFunction, Request, Response } from 'express';
import type { OpenAPIObject } from '@nestjs/swagger';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** A path template of the OpenAPI document (`/api/activities/{idOrKey}`) as a matcher of request paths. */
function matcher(template: string): RegExp {
  const escaped = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]+')}/?$`);
}

/**
 * 405 Method Not Allowed, with `Allow`, for a path the API has under other methods (`DELETE /api/health`),
 * instead of the 404 "no such path" that would send a client looking for a path that is right. Which
 * methods a path takes comes from the OpenAPI document, so it is always what the API declares. Paths
 * the document does not know, and OPTIONS, pass on unchanged.
 */
export function methodNotAllowed(document: () => OpenAPIObject | undefined) {
  let routes: { pattern: RegExp; methods: string[] }[] | null = null;
  return (req: Request, res: Response, next: NextFunction) => {
    const doc = document();
    if (!doc || req.method === 'OPTIONS') return next();
    routes ??= Object.entries(doc.paths).map(([template, item]) => ({
      pattern: matcher(template),
      methods: METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((m) => m.toUpperCase()),
    }));
    const path = req.path;
    const matching = routes.filter((r) => r.pattern.test(path));
    if (matching.length === 0) return next();
    const allowed = [...new Set(matching.flatMap((r) => r.methods))];
    if (allowed.includes('GET')) allowed.push('HEAD');
    if (allowed.includes(req.method)) return next();
    res.setHeader('Allow', allowed.join(', '));
    res.status(405).json({
      statusCode: 405,
      error: 'METHOD_NOT_ALLOWED',
      message: `${req.method} is not allowed on ${path}; it takes ${allowed.join(', ')}. See /api/docs.`,
    });
  };
}
