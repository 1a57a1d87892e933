import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Activity, dataSourceOptions, seedAgreement, seedDemo } from '@app/database';
import { ActivityLifecycleClient } from '@app/temporal';
import { createTestDatabase, TestDatabase } from './test-database';
import { SeededAgreements, signedIn, startTestApi, TEST_PASSWORD } from './test-api';
import { testEnv } from './test-env';
import { RunningTestWorker, startTestWorker } from './test-worker';

export interface LiveApi {
  db: TestDatabase;
  ds: DataSource;
  app: INestApplication;
  worker: RunningTestWorker;
  /** A Temporal client on the test dev server. */
  client: Client;
  taskQueue: string;
  as(email: string): ReturnType<typeof signedIn>;
}

/**
 * For one test file: the Västerås agreement (with `agreements: 'demo'`, Västerås and Exempelby)
 * seeded (as of `today`) in a database of its own, a real
 * worker on the test Temporal dev server with its own task queue, every activity's workflow started,
 * and the API on top. Read the fields inside tests, not before.
 */
export function useLiveApi(
  today: string,
  options: { agreements?: SeededAgreements; env?: Record<string, string>; worker?: (ctx: { ds: DataSource; client: Client; taskQueue: string }) => Parameters<typeof startTestWorker>[3] } = {},
): LiveApi {
  const ctx = { taskQueue: `live-${randomUUID()}`, as: (email: string) => signedIn(ctx.app, email) } as LiveApi;
  let connection: Connection;
  beforeAll(async () => {
    ctx.db = await createTestDatabase();
    ctx.ds = await new DataSource(dataSourceOptions(ctx.db.url)).initialize();
    if (options.agreements === 'demo') await seedDemo(ctx.ds, { today, password: TEST_PASSWORD });
    else await seedAgreement(ctx.ds, undefined, { today, password: TEST_PASSWORD });
    connection = await Connection.connect({ address: testEnv('temporalAddress') });
    ctx.client = new Client({ connection });
    ctx.worker = await startTestWorker(testEnv('temporalAddress'), ctx.taskQueue, ctx.ds, options.worker?.(ctx) ?? {});
    Object.assign(process.env, { TEMPORAL_TASK_QUEUE: ctx.taskQueue, ...options.env });
    ctx.app = await startTestApi({ DATABASE_URL: ctx.db.url, TEMPORAL_ADDRESS: testEnv('temporalAddress') });
    await ctx.app.get(ActivityLifecycleClient).ensureStarted((await ctx.ds.getRepository(Activity).find()).map((a) => a.id));
  });
  afterAll(async () => {
    for (const a of (await ctx.ds?.getRepository(Activity).find()) ?? []) {
      await ctx.client.workflow.getHandle(`activity-${a.id}`).terminate('tests done').catch(() => undefined);
    }
    await ctx.app?.close();
    await ctx.worker?.stop();
    await connection?.close();
    await ctx.ds?.destroy();
    await ctx.db?.drop();
    delete process.env.TEMPORAL_TASK_QUEUE;
    for (const key of Object.keys(options.env ?? {})) delete process.env[key];
  });
  return ctx;
}
