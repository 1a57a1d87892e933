import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { Environment } from '@app/config';
import { Activity } from '@app/database';
import { ActivityLifecycleClient } from '@app/temporal';
import { createLifecycleWorker } from '@app/temporal/lifecycle-worker';

/**
 * Runs the Temporal worker for the activity lifecycle workflows, and makes sure every active activity
 * has its workflow (the seeded ones, and any created while Temporal was away).
 */
@Injectable()
export class LifecycleWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LifecycleWorkerService.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(
    private readonly env: Environment,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: ActivityLifecycleClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.connection = await this.connect();
    this.worker = await createLifecycleWorker({
      connection: this.connection,
      namespace: this.env.TEMPORAL_NAMESPACE,
      taskQueue: this.env.TEMPORAL_TASK_QUEUE,
      dataSource: this.dataSource,
      maxCachedWorkflows: this.env.WORKER_MAX_CACHED_WORKFLOWS,
    });
    this.running = this.worker.run().catch((error: unknown) => {
      this.logger.error(`The Temporal worker stopped: ${error instanceof Error ? error.stack : String(error)}`);
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
    this.logger.log(`Polling task queue "${this.env.TEMPORAL_TASK_QUEUE}" on ${this.env.TEMPORAL_ADDRESS}`);
    const active = await this.dataSource.getRepository(Activity).find({ select: { id: true }, where: { status: 'active' } });
    await this.lifecycle.ensureStarted(active.map((a) => a.id));
    this.logger.log(`Every active activity (${active.length}) has its follow-up workflow`);
  }

  private async connect(): Promise<NativeConnection> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await NativeConnection.connect({ address: this.env.TEMPORAL_ADDRESS });
      } catch (error) {
        if (attempt >= 30) throw error;
        this.logger.warn(`Temporal at ${this.env.TEMPORAL_ADDRESS} does not answer yet (${String(error)}); retrying`);
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close();
  }
}
