import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions, seedAgreement, seedDemo } from '@app/database';
import { createApiApp } from '../../apps/api/src/create-app';
import { TEST_PASSWORD } from './members';
import { createTestDatabase, TestDatabase } from './test-database';
import { testEnv } from './test-env';

/** The real API, as `npm start` builds it, on the given database and Temporal server. */
export async function startTestApi(env: { DATABASE_URL: string; TEMPORAL_ADDRESS: string }): Promise<INestApplication> {
  // Tests sign in far more often than people do, all from 127.0.0.1: the per-address sign-in limit is
  // lifted unless a test sets it (test/e2e/sign-in-hardening.spec.ts does, to prove it).
  Object.assign(process.env, env, { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', SIGN_IN_ATTEMPTS_PER_MINUTE: process.env.SIGN_IN_ATTEMPTS_PER_MINUTE ?? '1000000' });
  const app = await createApiApp();
  await app.init();
  return app;
}

export interface SeededApi {
  db: TestDatabase;
  app: INestApplication;
  /**
   * The database as its tables' owner, for a test's own reads and writes: not subject to row-level
   * security. (The API's own DataSource, `app.get(DataSource)`, sees nothing outside a request.)
   */
  ds: DataSource;
  /** Signed in as `as` (default: the admin). */
  http: ReturnType<typeof request.agent>;
  /** Another client, signed in as `email`. */
  as(email: string): Promise<ReturnType<typeof request.agent>>;
}

/** The seeded demo users' password in tests. */
export { TEST_PASSWORD };

/** A client of `app` signed in as `email` (a seeded demo user). */
export async function signedIn(app: INestApplication, email: string): Promise<ReturnType<typeof request.agent>> {
  const res = await request(app.getHttpServer()).post('/api/auth/login').send({ email, password: TEST_PASSWORD });
  if (res.status !== 200) throw new Error(`Could not sign in as ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return request.agent(app.getHttpServer()).set('Authorization', `Bearer ${res.body.accessToken}`);
}

/** Which demo data a test seeds: the Västerås agreement only, or the whole demo (Västerås and Exempelby). */
export type SeededAgreements = 'vasteras' | 'demo';

/**
 * For one test file: a database of its own with the Västerås agreement seeded as of `today` (with
 * `agreements: 'demo'`, the whole demo: Västerås and Exempelby, their people and memberships), and
 * the API on it (talking to the test Temporal dev server). Read the fields inside tests, not before.
 * More people: `addMember` (./members).
 */
export function useSeededApi(today: string, as = 'admin@samverkan.example', options: { agreements?: SeededAgreements } = {}): SeededApi {
  const ctx = { as: (email: string) => signedIn(ctx.app, email) } as SeededApi;
  beforeAll(async () => {
    ctx.db = await createTestDatabase();
    ctx.app = await startTestApi({ DATABASE_URL: ctx.db.url, TEMPORAL_ADDRESS: testEnv('temporalAddress') });
    ctx.ds = await new DataSource({ ...dataSourceOptions(ctx.db.url), extra: { max: 4 } }).initialize();
    // Seeding runs across tenants by itself (the API's DataSource, outside a request, sees nothing).
    if (options.agreements === 'demo') await seedDemo(ctx.app.get(DataSource), { today, password: TEST_PASSWORD });
    else await seedAgreement(ctx.app.get(DataSource), undefined, { today, password: TEST_PASSWORD });
    ctx.http = await signedIn(ctx.app, as);
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.ds?.destroy();
    await ctx.db?.drop();
  });
  return ctx;
}
