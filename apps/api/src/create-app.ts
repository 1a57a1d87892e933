import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import express from 'express';
import { projectRoot } from '@app/devstack';
import { Environment } from '@app/config';
import { acrossTenants, withRequestScope } from '@app/database';
import { serveMetrics, timeRequests, watchOutbox } from '@app/metrics';
import { DataSource } from 'typeorm';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { configureTrustProxy } from './auth/client-address.util';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { methodNotAllowed } from './common/method-not-allowed.middleware';
import { RejectNulPipe } from './common/reject-nul.pipe';
import { requestBodyParsers } from './common/request-body.middleware';
import { createValidationPipe } from './common/validation';
import { securityHeaders } from './common/security-headers';
import { DatabaseOutage } from './health/database-outage';
import { buildOpenApiDocument } from './openapi';

export interface ApiAppOptions {
  /** How long a request body may take to arrive (default 10 s); tests shorten it. */
  bodyReadTimeoutMs?: number;
}

/** Builds the API exactly as it runs in production; e2e tests use this too. */
export async function createApiApp(options: ApiAppOptions = {}): Promise<INestApplication> {
  // Nest's own body parsers are replaced by ours, which refuse what cannot be read with a 4xx of its own.
  const app = await NestFactory.create(AppModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  configureTrustProxy(app); // TRUST_PROXY: which proxies to believe about the client's address
  app.use(securityHeaders()); // CSP, nosniff, Referrer-Policy, no X-Powered-By: on every answer, errors and files too
  app.use(timeRequests()); // latency by route pattern, for GET /api/metrics
  mountMetrics(app);
  // A known path asked with a method it does not take: 405 with Allow (from the OpenAPI document, built below).
  let document: OpenAPIObject | undefined;
  app.use(methodNotAllowed(() => document));
  app.use(...requestBodyParsers({ readTimeoutMs: options.bodyReadTimeoutMs }));
  // Each request's database work sees nothing until the auth guard (or a public endpoint) says which
  // agreements it may see. After the body parsers, whose stream events would lose the scope.
  app.use((_req: unknown, _res: unknown, next: () => void) => withRequestScope(next));
  // Everything is under /api but the public page /insyn (and, later, the web app at /).
  app.setGlobalPrefix('api', { exclude: ['insyn'] });
  app.useGlobalPipes(new RejectNulPipe(), createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter(app.get(DatabaseOutage)));
  // The web app's built files (npm run build puts them in dist/web) at /.
  app.use(express.static(process.env.WEB_ROOT ?? join(projectRoot(), 'dist', 'web'), { index: 'index.html', fallthrough: true }));
  app.enableShutdownHooks();

  document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/**
 * `GET /api/metrics` in Prometheus text (prom-client): request latency by route, sign-in failures,
 * the report outbox's depth and oldest age, and the process's own figures. Protected by METRICS_TOKEN
 * (a bearer token); without one it is open in development and off in production. Not part of the
 * OpenAPI document: it is for the operator's scraper, not for clients.
 */
function mountMetrics(app: INestApplication): void {
  const env = app.get(Environment);
  const dataSource = app.get(DataSource);
  // The installation's whole outbox, across tenants on purpose: a count and an age, nothing of any row.
  watchOutbox(async () => {
    const [row] = await acrossTenants(() =>
      dataSource.query(`SELECT count(*)::int AS depth, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS age FROM workflow_delivery WHERE delivered_at IS NULL`),
    );
    return { depth: row.depth, oldestAgeSeconds: row.age };
  });
  const access = { token: env.METRICS_TOKEN, production: env.NODE_ENV === 'production' };
  app.use('/api/metrics', (req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (req.method !== 'GET' || (req.path !== '/' && req.path !== '')) return next();
    Object.assign(req, { metricsRoute: '/api/metrics' }); // its own series in the latency histogram
    serveMetrics(access, req, res).catch(next);
  });
}
