/**
 * Delmål and follow-up settings changed after the workflow started reach it (`reviseFollowUp`), on
 * Temporal's time-skipping server with the real steps on a real PostgreSQL: a moved delmål fires at its
 * new date (with the new reminder offsets), a removed one never fires, and what cannot apply is refused.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { activityLifecycleWorkflow } from '@app/workflows/activity-lifecycle/activity-lifecycle.workflow';
import { lifecycleWorkflowId, reviseFollowUpUpdate, stateQuery } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { DEFAULT_FOLLOW_UP_SETTINGS } from '@app/domain';
import { createFixtureActivity, followUpEvents, iso } from '../support/lifecycle-fixture';
import { recordHistory } from '../support/histories';
import { SimulatedClock, useTimeSkippingWorld } from '../support/time-skipping';

const START = '2023-06-01T00:00:00+02:00';

describe('revising a running follow-up (time-skipping)', () => {
  const world = useTimeSkippingWorld();
  const handle = (activityId: string) => world.env.client.workflow.getHandle(lifecycleWorkflowId(activityId));

  it('a moved delmål fires at its new date, a removed one never fires', async () => {
    const fixture = await createFixtureActivity(world.ds, { validFrom: '2023-06-01', validTo: '2027-06-01', today: '2023-06-01' });
    const { activityId } = fixture;
    const [short] = await world.ds.query(`SELECT id, start_date, target_date FROM phase WHERE activity_id = $1 AND kind = 'short'`, [activityId]);
    const [seeded] = await world.ds.query(`SELECT id, title, due_date::text AS due_date FROM milestone WHERE phase_id = $1`, [short.id]);
    // A second delmål, planned before the workflow starts; it is removed later and must never fire.
    const [removed] = await world.ds.query(
      `INSERT INTO milestone (phase_id, position, title, due_date) VALUES ($1, 2, 'Enkät till boende', '2023-09-20') RETURNING id`,
      [short.id],
    );
    expect(seeded.due_date > '2023-08-15').toBe(true); // the seeded date would fire after the new one
    const taskQueue = `test-${randomUUID()}`;
    const worker = await world.worker(taskQueue);
    await worker.runUntil(async () => {
      const clock = await SimulatedClock.starting(world.env, START);
      await world.env.client.workflow.start(activityLifecycleWorkflow, {
        workflowId: lifecycleWorkflowId(activityId),
        taskQueue,
        args: [{ activityId, simulatedStart: START }],
      });
      try {
        await clock.sleepUntil('2023-06-10T12:00:00+02:00');
        const before = await handle(activityId).query(stateQuery);
        expect(before.upcoming.some((i) => i.at === '2023-09-20T22:00:00.000Z')).toBe(true);

        // Refused with its reason: a ladder the seed would refuse.
        const refused = await handle(activityId)
          .executeUpdate(reviseFollowUpUpdate, { args: [{ settings: { reminderOffsets: ['P2D'], escalationLadder: [{ level: 2, body: 'operational', after: 'P3D' }] } }] })
          .catch((e: WorkflowUpdateFailedError) => e);
        expect((refused as WorkflowUpdateFailedError).cause?.message).toMatch(/escalationLadder\[0\]\.level must be 1/);

        // The seeded delmål moves to Tuesday 15 August; the other is removed; reminders come 2 days before.
        await world.ds.query(`UPDATE milestone SET due_date = '2023-08-15' WHERE id = $1`, [seeded.id]);
        await world.ds.query(`DELETE FROM milestone WHERE id = $1`, [removed.id]);
        const after = await handle(activityId).executeUpdate(reviseFollowUpUpdate, {
          args: [
            {
              milestones: [{ phase: 'short', milestones: [{ id: seeded.id, title: seeded.title, dueDate: '2023-08-15' }] }],
              settings: { ...DEFAULT_FOLLOW_UP_SETTINGS, reminderOffsets: ['P2D'] },
            },
          ],
        });
        expect(after.upcoming).toContainEqual({ kind: 'deadline', at: '2023-08-15T22:00:00.000Z', phase: 'short' });
        expect(after.upcoming.some((i) => i.at === '2023-09-20T22:00:00.000Z')).toBe(false);

        await clock.sleepUntil('2024-01-10T12:00:00+02:00');
        const rows = await followUpEvents(world.ds, activityId);
        const milestoneRows = rows.filter((r) => r.key.includes(':milestone:'));
        expect(milestoneRows.map((r) => `${r.kind} ${iso(r.due_at)} ${r.key.endsWith(seeded.id) || r.deadline_key?.endsWith(seeded.id)}`)).toEqual([
          'reminder 2023-08-14T06:00:00.000Z true', // 08:00 on Monday 14 August, two days before the end of the 15th
          'deadline 2023-08-15T22:00:00.000Z true',
          'escalation 2023-08-18T22:00:00.000Z true',
          'escalation 2023-08-25T22:00:00.000Z true',
          'escalation 2023-09-05T22:00:00.000Z true',
        ]);
        expect(rows.filter((r) => r.key.includes(removed.id))).toEqual([]);
        // Every deadline fired at its due time; the reminders since the revision are 2 days before.
        for (const r of rows) expect([r.key, r.fired_at.getTime() - r.due_at.getTime() < 1000]).toEqual([r.key, true]);
        const laterReminders = rows.filter((r) => r.kind === 'reminder' && r.fired_at.getTime() > Date.parse('2023-06-10T10:00:00Z'));
        expect(laterReminders.length).toBeGreaterThan(0);
        expect(laterReminders.every((r) => r.key.endsWith(':reminder:P2D'))).toBe(true);
      } finally {
        await handle(activityId).terminate('test finished').catch(() => undefined);
        if (process.env.RECORD_HISTORIES) recordHistory('a moved delmal fires at its new date a removed one never fires', await handle(activityId).fetchHistory());
      }
    });
  });
});
