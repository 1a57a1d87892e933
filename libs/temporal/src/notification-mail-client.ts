import { Client } from '@temporalio/client';
import { deliverNotificationWorkflow, notificationWorkflowId } from '@app/workflows/notifications/deliver-notification.workflow';

/** Starts the e-mail workflow of each notification; starting one twice is a no-op. */
export class NotificationMailClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async start(notificationIds: string[]): Promise<void> {
    for (const id of notificationIds) {
      await this.client.workflow.start(deliverNotificationWorkflow, {
        workflowId: notificationWorkflowId(id),
        taskQueue: this.taskQueue,
        args: [id],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    }
  }
}
