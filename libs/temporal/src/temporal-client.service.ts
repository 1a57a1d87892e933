import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { ClosableConnection } from './connection';
import { Environment } from '@app/config';

/**
 * The API's Temporal client. The connection is lazy, so the API starts (and reports itself unhealthy)
 * while Temporal is down, and recovers by itself when Temporal comes back.
 */
@Injectable()
export class TemporalClientService implements OnApplicationShutdown {
  readonly connection: Connection;
  readonly client: Client;
  readonly taskQueue: string;
  private readonly closable: ClosableConnection;

  constructor(private readonly env: Environment) {
    this.closable = new ClosableConnection({ address: env.TEMPORAL_ADDRESS, connectTimeout: '5s' });
    this.connection = this.closable.connection;
    this.client = new Client({ connection: this.connection, namespace: env.TEMPORAL_NAMESPACE });
    this.taskQueue = env.TEMPORAL_TASK_QUEUE;
  }

  /** Resolves when the server answers for our namespace within `timeoutMs`; rejects otherwise. */
  async ping(timeoutMs = 2000): Promise<void> {
    await this.connection.withDeadline(Date.now() + timeoutMs, () =>
      this.connection.workflowService.describeNamespace({ namespace: this.env.TEMPORAL_NAMESPACE }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.closable.close();
  }
}
