/**
 * Liveness and readiness (real API, real PostgreSQL, real Temporal): live asks nothing; ready needs
 * PostgreSQL only, and reports Temporal being away without taking the API out of service, because
 * reports wait in the outbox meanwhile. GET /api/health keeps its documented meaning (both answer).
 */
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { freePort } from '@app/devstack';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApi } from '../support/test-api';
import { testEnv } from '../support/test-env';

describe('health: liveness and readiness', () => {
  let db: TestDatabase;
  let api: INestApplication;
  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: testEnv('temporalAddress') });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('GET /api/health/live is 200 whenever the process serves HTTP', async () => {
    const res = await request(api.getHttpServer()).get('/api/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number) });
  });

  it('GET /api/health/ready is 200 and ok when PostgreSQL and Temporal both answer', async () => {
    const res = await request(api.getHttpServer()).get('/api/health/ready').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', temporal: 'up', uptimeSeconds: expect.any(Number) });
  });

  it('documents live and ready beside /api/health', async () => {
    const res = await request(api.getHttpServer()).get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/health/live', '/api/health/ready']));
    expect(Object.keys(res.body.paths['/api/health/ready'].get.responses).sort()).toEqual(['200', '503']);
  });

  it('stays ready while Temporal is away, saying so and that reports wait in the outbox', async () => {
    const cut = await startTestApi({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    try {
      const http = request(cut.getHttpServer());
      const ready = await http.get('/api/health/ready').expect(200);
      expect(ready.body).toMatchObject({ status: 'degraded', database: 'up', temporal: 'down' });
      expect(ready.body.problems).toEqual([expect.stringMatching(/^Temporal: /)]);
      expect(ready.body.message).toMatch(/outbox.*delivered.*when it returns/);
      expect(ready.headers['retry-after']).toBeUndefined();
      await http.get('/api/health/live').expect(200);
      // The whole-platform check keeps its documented meaning: ok only when both answer.
      expect((await http.get('/api/health').expect(503)).body).toMatchObject({ status: 'error', database: 'up', temporal: 'down' });
    } finally {
      await cut.close();
    }
  });

  it('is not ready (503 with Retry-After) when PostgreSQL does not answer, and still live', async () => {
    // A database of its own, dropped under the running API: its connections are cut and new ones refused.
    const doomed = await createTestDatabase();
    const cut = await startTestApi({ DATABASE_URL: doomed.url, TEMPORAL_ADDRESS: testEnv('temporalAddress') });
    try {
      const http = request(cut.getHttpServer());
      await http.get('/api/health/ready').expect(200);
      await doomed.drop();
      const ready = await http.get('/api/health/ready').expect(503);
      expect(ready.headers['retry-after']).toBe('5');
      expect(ready.body).toMatchObject({ status: 'error', database: 'down', temporal: 'up' });
      expect(ready.body.problems).toEqual([expect.stringMatching(/^PostgreSQL: /)]);
      expect(ready.body.message).toMatch(/PostgreSQL does not answer/);
      await http.get('/api/health/live').expect(200);
      expect((await http.get('/api/health').expect(503)).body).toMatchObject({ status: 'error', database: 'down' });
    } finally {
      await cut.close();
      await doomed.drop();
    }
  });
});
