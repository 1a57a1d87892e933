/**
 * Several reports in one update (`submitReports`, the outbox's coalesced delivery), on Temporal's
 * time-skipping server with the real steps on a real PostgreSQL: applied in order, each once by its id;
 * one that cannot apply is refused alone, with its reason, and the others apply.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { activityLifecycleWorkflow } from '@app/workflows/activity-lifecycle/activity-lifecycle.workflow';
import { lifecycleWorkflowId, stateQuery, submitReportsUpdate } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { createFixtureActivity, followUpEvents } from '../support/lifecycle-fixture';
import { recordHistory } from '../support/histories';
import { SimulatedClock, useTimeSkippingWorld } from '../support/time-skipping';

const START = '2023-06-01T00:00:00+02:00';

describe('several reports in one update (time-skipping)', () => {
  const world = useTimeSkippingWorld();
  const handle = (activityId: string) => world.env.client.workflow.getHandle(lifecycleWorkflowId(activityId));

  it('a batch of reports applies in order, each once; one that cannot apply is refused alone', async () => {
    const { activityId } = await createFixtureActivity(world.ds, { validFrom: '2023-06-01', validTo: '2027-06-01', today: '2023-06-01' });
    const taskQueue = `test-${randomUUID()}`;
    const worker = await world.worker(taskQueue);
    await worker.runUntil(async () => {
      const clock = await SimulatedClock.starting(world.env, START);
      await world.env.client.workflow.start(activityLifecycleWorkflow, { workflowId: lifecycleWorkflowId(activityId), taskQueue, args: [{ activityId, simulatedStart: START }] });
      try {
        await clock.sleepUntil('2023-06-10T12:00:00+02:00');
        const [r1, r2, r3] = [randomUUID(), randomUUID(), randomUUID()];
        const submittedAt = '2023-06-10T08:00:00.000Z';

        // Not a batch at all: refused whole, before anything is written to the history.
        const empty = await handle(activityId).executeUpdate(submitReportsUpdate, { args: [[]] }).catch((e: WorkflowUpdateFailedError) => e);
        expect((empty as WorkflowUpdateFailedError).cause?.message).toBe('reports must be a non-empty list');

        const first = await handle(activityId).executeUpdate(submitReportsUpdate, {
          args: [
            [
              { reportId: r1, status: 'on_track', progress: 10, summary: 'Igång.', submittedAt },
              { reportId: r2, status: 'fine' as never, progress: 20, summary: 'Fel status.', submittedAt },
              { reportId: r3, status: 'off_track', progress: 20, summary: 'Avviker.', submittedAt },
              { reportId: r1, status: 'on_track', progress: 10, summary: 'Igång.', submittedAt }, // the same report again
            ],
          ],
        });
        expect(first.refused).toEqual([{ reportId: r2, reason: expect.stringMatching(/status must be one of/) }]);
        // r3 is off track: escalated once, to operational leadership.
        expect(first.view.escalationLevel).toBe(1);
        expect(first.view.lastReportAt).toBe(submittedAt);

        // Delivered again (a retry after a crash): nothing applies twice; a second off-track would be level 2.
        const again = await handle(activityId).executeUpdate(submitReportsUpdate, {
          args: [[{ reportId: r3, status: 'off_track', progress: 20, summary: 'Avviker.', submittedAt }]],
        });
        expect(again.refused).toEqual([]);
        expect(again.view.escalationLevel).toBe(1);
        const offTrack = (await followUpEvents(world.ds, activityId)).filter((r) => r.key.startsWith('off-track:'));
        expect(offTrack.map((r) => r.key)).toEqual([`off-track:${r3}`]);

        // In the order given: back on track, then off track again, is one off-track report in a row
        // (level 1); the other order would have made it two in a row (level 2, samverkansledning).
        const [r4, r5] = [randomUUID(), randomUUID()];
        const ordered = await handle(activityId).executeUpdate(submitReportsUpdate, {
          args: [
            [
              { reportId: r4, status: 'on_track', progress: 30, summary: 'Tillbaka på spåret.', submittedAt: '2023-06-10T09:00:00.000Z' },
              { reportId: r5, status: 'off_track', progress: 30, summary: 'Avviker igen.', submittedAt: '2023-06-10T09:30:00.000Z' },
            ],
          ],
        });
        expect(ordered.refused).toEqual([]);
        const rows = await followUpEvents(world.ds, activityId);
        expect(rows.filter((r) => r.key.startsWith('off-track:')).map((r) => [r.key, r.level])).toEqual([
          [`off-track:${r3}`, 1],
          [`off-track:${r5}`, 1],
        ]);
        expect((await handle(activityId).query(stateQuery)).lastReportAt).toBe('2023-06-10T09:30:00.000Z');
      } finally {
        await handle(activityId).terminate('test finished').catch(() => undefined);
        if (process.env.RECORD_HISTORIES) recordHistory('a batch of reports applies in order each once one refused alone', await handle(activityId).fetchHistory());
      }
    });
  });
});
