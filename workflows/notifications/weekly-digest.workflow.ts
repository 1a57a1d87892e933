import { proxyActivities } from '@temporalio/workflow';
import type { NotificationSteps } from './deliver-notification.steps';

const { prepareWeeklyDigests } = proxyActivities<NotificationSteps>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Started by the `weekly-digest` Schedule every Monday 08:00 Europe/Stockholm. */
export async function weeklyDigestWorkflow(): Promise<number> {
  return prepareWeeklyDigests(new Date().toISOString());
}

/** One schedule (and one digest workflow at a time) per installation: the digest covers every person. */
export const WEEKLY_DIGEST_SCHEDULE_ID = 'weekly-digest';
