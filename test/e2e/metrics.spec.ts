/**
 * Prometheus metrics (issue 17, observability): the API's GET /api/metrics and the worker's own port,
 * read by a scraper's plain HTTP GET, in the text format prom-client writes, with the protection
 * METRICS_TOKEN gives. The worker runs as its real program (apps/worker/src/main.ts) against a
 * Temporal dev server of this test's own, so the SDK's own metrics are there too.
 */
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { freePort, freePortOutsideEphemeralRange, ManagedProcess, projectRoot, RunningTemporal, spawnManaged, startTemporalDevServer, TS_NODE_ARGS } from '@app/devstack';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApi } from '../support/test-api';
import { testEnv } from '../support/test-env';

/** The value of one series in Prometheus text, or undefined when it is not there. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('metrics', () => {
  let db: TestDatabase;
  let app: INestApplication;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApi({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: testEnv('temporalAddress') });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('GET /api/metrics gives request latency by route pattern, refused sign-ins and the report outbox', async () => {
    const http = request(app.getHttpServer());
    const before = await http.get('/api/metrics');
    expect(before.status).toBe(200);
    expect(before.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const failures = (t: string) => sample(t, 'samverkan_sign_in_failures_total', { reason: 'wrong_password' }) ?? 0;
    await http.post('/api/auth/login').send({ email: 'nobody@metrics.example', password: 'wrong-password' }).expect(401);
    await http.post('/api/auth/login').send({ email: 'nobody@metrics.example', password: 'wrong-password' }).expect(401);
    await http.get('/api/health/live').expect(200);
    await http.get(`/api/no-such-route-${Date.now()}`).expect(404);
    const after = (await http.get('/api/metrics').expect(200)).text;
    expect(failures(after) - failures(before.text)).toBe(2);
    // By pattern: the login route counted, the path a client invented is not a series of its own.
    expect(sample(after, 'samverkan_http_request_duration_seconds_count', { method: 'POST', route: '/api/auth/login', status: '4xx' })).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'samverkan_http_request_duration_seconds_count', { method: 'GET', route: '/api/health/live', status: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain("no-such-route");
    expect(sample(after, 'samverkan_http_request_duration_seconds_count', { route: 'unmatched', status: '4xx' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'samverkan_http_request_duration_seconds_count', { route: '/api/metrics', status: '2xx' })).toBeGreaterThanOrEqual(1);
    // Nothing waits in the outbox of a fresh installation.
    expect(sample(after, 'samverkan_report_outbox_depth')).toBe(0);
    expect(sample(after, 'samverkan_report_outbox_oldest_age_seconds')).toBe(0);
    expect(sample(after, 'samverkan_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('with METRICS_TOKEN, the metrics need it as a bearer token', async () => {
    const token = 'metrics-token-for-the-test-0123456789';
    process.env.METRICS_TOKEN = token;
    const guarded = await startTestApi({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: testEnv('temporalAddress') }).finally(() => delete process.env.METRICS_TOKEN);
    try {
      const http = request(guarded.getHttpServer());
      const none = await http.get('/api/metrics');
      expect(none.status).toBe(401);
      expect(none.body.message).toContain('METRICS_TOKEN');
      expect(none.text).not.toContain('samverkan_');
      await http.get('/api/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
      await http.get('/api/metrics').set('Authorization', token).expect(401);
      const ok = await http.get('/api/metrics').set('Authorization', `Bearer ${token}`);
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('samverkan_http_request_duration_seconds');
    } finally {
      await guarded.close();
    }
  });

  describe('the worker', () => {
    let temporal: RunningTemporal;
    let worker: ManagedProcess;
    let port: number;
    const token = 'worker-metrics-token-0123456789';
    beforeAll(async () => {
      temporal = await startTemporalDevServer({ port: await freePortOutsideEphemeralRange(), headless: true });
      port = await freePort();
      worker = spawnManaged('worker', process.execPath, [...TS_NODE_ARGS, 'apps/worker/src/main.ts'], {
        cwd: projectRoot(),
        env: { ...process.env, DATABASE_URL: db.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: 'metrics-test', WORKER_METRICS_PORT: String(port), METRICS_TOKEN: token, LOG_LEVEL: 'warn', SMTP_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // Up once it serves its metrics (it listens before it connects to Temporal and PostgreSQL).
      for (let i = 0; i < 600; i++) {
        const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Authorization: `Bearer ${token}` } }).catch(() => null);
        if (res?.ok && (await res.text()).includes('temporal_')) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('The worker did not serve its metrics with the Temporal SDK’s within 60 s');
    });
    afterAll(async () => {
      await worker?.stop(10_000);
      await temporal?.stop();
    });

    it('serves its own metrics and the Temporal SDK’s on its port, behind the same token', async () => {
      const refused = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(refused.status).toBe(401);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).toContain('# HELP samverkan_step_duration_seconds');
      expect(text).toContain('# HELP samverkan_timer_lateness_seconds');
      expect(sample(text, 'samverkan_process_resident_memory_bytes')).toBeGreaterThan(0);
      // The SDK's own series (its worker and request metrics), appended from its runtime's exporter.
      expect(text).toMatch(/^temporal_\w+/m);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    });
  });
});
