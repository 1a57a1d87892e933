/**
 * Starts what the integration and e2e tests run against: a real PostgreSQL (fresh cluster under
 * .data/test/) with the real migrations applied to a template database, and a real Temporal dev
 * server (in memory). Tests read the addresses from the environment.
 */
import 'tsconfig-paths/register';
import { rmSync } from 'node:fs';
import { dataDir, freePort, startEmbeddedPostgres, startTemporalDevServer } from '@app/devstack';
import { runMigrations } from '@app/database';
import { CONTINUE_AS_NEW_AFTER_EVENTS, TEST_ENV } from './test-env';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const pgDir = dataDir('test', `pg-${process.pid}`);
  const temporalDb = dataDir('test', `temporal-${process.pid}.sqlite`);
  rmSync(pgDir, { recursive: true, force: true });
  const [postgres, temporal] = await Promise.all([
    startEmbeddedPostgres({ dataDir: pgDir, port: await freePort(), database: 'samverkan_template' }),
    startTemporalDevServer({
      dbFile: temporalDb,
      port: await freePort(),
      headless: true,
      // Suggest continue-as-new early, so that tests see workflows carry their state across runs.
      dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': CONTINUE_AS_NEW_AFTER_EVENTS },
    }),
  ]);
  await runMigrations(postgres.url);
  process.env[TEST_ENV.adminUrl] = postgres.adminUrl;
  process.env[TEST_ENV.template] = 'samverkan_template';
  process.env[TEST_ENV.temporalAddress] = temporal.address;
  (globalThis as Record<string, unknown>).__samverkanTestServers = { postgres, temporal, pgDir, temporalDb };
  process.stdout.write(`\n[test setup] PostgreSQL and Temporal dev server ready in ${Date.now() - started} ms\n`);
}
