/**
 * A lifecycle worker as a process of its own, for tests that kill it: `node -r ts-node/register/transpile-only
 * -r tsconfig-paths/register test/support/worker-process.ts` with DATABASE_URL, TEMPORAL_ADDRESS and
 * TEMPORAL_TASK_QUEUE set. Prints "worker running" once it polls.
 */
import 'reflect-metadata';
import { NativeConnection } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { createLifecycleWorker } from '@app/temporal/lifecycle-worker';

async function main(): Promise<void> {
  const ds = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!)).initialize();
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await createLifecycleWorker({ connection, namespace: 'default', taskQueue: process.env.TEMPORAL_TASK_QUEUE!, dataSource: ds });
  const running = worker.run();
  console.log('worker running');
  await running;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
