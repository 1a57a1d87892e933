import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { NotificationSteps } from './deliver-notification.steps';

const { sendNotificationEmail } = proxyActivities<NotificationSteps>({
  startToCloseTimeout: '1 minute',
  // A mail server that is down is retried with back-off for about a day before we give up.
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '2 hours', maximumAttempts: 18 },
});
const { markEmailFailed } = proxyActivities<NotificationSteps>({ startToCloseTimeout: '30 seconds' });

/** One e-mail for one notification (id `notification-<id>`): sent once, retried, failures recorded. */
export async function deliverNotificationWorkflow(notificationId: string): Promise<string> {
  try {
    return await sendNotificationEmail(notificationId);
  } catch (error) {
    const reason = error instanceof ActivityFailure && error.cause ? error.cause.message : String(error);
    await markEmailFailed(notificationId, `Gave up after repeated failures: ${reason}`);
    return 'failed';
  }
}

/** Unique over the whole installation: one e-mail workflow per notification row (its uuid). */
export function notificationWorkflowId(notificationId: string): string {
  return `notification-${notificationId}`;
}
