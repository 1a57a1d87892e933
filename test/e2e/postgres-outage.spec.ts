/**
 * PostgreSQL stops under load and comes back, with the API left running: while it is away every
 * endpoint that reads it answers 503 with Retry-After and a message that says the database is
 * unavailable (never a 500), health says so too, the log names the outage once and its end once, and
 * the API serves again as soon as PostgreSQL is back, without a restart.
 *
 * The shared test PostgreSQL serves the other test files, so this file starts a cluster of its own
 * (and stops and starts that one).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INestApplication, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runMigrations, seedAgreement } from '@app/database';
import { dataDir, EmbeddedPostgresOptions, freePort, RunningPostgres, startEmbeddedPostgres } from '@app/devstack';
import { startTestApi, TEST_PASSWORD } from '../support/test-api';
import { testEnv } from '../support/test-env';

interface Outcome {
  path: string;
  status: number;
  error?: unknown;
  message?: unknown;
  retryAfter?: string;
  database?: unknown;
  accessToken?: unknown;
  started: number;
  ended: number;
}

/** One request, timed, with what the answer says (or status 0 when there was no answer). */
function call(port: number, method: 'GET' | 'POST' | 'PUT', path: string, token: string, body?: object): Promise<Outcome> {
  const started = Date.now();
  const payload = body ? Buffer.from(JSON.stringify(body)) : undefined;
  return new Promise((resolve) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (payload) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) });
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          // the assertions say what was wrong
        }
        const retryAfter = res.headers['retry-after'];
        resolve({ path, status: res.statusCode ?? 0, error: parsed.error, message: parsed.message, database: parsed.database, accessToken: parsed.accessToken, retryAfter, started, ended: Date.now() });
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
    req.on('error', (e) => resolve({ path, status: 0, message: e.message, started, ended: Date.now() }));
    req.end(payload);
  });
}

const READS = ['/api/activities', '/api/overview', '/api/me', '/api/me/activities', '/api/goal-areas', '/api/escalations', '/api/notifications'];

describe('PostgreSQL away and back, the API left running', () => {
  const today = '2026-11-23';
  let pgOptions: EmbeddedPostgresOptions;
  let pg: RunningPostgres;
  let app: INestApplication;
  let port: number;
  let token: string;
  const logged: { level: string; context: unknown; message: string }[] = [];

  beforeAll(async () => {
    pgOptions = {
      dataDir: dataDir('test', `pgoutage-${process.pid}-${randomBytes(3).toString('hex')}`),
      port: await freePort(),
      database: 'samverkan',
    };
    pg = await startEmbeddedPostgres(pgOptions);
    await runMigrations(pg.url);
    app = await startTestApi({ DATABASE_URL: pg.url, TEMPORAL_ADDRESS: testEnv('temporalAddress') });
    await seedAgreement(app.get(DataSource), undefined, { today, password: TEST_PASSWORD });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    const login = await call(port, 'POST', '/api/auth/login', '', { email: 'admin@samverkan.example', password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    token = String(login.accessToken);
    // What the API logs, as its loggers are called (they still write where they write).
    for (const level of ['warn', 'log', 'error'] as const) {
      const original = Logger.prototype[level];
      jest.spyOn(Logger.prototype, level).mockImplementation(function (this: Logger, message: unknown, ...rest: unknown[]) {
        logged.push({ level, context: (this as unknown as { context?: string }).context, message: String(message) });
        return original.call(this, message, ...rest);
      });
    }
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.close();
    await pg?.stop();
    if (pgOptions) rmSync(pgOptions.dataDir, { recursive: true, force: true });
  });

  it('answers only 503s (never a 500) while PostgreSQL is away, and serves again once it is back', async () => {
    const outcomes: Outcome[] = [];
    let running = true;
    let round = 0;
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // Eight clients, each asking one read after another (and health now and then), all along.
    const client = async (n: number) => {
      while (running) {
        round += 1;
        const path = round % 7 === 0 ? '/api/health' : READS[(n + round) % READS.length];
        outcomes.push(await call(port, 'GET', path, token));
      }
    };
    // And one that signs in every 1.5 s (sign-in allows 20 attempts a minute from one address).
    const signingIn = async () => {
      while (running) {
        outcomes.push(await call(port, 'POST', '/api/auth/login', '', { email: 'polis@samverkan.example', password: TEST_PASSWORD }));
        await pause(1500);
      }
    };
    // And one that writes: the notification setting, back and forth.
    const writing = async () => {
      for (let n = 0; running; n++) {
        outcomes.push(await call(port, 'PUT', '/api/me/notification-settings', token, { email: n % 2 ? 'digest' : 'immediate' }));
        await pause(50);
      }
    };
    const loadStarted = Date.now();
    const clients = [...Array.from({ length: 8 }, (_, n) => client(n)), signingIn(), writing()];

    // Served for a while (at least a second, and a few answers on a slow machine) before the stop.
    await pause(1000);
    while (outcomes.length < 16 && Date.now() - loadStarted < 10_000) await pause(100);
    const stopping = Date.now();
    await pg.stop();
    const stopped = Date.now();
    await pause(4000);
    const restarting = Date.now();
    pg = await startEmbeddedPostgres(pgOptions);
    const restarted = Date.now();
    // Back within a few seconds of PostgreSQL's return: a read answers 200 again.
    let back: number | undefined;
    while (back === undefined && Date.now() - restarted < 10_000) {
      if ((await call(port, 'GET', '/api/activities', token)).status === 200) back = Date.now();
      else await pause(100);
    }
    // Served again for a while (a second, and a few answers on a slow machine).
    await pause(1000);
    while (outcomes.filter((o) => o.started > back! + 200).length < 16 && Date.now() - restarted < 20_000) await pause(100);
    running = false;
    await Promise.all(clients);

    expect(back).toBeDefined();
    expect(back! - restarted).toBeLessThan(5000);
    // No answer was a 500, or no answer at all, at any time.
    expect(outcomes.filter((o) => o.status !== 200 && o.status !== 503)).toEqual([]);
    // Before the stop, everything was served.
    const before = outcomes.filter((o) => o.ended < stopping);
    expect(before.length).toBeGreaterThan(10);
    expect(before.filter((o) => o.status !== 200)).toEqual([]);
    // While PostgreSQL was away: 503 everywhere, saying the database is unavailable, with Retry-After.
    const away = outcomes.filter((o) => o.started > stopped && o.ended < restarting);
    expect(away.length).toBeGreaterThan(20);
    const needDatabase = away.filter((o) => o.path !== '/api/health');
    expect(new Set(needDatabase.map((o) => o.path)).size).toBeGreaterThanOrEqual(READS.length + 2); // sign-in and the write too
    expect(needDatabase.filter((o) => !(o.status === 503 && o.error === 'DATABASE_UNAVAILABLE' && /database is unavailable/.test(String(o.message)) && o.retryAfter === '5'))).toEqual([]);
    const health = away.filter((o) => o.path === '/api/health');
    expect(health.length).toBeGreaterThan(0);
    expect(health.filter((o) => !(o.status === 503 && o.database === 'down'))).toEqual([]);
    // After it was back: everything served again, health included, by the same API process.
    const after = outcomes.filter((o) => o.started > back! + 200);
    expect(after.length).toBeGreaterThan(10);
    expect(after.filter((o) => o.status !== 200)).toEqual([]);

    // The log named the outage once and its end once, not once per request.
    const aboutPostgres = logged.filter((l) => l.context === 'PostgreSQL');
    expect(aboutPostgres).toEqual([
      { level: 'warn', context: 'PostgreSQL', message: expect.stringMatching(/^PostgreSQL is unavailable: .+503/) },
      { level: 'log', context: 'PostgreSQL', message: expect.stringMatching(/^PostgreSQL is back after [\d.]+ s; \d+ request\(s\) were answered 503/) },
    ]);
    expect(logged.filter((l) => l.level === 'error')).toEqual([]);
  });
});
