import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { WEEKLY_DIGEST_SCHEDULE_ID, weeklyDigestWorkflow } from '@app/workflows/notifications/weekly-digest.workflow';

/** The Temporal Schedule that starts the weekly digest every Monday 08:00 Swedish time; created once. */
export async function ensureWeeklyDigestSchedule(client: Client, taskQueue: string): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create({
      scheduleId: WEEKLY_DIGEST_SCHEDULE_ID,
      spec: { calendars: [{ dayOfWeek: 'MONDAY', hour: 8, minute: 0, comment: 'Måndagar 08.00' }], timezone: 'Europe/Stockholm' },
      action: { type: 'startWorkflow', workflowType: weeklyDigestWorkflow, workflowId: 'weekly-digest', taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
    return 'created';
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return 'exists';
    throw error;
  }
}
