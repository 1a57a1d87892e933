/**
 * Starts what the integration and e2e tests run against: a real PostgreSQL (fresh cluster under
 * .data/test/) with the real migrations applied to a template database, and a real Temporal dev
 * server (in memory). Tests read the addresses from the environment.
 */
import 'tsconfig-paths/register';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, freePort, freePortOutsideEphemeralRange, startEmbeddedPostgres, startTemporalDevServer } from '@app/devstack';
import { runMigrations } from '@app/database';
import { CONTINUE_AS_NEW_AFTER_EVENTS, TEST_ENV } from './test-env';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A test run that was killed leaves its PostgreSQL running and its data behind: stop and remove them. */
function cleanUpAfterKilledRuns(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const owner = Number(/^[a-z]+-(\d+)/.exec(entry)?.[1]);
    if (!owner || alive(owner)) continue;
    const pidFile = join(dir, entry, 'postmaster.pid');
    if (existsSync(pidFile)) {
      const postgres = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (postgres && alive(postgres)) process.kill(postgres, 'SIGQUIT');
    }
    rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const pgDir = dataDir('test', `pg-${process.pid}-${randomBytes(3).toString('hex')}`);
  cleanUpAfterKilledRuns(dataDir('test'));
  rmSync(pgDir, { recursive: true, force: true });
  const [postgres, temporal] = await Promise.all([
    startEmbeddedPostgres({ dataDir: pgDir, port: await freePort(), database: 'samverkan_template' }),
    startTemporalDevServer({
      port: await freePortOutsideEphemeralRange(), // Temporal binds ports of its own that the OS picks
      headless: true,
      // Suggest continue-as-new early, so that tests see workflows carry their state across runs.
      dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': CONTINUE_AS_NEW_AFTER_EVENTS },
    }),
  ]);
  await runMigrations(postgres.url);
  process.env[TEST_ENV.adminUrl] = postgres.adminUrl;
  process.env[TEST_ENV.template] = 'samverkan_template';
  process.env[TEST_ENV.temporalAddress] = temporal.address;
  (globalThis as Record<string, unknown>).__samverkanTestServers = { postgres, temporal, pgDir };
  process.stdout.write(`\n[test setup] PostgreSQL and Temporal dev server ready in ${Date.now() - started} ms\n`);
}
