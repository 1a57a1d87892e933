/**
 * A worker dies in the middle of the escalation ladder, right after a step wrote its row but before
 * Temporal heard that the step was done. A new worker takes over: no escalation is lost, none doubled.
 */
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { activityLifecycleWorkflow } from '@app/workflows/activity-lifecycle/activity-lifecycle.workflow';
import { lifecycleWorkflowId } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { createFixtureActivity, followUpEvents, iso } from '../support/lifecycle-fixture';
import { SimulatedClock, useTimeSkippingWorld } from '../support/time-skipping';

const START = '2023-06-01T00:00:00+02:00';

describe('a worker that dies in the middle of a ladder', () => {
  const world = useTimeSkippingWorld();

  it('loses no escalation row and doubles none when a new worker takes over', async () => {
    const { activityId } = await createFixtureActivity(world.ds, { validFrom: '2023-06-01', validTo: '2027-06-01', today: '2023-06-01' });
    const taskQueue = `crash-${randomUUID()}`;
    const level2Writes: string[] = [];
    let crashed!: () => void;
    const crash = new Promise<void>((resolve) => (crashed = resolve));

    // Worker A writes the level-2 escalation row, then hangs as if its process had died before it
    // could tell Temporal the step was done.
    const workerA = await world.worker(taskQueue, {
      // No sticky cache: the test server would otherwise keep offering this workflow's next task
      // to the dead worker's sticky queue.
      overrides: { shutdownGraceTime: '100ms', shutdownForceTime: '2s', maxCachedWorkflows: 0 },
      wrapSteps: (steps) => ({
        ...steps,
        async recordFollowUpEvent(id, row) {
          await steps.recordFollowUpEvent(id, row);
          if (row.kind === 'escalation' && row.level === 2) {
            const { attempt } = Context.current().info;
            level2Writes.push(`attempt ${attempt}`);
            if (attempt === 1) {
              crashed();
              await Context.current().cancelled; // the "process" is gone: it never reports back
            }
          }
        },
      }),
    });
    const clock = await workerA.runUntil(async () => {
      const c = await SimulatedClock.starting(world.env, START);
      await world.env.client.workflow.start(activityLifecycleWorkflow, {
        workflowId: lifecycleWorkflowId(activityId),
        taskQueue,
        args: [{ activityId, simulatedStart: START }],
      });
      // Let time run until worker A is stuck in the level-2 step (9 July, 24:00), then stop it.
      const skipping = c.sleepUntil('2023-07-25T00:00:00+02:00').catch(() => undefined);
      await Promise.race([crash, skipping]);
      return c;
    });
    const afterCrash = (await followUpEvents(world.ds, activityId)).filter((r) => r.kind === 'escalation');
    expect(afterCrash.map((r) => r.level)).toEqual([1, 2]);

    // Worker B: a fresh process with the ordinary steps.
    const workerB = await world.worker(taskQueue, {
      wrapSteps: (steps) => ({
        ...steps,
        async recordFollowUpEvent(id, row) {
          if (row.kind === 'escalation' && row.level === 2) level2Writes.push(`attempt ${Context.current().info.attempt}`);
          await steps.recordFollowUpEvent(id, row);
        },
      }),
    });
    await workerB.runUntil(async () => {
      await clock.sleepUntil('2023-07-25T00:00:00+02:00');
      // The retried step may still be on its way (its back-off runs on the real clock): give it time.
      for (let i = 0; i < 60 && !(await followUpEvents(world.ds, activityId)).some((r) => r.level === 3); i++) {
        await world.env.sleep('1 hour');
        await new Promise((r) => setTimeout(r, 250));
      }
      await world.env.client.workflow.getHandle(lifecycleWorkflowId(activityId)).terminate('test finished');
    });

    // The step ran again after the crash (a poll already under way may hand a retry to the stopping
    // worker A before B takes over), each time writing the same row, and still there is one per level.
    expect(level2Writes[0]).toBe('attempt 1');
    expect(level2Writes.length).toBeGreaterThanOrEqual(2);
    const escalations = (await followUpEvents(world.ds, activityId)).filter((r) => r.kind === 'escalation');
    expect(escalations.map((r) => `${r.level} ${iso(r.due_at)}`)).toEqual([
      '1 2023-07-02T22:00:00.000Z',
      '2 2023-07-09T22:00:00.000Z',
      '3 2023-07-20T22:00:00.000Z',
    ]);
  });
});
