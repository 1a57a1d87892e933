import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics: one registry per process (a process is the API or the worker).
 * Labels are bounded on purpose: a route is its pattern (`/api/activities/:idOrKey`), never the path
 * a client sent, so a scanner cannot grow the series without end.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'samverkan_' });

export const httpRequestDuration = new Histogram({
  name: 'samverkan_http_request_duration_seconds',
  help: 'API requests by method, route pattern and status class, from the first byte in to the last byte out',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const signInFailures = new Counter({
  name: 'samverkan_sign_in_failures_total',
  help: 'Refused sign-ins by reason (wrong_password, throttled, deactivated)',
  labelNames: ['reason'] as const,
  registers: [registry],
});

export const stepDuration = new Histogram({
  name: 'samverkan_step_duration_seconds',
  help: 'Workflow steps (Temporal activities) by name and outcome, per attempt',
  labelNames: ['step', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const timerLateness = new Histogram({
  name: 'samverkan_timer_lateness_seconds',
  help: 'From a deadline, reminder or escalation being due to its row being written',
  labelNames: ['kind'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600],
  registers: [registry],
});

/**
 * The report outbox as the scraper sees it: rows not yet delivered to their workflow and the age of
 * the oldest. `read` is asked at each scrape (by the process that can read the database).
 */
export function watchOutbox(read: () => Promise<{ depth: number; oldestAgeSeconds: number }>): void {
  if (registry.getSingleMetric('samverkan_report_outbox_depth')) return; // once per process
  let last: Promise<{ depth: number; oldestAgeSeconds: number }> | null = null;
  const current = () => (last ??= read().finally(() => setTimeout(() => (last = null), 0)));
  new Gauge({
    name: 'samverkan_report_outbox_depth',
    help: 'Reports accepted but not yet delivered to their activity workflow',
    registers: [registry],
    async collect() {
      this.set((await current()).depth);
    },
  });
  new Gauge({
    name: 'samverkan_report_outbox_oldest_age_seconds',
    help: 'Age of the oldest report not yet delivered to its workflow (0 when none waits)',
    registers: [registry],
    async collect() {
      this.set((await current()).oldestAgeSeconds);
    },
  });
}

/**
 * Express/connect middleware: times every request by its matched route (unmatched ones as "unmatched");
 * a handler outside the router names its series by setting `req.metricsRoute`.
 */
export function timeRequests() {
  return (req: IncomingMessage & { route?: { path?: string }; baseUrl?: string; metricsRoute?: string }, res: ServerResponse, next: () => void) => {
    const end = httpRequestDuration.startTimer();
    res.on('finish', () => {
      // A wildcard (the framework's catch-all for unknown paths) is "unmatched" too.
      const pattern = req.metricsRoute ?? (req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : '');
      const route = pattern && !pattern.includes('*') ? pattern : 'unmatched';
      end({ method: req.method ?? 'GET', route, status: `${Math.floor(res.statusCode / 100)}xx` });
    });
    next();
  };
}

export interface MetricsAccess {
  /** The bearer token a scraper must send; undefined: no token is configured. */
  token?: string;
  /** Without a token, production keeps the metrics off and development leaves them open. */
  production: boolean;
}

/**
 * Whether a scrape may read the metrics: with METRICS_TOKEN only with `Authorization: Bearer <it>`;
 * without it, open in development and off (404) in production, so nothing is exposed by default.
 */
export function metricsRefusal(access: MetricsAccess, authorization: string | undefined): { status: 401 | 404; message: string } | null {
  if (!access.token) {
    return access.production ? { status: 404, message: 'Metrics are off: set METRICS_TOKEN to turn them on, and send it as a bearer token.' } : null;
  }
  const sent = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(sent);
  const b = Buffer.from(access.token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return { status: 401, message: 'The metrics need the bearer token METRICS_TOKEN (Authorization: Bearer <token>).' };
  }
  return null;
}

/** Answers a scrape: the registry's text, plus `extra` (e.g. the Temporal SDK's own metrics). */
export async function serveMetrics(access: MetricsAccess, req: IncomingMessage, res: ServerResponse, extra?: () => Promise<string>): Promise<void> {
  const refusal = metricsRefusal(access, req.headers.authorization);
  if (refusal) {
    res.writeHead(refusal.status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ statusCode: refusal.status, message: refusal.message }));
    return;
  }
  let text = await registry.metrics();
  if (extra) text += `\n${await extra().catch((e: Error) => `# The Temporal SDK's metrics could not be read: ${e.message.replace(/\s+/g, ' ')}\n`)}`;
  res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' });
  res.end(text);
}
