/**
 * Reminders are sent at 08:00 Swedish time on a working day (issue 13), not at midnight: on the
 * time-skipping server with the real steps, across the spring DST switch (31 March 2024), and with
 * Easter (29 March – 1 April) in the way. Its history is recorded for the replay test.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_FOLLOW_UP_SETTINGS, initialState, isWorkingDay, localDate, toWallClock } from '@app/domain';
import type { PlanPhase } from '@app/domain';
import { activityLifecycleWorkflow } from '@app/workflows/activity-lifecycle/activity-lifecycle.workflow';
import { lifecycleWorkflowId, stateQuery } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { createFixtureActivity, followUpEvents, iso } from '../support/lifecycle-fixture';
import { recordHistory } from '../support/histories';
import { SimulatedClock, useTimeSkippingWorld } from '../support/time-skipping';

const START = '2024-03-04T09:00:00+01:00'; // a Monday
const swedishTime = (d: Date | string) => {
  const w = toWallClock(new Date(d).getTime());
  return `${localDate(new Date(d).getTime())} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};

describe('reminders at 08:00 Swedish time (time-skipping)', () => {
  const world = useTimeSkippingWorld();

  it('writes the next reminder at 08:00 Europe/Stockholm on a working day, before and after the DST switch', async () => {
    // A fortnightly short phase from Monday 4 March 2024: deadlines at the end of 18 March and of
    // 1 April (Annandag påsk, so Tuesday 2 April), reminders 7 and 1 days before.
    const { activityId } = await createFixtureActivity(world.ds, {
      validFrom: '2024-03-04',
      validTo: '2026-03-04',
      today: '2024-03-04',
      phaseDefaults: [
        { kind: 'short', lengthMonths: 3, followUpEvery: 'P2W' },
        { kind: 'medium', lengthMonths: 6, followUpEvery: 'P4W' },
        { kind: 'long', lengthMonths: null, followUpEvery: 'P13W' },
      ],
    });
    const taskQueue = `test-${randomUUID()}`;
    const worker = await world.worker(taskQueue);
    const handle = world.env.client.workflow.getHandle(lifecycleWorkflowId(activityId));
    await worker.runUntil(async () => {
      const clock = await SimulatedClock.starting(world.env, START);
      await world.env.client.workflow.start(activityLifecycleWorkflow, {
        workflowId: lifecycleWorkflowId(activityId),
        taskQueue,
        args: [{ activityId, simulatedStart: START }],
      });
      try {
        // What the workflow announces: the next reminder at 08:00 (07:00 UTC in winter).
        let first = await handle.query(stateQuery);
        while (first.status === 'starting') first = await new Promise((r) => setTimeout(r, 50)).then(() => handle.query(stateQuery));
        const reminders = first.upcoming.filter((u) => u.kind === 'reminder').map((u) => u.at);
        expect(reminders.slice(0, 4)).toEqual([
          '2024-03-12T07:00:00.000Z', // Tuesday 12 March 08:00 CET: a week before the end of the 18th
          '2024-03-18T07:00:00.000Z', // Monday 18 March 08:00 CET
          '2024-03-27T07:00:00.000Z', // Wednesday 27 March 08:00 CET: a week before the end of 2 April
          '2024-04-02T06:00:00.000Z', // Tuesday 2 April 08:00 CEST, after the switch
        ]);

        await clock.sleepUntil('2024-04-03T12:00:00+02:00');
        const rows = (await followUpEvents(world.ds, activityId)).filter((r) => r.kind === 'reminder');
        expect(rows.map((r) => iso(r.due_at))).toEqual(reminders.slice(0, 4));
        for (const r of rows) {
          // Written when due (the timer's rounding aside), at 08:00 Swedish time on a working day.
          expect([r.key, r.fired_at.getTime() - r.due_at.getTime()]).toEqual([r.key, expect.any(Number)]);
          expect(r.fired_at.getTime() - r.due_at.getTime()).toBeGreaterThanOrEqual(0);
          expect(r.fired_at.getTime() - r.due_at.getTime()).toBeLessThan(1000);
          expect(swedishTime(r.due_at).slice(11)).toBe('08:00');
          expect(isWorkingDay(localDate(r.due_at.getTime()))).toBe(true);
        }
        // Both sides of the switch: one in CET (UTC+1), one in CEST (UTC+2).
        expect(rows.map((r) => r.due_at.getUTCHours())).toEqual([7, 7, 7, 6]);
        // And the next one the workflow announces is again at 08:00.
        const next = (await handle.query(stateQuery)).upcoming.find((u) => u.kind === 'reminder')!;
        expect(swedishTime(next.at).slice(11)).toBe('08:00');
        expect(isWorkingDay(localDate(Date.parse(next.at)))).toBe(true);
      } finally {
        await handle.terminate('test finished').catch(() => undefined);
        if (process.env.RECORD_HISTORIES) recordHistory('reminders at eight across the dst switch', await handle.fetchHistory());
      }
    });
  });

  it('a workflow already running keeps the reminders it had announced at midnight, and sends the later ones at 08:00', async () => {
    const { activityId, ownerId } = await createFixtureActivity(world.ds, {
      validFrom: '2024-03-04',
      validTo: '2026-03-04',
      today: '2024-03-04',
      phaseDefaults: [
        { kind: 'short', lengthMonths: 3, followUpEvery: 'P2W' },
        { kind: 'medium', lengthMonths: 6, followUpEvery: 'P4W' },
        { kind: 'long', lengthMonths: null, followUpEvery: 'P13W' },
      ],
    });
    const phases: { kind: PlanPhase['kind']; start_date: string; target_date: string; follow_up_every: string }[] = await world.ds.query(
      `SELECT kind, to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(target_date, 'YYYY-MM-DD') AS target_date, follow_up_every FROM phase WHERE activity_id = $1`,
      [activityId],
    );
    const plan: PlanPhase[] = phases.map((p) => ({ kind: p.kind, startDate: p.start_date, targetDate: p.target_date, followUpEvery: p.follow_up_every, milestones: [] }));
    const taskQueue = `test-${randomUUID()}`;
    const worker = await world.worker(taskQueue);
    const handle = world.env.client.workflow.getHandle(lifecycleWorkflowId(activityId));
    await worker.runUntil(async () => {
      const clock = await SimulatedClock.starting(world.env, START);
      // As a workflow from before the rule arrives on new code: its state without remindersAtEightAfter,
      // carried in as continue-as-new carries it.
      const before = initialState({ activityId, ownerId, plan, settings: DEFAULT_FOLLOW_UP_SETTINGS, phase: 'short', now: Date.parse(START) });
      await world.env.client.workflow.start(activityLifecycleWorkflow, {
        workflowId: lifecycleWorkflowId(activityId),
        taskQueue,
        args: [{ activityId, carried: { state: before, clockOffsetMs: Date.parse(START) - (await world.env.currentTimeMs()) } }],
      });
      try {
        const first = await handle.query(stateQuery);
        const announced = first.upcoming.filter((u) => u.kind === 'reminder').map((u) => u.at);
        expect(announced.length).toBeGreaterThan(4);
        // Every reminder it announces now is at midnight, as it was promised (the old rule).
        expect(announced.every((at) => swedishTime(at).endsWith('00:00'))).toBe(true);

        // The short phase's reminders, written at those times; after it, the medium phase's at 08:00.
        await clock.sleepUntil('2024-06-20T12:00:00+02:00');
        const rows = (await followUpEvents(world.ds, activityId)).filter((r) => r.kind === 'reminder');
        const written = rows.map((r) => iso(r.due_at)!);
        // Each announced one was written at its announced time; any other at 08:00.
        expect(announced.filter((at) => Date.parse(at) < Date.parse('2024-06-20T10:00:00Z')).every((at) => written.includes(at))).toBe(true);
        expect(written.filter((at) => !announced.includes(at)).every((at) => swedishTime(at).endsWith('08:00'))).toBe(true);
        const later = (await handle.query(stateQuery)).upcoming.filter((u) => u.kind === 'reminder');
        expect(later.length).toBeGreaterThan(0);
        expect(later.filter((u) => !announced.includes(u.at)).every((u) => swedishTime(u.at).endsWith('08:00'))).toBe(true);
        expect(later.some((u) => !announced.includes(u.at))).toBe(true);
      } finally {
        await handle.terminate('test finished').catch(() => undefined);
      }
    });
  });
});
