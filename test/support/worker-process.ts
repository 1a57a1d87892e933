/**
 * A lifecycle worker as a process of its own, for tests that kill it: `node -r ts-node/register/transpile-only
 * -r tsconfig-paths/register test/support/worker-process.ts` with DATABASE_URL, TEMPORAL_ADDRESS and
 * TEMPORAL_TASK_QUEUE set (and SMTP_URL, PUBLIC_URL for its e-mails). Prints "worker running" once it polls.
 */
import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { createMailer } from '@app/notifications';
import { NotificationMailClient } from '@app/temporal';
import { startTestWorker } from './test-worker';

async function main(): Promise<void> {
  const ds = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!)).initialize();
  const address = process.env.TEMPORAL_ADDRESS!;
  const taskQueue = process.env.TEMPORAL_TASK_QUEUE!;
  const smtp = process.env.SMTP_URL;
  const mail = smtp ? new NotificationMailClient(new Client({ connection: await Connection.connect({ address }) }), taskQueue) : null;
  await startTestWorker(address, taskQueue, ds, {
    ...(smtp ? { mailer: createMailer(smtp, 'Samverkan <noreply@samverkan.test>'), startMail: (ids: string[]) => mail!.start(ids) } : {}),
    ...(process.env.PUBLIC_URL ? { publicUrl: process.env.PUBLIC_URL } : {}),
  });
  console.log('worker running'); // it runs until the process is killed
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
