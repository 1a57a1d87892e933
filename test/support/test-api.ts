import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { seedAgreement } from '@app/database';
import { createApiApp } from '../../apps/api/src/create-app';
import { createTestDatabase, TestDatabase } from './test-database';
import { testEnv } from './test-env';

/** The real API, as `npm start` builds it, on the given database and Temporal server. */
export async function startTestApi(env: { DATABASE_URL: string; TEMPORAL_ADDRESS: string }): Promise<INestApplication> {
  Object.assign(process.env, env, { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  const app = await createApiApp();
  await app.init();
  return app;
}

export interface SeededApi {
  db: TestDatabase;
  app: INestApplication;
  http: ReturnType<typeof request>;
}

/**
 * For one test file: a database of its own with the Västerås agreement seeded as of `today`, and the
 * API on it (talking to the test Temporal dev server). Read the fields inside tests, not before.
 */
export function useSeededApi(today: string): SeededApi {
  const ctx = {} as SeededApi;
  beforeAll(async () => {
    ctx.db = await createTestDatabase();
    ctx.app = await startTestApi({ DATABASE_URL: ctx.db.url, TEMPORAL_ADDRESS: testEnv('temporalAddress') });
    await seedAgreement(ctx.app.get(DataSource), undefined, { today });
    ctx.http = request(ctx.app.getHttpServer());
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.db?.drop();
  });
  return ctx;
}
