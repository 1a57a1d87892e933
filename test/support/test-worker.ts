import { NativeConnection, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createLifecycleWorker, LifecycleWorkerOptions } from '@app/temporal/lifecycle-worker';

export interface RunningTestWorker {
  worker: Worker;
  stop(): Promise<void>;
}

/** A real lifecycle worker on the test dev server, on its own task queue, running in this process. */
export async function startTestWorker(
  address: string,
  taskQueue: string,
  dataSource: DataSource,
  options: Partial<Pick<LifecycleWorkerOptions, 'mailer' | 'startMail' | 'publicUrl' | 'upcomingDeadlines'>> = {},
): Promise<RunningTestWorker> {
  const connection = await NativeConnection.connect({ address });
  const worker = await createLifecycleWorker({ connection, namespace: 'default', taskQueue, dataSource, ...options });
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
