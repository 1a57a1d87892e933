/**
 * A known path asked with a method it does not take is a 405 with `Allow`, for every path of the
 * OpenAPI document; an unknown path stays a 404. (Issue 17: 34 undeclared methods were answered 404.)
 */
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApi } from '../support/test-api';
import { testEnv } from '../support/test-env';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

describe('HTTP methods', () => {
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

  it('answers 405 with Allow for a method a path does not take, and says which it takes', async () => {
    const res = await request(app.getHttpServer()).delete('/api/health');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.body).toEqual({ statusCode: 405, error: 'METHOD_NOT_ALLOWED', message: 'DELETE is not allowed on /api/health; it takes GET, HEAD. See /api/docs.' });
    const login = await request(app.getHttpServer()).get('/api/auth/login');
    expect(login.status).toBe(405);
    expect(login.headers.allow).toBe('POST');
  });

  it('every path of the OpenAPI document: each undeclared method is a 405, never a 404 or a 5xx', async () => {
    const doc = (await request(app.getHttpServer()).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    let checked = 0;
    for (const [template, item] of Object.entries(doc.paths)) {
      const path = template.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const declared = METHODS.filter((m) => item[m]);
      for (const method of METHODS.filter((m) => !item[m])) {
        const res = await request(app.getHttpServer())[method](path);
        // Another template may take the method on the same concrete path (/api/x/{id} beside /api/x/mine).
        if (res.status !== 405) {
          const others = Object.entries(doc.paths).filter(([t, i]) => t !== template && i[method] && new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
          expect({ method, path, status: res.status, others: others.length > 0 }).toEqual({ method, path, status: res.status, others: true });
          continue;
        }
        expect(res.headers.allow?.split(', ')).toEqual(expect.arrayContaining(declared.map((m) => m.toUpperCase())));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('an unknown path is still a 404', async () => {
    await request(app.getHttpServer()).delete('/api/no-such-thing').expect(404);
    await request(app.getHttpServer()).get('/api/activities/x/y/z').expect(404);
  });
});
