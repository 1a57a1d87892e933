import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { INSYN_STYLE } from '../public/insyn-page';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Security headers on every answer (helmet): a Content-Security-Policy that the web app and /insyn
 * pass (scripts and styles from our own origin only; /insyn's one inline style by its hash), no
 * framing by other sites, `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, and no
 * `X-Powered-By`. The API docs (Swagger UI, /api/docs) run inline scripts of their own, so they get
 * the same headers with a CSP that allows them.
 */
export function securityHeaders(): RequestHandler {
  const directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", sha256(INSYN_STYLE)],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    // Not upgrade-insecure-requests: `npm start` serves plain http on localhost; TLS is the proxy's.
  };
  const strict = helmet({ contentSecurityPolicy: { useDefaults: false, directives }, referrerPolicy: { policy: 'no-referrer' } });
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...directives, 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'"] },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
  return (req, res, next) => (req.path.startsWith('/api/docs') ? docs : strict)(req, res, next);
}
