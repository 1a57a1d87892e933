/**
 * The activity lifecycle on Temporal's time-skipping server with the real steps on a real PostgreSQL:
 * years pass in seconds, and every row is checked at its due time.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { addDuration, isWorkingDay, localDate, previousWorkingDay, toWallClock } from '@app/domain';
import {
  activityLifecycleWorkflow,
} from '@app/workflows/activity-lifecycle/activity-lifecycle.workflow';
import {
  cancelUpdate,
  lifecycleWorkflowId,
  pauseUpdate,
  resumeUpdate,
  stateQuery,
  submitReportUpdate,
} from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { createFixtureActivity, EventRow, followUpEvents, iso } from '../support/lifecycle-fixture';
import { recordHistory } from '../support/histories';
import { SimulatedClock, useTimeSkippingWorld } from '../support/time-skipping';

const START = '2023-06-01T00:00:00+02:00';

/** `npm run histories:record` keeps each scenario's history for the replay test. */
async function saveHistory(h: WorkflowHandle): Promise<void> {
  const name = (expect.getState().currentTestName ?? 'scenario').replace(/^activity lifecycle workflow \(time-skipping\) /, '');
  recordHistory(name, await h.fetchHistory());
}
const DAY = 86_400_000;
const localTime = (d: Date) => {
  const w = toWallClock(d.getTime());
  return `${w.hour}:${w.minute}`;
};

describe('activity lifecycle workflow (time-skipping)', () => {
  const world = useTimeSkippingWorld();

  /** Starts the workflow of a fresh 2023–2027 activity with a worker on its own task queue. */
  async function lifeOf(body: (ctx: { activityId: string; ownerId: string; clock: SimulatedClock; taskQueue: string }) => Promise<void>) {
    const fixture = await createFixtureActivity(world.ds, { validFrom: '2023-06-01', validTo: '2027-06-01', today: '2023-06-01' });
    const taskQueue = `test-${randomUUID()}`;
    const worker = await world.worker(taskQueue);
    await worker.runUntil(async () => {
      const clock = await SimulatedClock.starting(world.env, START);
      await world.env.client.workflow.start(activityLifecycleWorkflow, {
        workflowId: lifecycleWorkflowId(fixture.activityId),
        taskQueue,
        args: [{ activityId: fixture.activityId, simulatedStart: START }],
      });
      try {
        await body({ ...fixture, clock, taskQueue });
      } finally {
        // A workflow left running without its worker would hold the test server's clock.
        await handle(fixture.activityId).terminate('test finished').catch(() => undefined);
        if (process.env.RECORD_HISTORIES) await saveHistory(handle(fixture.activityId));
      }
    });
    return fixture;
  }

  const handle = (activityId: string) => world.env.client.workflow.getHandle(lifecycleWorkflowId(activityId));

  it('lives a whole activity from 2023-06-01 to 2027-06-01, firing every reminder and escalation at its due time', async () => {
    let rows: EventRow[] = [];
    await lifeOf(async ({ activityId }) => {
      await world.ds.query(
        `UPDATE milestone SET due_date = '2024-06-21' FROM phase WHERE milestone.phase_id = phase.id AND phase.activity_id = $1 AND phase.kind = 'medium'`,
        [activityId],
      );
      const result = await handle(activityId).result();
      expect(result).toEqual({ activityId, status: 'completed' });
      rows = await followUpEvents(world.ds, activityId);
      const [activity] = await world.ds.query(`SELECT status, current_phase FROM activity WHERE id = $1`, [activityId]);
      expect(activity).toEqual({ status: 'completed', current_phase: 'long' });
    });

    // Every row fired at its due time (the workflow's clock when its timer fired), to the millisecond
    // but for the timer's rounding.
    for (const r of rows) {
      const late = r.fired_at.getTime() - r.due_at.getTime();
      expect([r.key, late >= 0 && late < 1000]).toEqual([r.key, true]);
    }

    const deadlines = rows.filter((r) => r.kind === 'deadline');
    // Short: 13 four-weekly follow-ups, its milestone and target (15). Medium: 12 eight-weekly follow-ups
    // (the 13th, Saturday 30 May 2026, moves onto the target's Monday), the midsommar milestone and the
    // target (14). Long: 13-weekly follow-ups on 31 Aug, 30 Nov (shared with its milestone), 1 Mar and
    // 31 May, and the target (5).
    expect(deadlines.map((d) => d.phase)).toEqual([...Array(15).fill('short'), ...Array(14).fill('medium'), ...Array(5).fill('long')]);
    expect(new Set(deadlines.map((d) => d.key)).size).toBe(deadlines.length);
    // No deadline falls on a weekend or holiday: each is due at the end of a working day.
    for (const d of deadlines) expect([d.key, isWorkingDay(localDate(d.due_at.getTime() - 1))]).toEqual([d.key, true]);
    expect(deadlines.every((d) => d.outcome === 'missed')).toBe(true);
    // No report ever came: when the activity completed, everything still open was resolved as completed.
    const open = rows.filter((r) => r.kind === 'escalation' || r.outcome === 'missed');
    expect([...new Set(open.map((r) => r.resolution))]).toEqual(['completed']);
    expect(Math.max(...open.map((r) => Math.abs(r.resolved_at!.getTime() - Date.parse('2027-06-01T22:00:00.000Z'))))).toBeLessThan(1000); // at the end

    // The first deadline, four weeks in, with its reminders and the whole ladder.
    const first = deadlines[0];
    expect(iso(first.due_at)).toBe('2023-06-29T22:00:00.000Z');
    const about = (d: EventRow) => rows.filter((r) => r.deadline_key === d.key).map((r) => `${r.kind}${r.level ?? ''} ${iso(r.due_at)}`);
    // Reminders at 08:00 Swedish time: a week before names Friday 23 June, midsommarafton, so Thursday 22 June.
    expect(about(first)).toEqual([
      'reminder 2023-06-22T06:00:00.000Z',
      'reminder 2023-06-29T06:00:00.000Z',
      'escalation1 2023-07-02T22:00:00.000Z',
      'escalation2 2023-07-09T22:00:00.000Z',
      'escalation3 2023-07-20T22:00:00.000Z',
    ]);
    expect(rows.filter((r) => r.deadline_key === first.key && r.kind === 'escalation').map((r) => r.body)).toEqual([
      'operational',
      'strategic',
      'safety-council',
    ]);

    // The milestone on midsommarafton 2024 (Friday 21 June) is due on Monday 24 June.
    const midsommar = deadlines.find((d) => d.key.startsWith('medium:milestone:'))!;
    expect(iso(midsommar.due_at)).toBe('2024-06-24T22:00:00.000Z');

    // Every deadline got both reminders, at 08:00 Swedish time on a working day: on the day 7 and 1
    // calendar days before the deadline's midnight, or the last working day before that day.
    for (const d of deadlines) {
      const reminders = rows
        .filter((r) => r.deadline_key === d.key && r.kind === 'reminder')
        .map((r) => {
          const named = localDate(addDuration(d.due_at.getTime(), r.key.endsWith(':P7D') ? 'P7D' : 'P1D', -1));
          return [localTime(r.due_at), isWorkingDay(localDate(r.due_at.getTime())), localDate(r.due_at.getTime()) === previousWorkingDay(named)];
        });
      expect([d.key, reminders]).toEqual([d.key, [['8:0', true, true], ['8:0', true, true]]]);
    }
    // Every deadline missed at least 21 days before the end climbed all three levels, in order, each
    // exactly 3, 10 and 21 calendar days after it (same Swedish time of day); later ones as far as the end allowed.
    const end = Date.parse('2027-06-01T22:00:00.000Z');
    for (const d of deadlines.filter((x) => x.due_at.getTime() + 21 * DAY < end)) {
      expect([d.key, rows.filter((r) => r.deadline_key === d.key && r.kind === 'escalation').map((r) => r.level)]).toEqual([d.key, [1, 2, 3]]);
    }
    for (const d of deadlines) {
      const ladder = rows.filter((r) => r.deadline_key === d.key && r.kind === 'escalation').map((r) => iso(r.due_at));
      const expected = ['P3D', 'P10D', 'P21D'].map((after) => iso(addDuration(d.due_at.getTime(), after)));
      expect([d.key, ladder]).toEqual([d.key, expected.slice(0, ladder.length)]);
    }
    // Phases follow one another.
    expect(deadlines.map((d) => d.phase).filter((p, i, all) => p !== all[i - 1])).toEqual(['short', 'medium', 'long']);
  });

  it('a report before the deadline leaves no escalation, and skips the reminders not yet sent', async () => {
    await lifeOf(async ({ activityId, clock }) => {
      await clock.sleepUntil('2023-06-20T10:00:00+02:00');
      const view = await handle(activityId).executeUpdate(submitReportUpdate, { args: [{ reportId: randomUUID(), status: 'on_track', progress: 10 }] });
      expect(view.lastReportAt).not.toBeNull();
      await clock.sleepUntil('2023-07-25T00:00:00+02:00');
      const rows = await followUpEvents(world.ds, activityId);
      const first = rows.find((r) => r.kind === 'deadline')!;
      expect(first).toMatchObject({ outcome: 'met' });
      expect(rows.filter((r) => r.deadline_key === first.key)).toEqual([]);
      expect(rows.filter((r) => r.kind === 'escalation')).toEqual([]);
    });
  });

  it('a missed deadline climbs the ladder in order and stops on the report', async () => {
    await lifeOf(async ({ activityId, clock }) => {
      await clock.sleepUntil('2023-07-12T12:00:00+02:00');
      let escalations = (await followUpEvents(world.ds, activityId)).filter((r) => r.kind === 'escalation');
      expect(escalations.map((r) => `${r.level} ${r.body} ${iso(r.due_at)}`)).toEqual([
        '1 operational 2023-07-02T22:00:00.000Z',
        '2 strategic 2023-07-09T22:00:00.000Z',
      ]);
      expect((await handle(activityId).query(stateQuery)).escalationLevel).toBe(2);

      const view = await handle(activityId).executeUpdate(submitReportUpdate, { args: [{ reportId: randomUUID(), status: 'at_risk' }] });
      expect(view.escalationLevel).toBe(0);
      await clock.sleepUntil('2023-07-25T00:00:00+02:00');
      escalations = (await followUpEvents(world.ds, activityId)).filter((r) => r.kind === 'escalation');
      expect(escalations.map((r) => r.level)).toEqual([1, 2]); // level 3 (20 July) never came
      expect(escalations.every((r) => r.resolved_at !== null)).toBe(true);
      const [activity] = await world.ds.query(`SELECT escalation_level FROM activity WHERE id = $1`, [activityId]);
      expect(activity.escalation_level).toBe(0);
    });
  });

  it('an off-track report escalates at once; a second one in a row goes to samverkansledning', async () => {
    await lifeOf(async ({ activityId, clock }) => {
      await clock.sleepUntil('2023-06-05T09:00:00+02:00');
      const first = await handle(activityId).executeUpdate(submitReportUpdate, { args: [{ reportId: randomUUID(), status: 'off_track' }] });
      expect(first.escalationLevel).toBe(1);
      await clock.sleepUntil('2023-06-12T09:00:00+02:00');
      const second = await handle(activityId).executeUpdate(submitReportUpdate, { args: [{ reportId: randomUUID(), status: 'off_track' }] });
      expect(second.escalationLevel).toBe(2);
      const rows = (await followUpEvents(world.ds, activityId)).filter((r) => r.kind === 'escalation');
      // Due the moment each report came in: the test's clock and the workflow's agree to within a second.
      expect(rows.map((r) => `${r.level} ${r.body}`)).toEqual(['1 operational', '2 strategic']);
      const reportedAt = [Date.parse('2023-06-05T07:00:00Z'), Date.parse('2023-06-12T07:00:00Z')];
      rows.forEach((r, i) => expect(Math.abs(r.due_at.getTime() - reportedAt[i])).toBeLessThan(1000));
      const better = await handle(activityId).executeUpdate(submitReportUpdate, { args: [{ reportId: randomUUID(), status: 'on_track' }] });
      expect(better.escalationLevel).toBe(0);
    });
  });

  it('a pause shifts every later deadline by its length', async () => {
    await lifeOf(async ({ activityId, clock }) => {
      await clock.sleepUntil('2023-06-10T12:00:00+02:00');
      const paused = await handle(activityId).executeUpdate(pauseUpdate, { args: [{ reason: 'Sommaruppehåll' }] });
      expect(paused.status).toBe('paused');
      await expect(handle(activityId).executeUpdate(pauseUpdate, { args: [{ reason: 'igen' }] })).rejects.toThrow(WorkflowUpdateFailedError);
      await clock.sleepUntil('2023-06-24T12:00:00+02:00'); // 14 days paused: nothing fires
      expect((await followUpEvents(world.ds, activityId)).length).toBe(0);
      const resumed = await handle(activityId).executeUpdate(resumeUpdate, { args: [] });
      expect(resumed.nextDeadline).toBe('2023-07-13T22:00:00.000Z'); // 29 June + 14 days
      await clock.sleepUntil('2023-07-15T00:00:00+02:00');
      const deadline = (await followUpEvents(world.ds, activityId)).find((r) => r.kind === 'deadline')!;
      expect(iso(deadline.due_at)).toBe('2023-07-13T22:00:00.000Z');
    });
  });

  it('a cancelled activity ends its follow-up: what is open is resolved as cancelled, nothing fires after, nothing more applies', async () => {
    await lifeOf(async ({ activityId, clock }) => {
      await clock.sleepUntil('2023-07-12T12:00:00+02:00'); // the 29 June deadline missed, two steps up the ladder
      expect((await handle(activityId).query(stateQuery)).escalationLevel).toBe(2);
      const noReason = await handle(activityId)
        .executeUpdate(cancelUpdate, { args: [{ reason: '' }] })
        .catch((e: WorkflowUpdateFailedError) => e);
      expect((noReason as WorkflowUpdateFailedError).cause?.message).toMatch(/reason is required/);

      const cancelled = await handle(activityId).executeUpdate(cancelUpdate, { args: [{ reason: 'Uppdraget flyttat till regionen' }] });
      expect(cancelled).toMatchObject({ status: 'cancelled', escalationLevel: 0, nextDeadline: null, upcoming: [] });
      expect(await handle(activityId).result()).toEqual({ activityId, status: 'cancelled' });

      const rows = await followUpEvents(world.ds, activityId);
      const escalations = rows.filter((r) => r.kind === 'escalation');
      expect(escalations.map((r) => r.level)).toEqual([1, 2]);
      expect(rows.filter((r) => (r.kind === 'escalation' || r.outcome === 'missed') && r.resolved_at === null)).toEqual([]);
      const [{ resolutions }] = await world.ds.query(
        `SELECT array_agg(DISTINCT resolution) AS resolutions FROM follow_up_event WHERE activity_id = $1 AND kind = 'escalation'`,
        [activityId],
      );
      expect(resolutions).toEqual(['cancelled']);
      const [activity] = await world.ds.query(`SELECT status, escalation_level, next_deadline_at FROM activity WHERE id = $1`, [activityId]);
      expect(activity).toEqual({ status: 'cancelled', escalation_level: 0, next_deadline_at: null });

      await clock.sleepUntil('2023-09-01T12:00:00+02:00');
      expect((await followUpEvents(world.ds, activityId)).length).toBe(rows.length); // the ladder's third step never came
    });
  });

  it('rejects what cannot apply, with the reason', async () => {
    await lifeOf(async ({ activityId, clock }) => {
      await clock.sleepUntil('2023-06-02T12:00:00+02:00');
      const failure = await handle(activityId)
        .executeUpdate(resumeUpdate, { args: [] })
        .catch((e: WorkflowUpdateFailedError) => e);
      expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((failure as WorkflowUpdateFailedError).cause?.message).toBe('The activity is not paused.');
      const bad = await handle(activityId)
        .executeUpdate(submitReportUpdate, { args: [{ reportId: randomUUID(), status: 'great' as never }] })
        .catch((e: WorkflowUpdateFailedError) => e);
      expect((bad as WorkflowUpdateFailedError).cause?.message).toMatch(/status must be one of on_track, at_risk, off_track/);
    });
  });
});
