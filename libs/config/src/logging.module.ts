import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { Environment } from './environment';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * A URL as the request log may show it: the secret of a calendar feed's address (`/api/calendar/<secret>.ics`)
 * is the feed's only key, so it never reaches a log.
 */
export function redactUrl(url: string): string {
  return url.replace(/(\/api\/calendar\/)[^/?#]*/g, '$1[redacted]');
}

/**
 * JSON logs through pino. Each HTTP request gets an id (the caller's `X-Request-Id` when it sends a
 * sane one), echoed in the response, and every log line written while serving it carries that id.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        pinoHttp: {
          level: env.LOG_LEVEL,
          base: { app: process.env.SAMVERKAN_APP ?? 'samverkan' },
          genReqId: (req, res) => {
            const given = req.headers['x-request-id'];
            const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
            res.setHeader('X-Request-Id', id);
            return id;
          },
          customProps: (req) => ({ requestId: req.id }),
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
        },
      }),
    }),
  ],
  exports: [LoggerModule],
})
export class LoggingModule {}
