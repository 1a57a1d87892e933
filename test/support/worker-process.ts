/**
 * A lifecycle worker as a process of its own, for tests that kill it: `node -r ts-node/register/transpile-only
 * -r tsconfig-paths/register test/support/worker-process.ts` with DATABASE_URL, TEMPORAL_ADDRESS and
 * TEMPORAL_TASK_QUEUE set. Prints "worker running" once it polls.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { startTestWorker } from './test-worker';

async function main(): Promise<void> {
  const ds = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!)).initialize();
  await startTestWorker(process.env.TEMPORAL_ADDRESS!, process.env.TEMPORAL_TASK_QUEUE!, ds);
  console.log('worker running'); // it runs until the process is killed
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
