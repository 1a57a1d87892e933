/** A report counts from when it was submitted: one that reaches the workflow late is judged in time. */
import { startOfLocalDay } from '../zoned-time';
import { PlanPhase } from './deadlines';
import { DEFAULT_FOLLOW_UP_SETTINGS } from './follow-up-settings';
import { applyReport, fire, initialState, LifecycleState, nextItem, REPORTED_IN_TIME, reportInstant, reportProblem } from './lifecycle-state';

const DAY = 86_400_000;
const plan: PlanPhase[] = [
  { kind: 'short', startDate: '2024-06-03', targetDate: '2024-09-02', followUpEvery: 'P4W', milestones: [] },
  { kind: 'medium', startDate: '2024-09-02', targetDate: '2025-03-03', followUpEvery: 'P8W', milestones: [] },
  { kind: 'long', startDate: '2025-03-03', targetDate: '2025-06-02', followUpEvery: 'P13W', milestones: [] },
];
const start = startOfLocalDay('2024-06-03');
const firstDeadline = Date.parse('2024-07-01T22:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function fireUntil(state: LifecycleState, until: number): LifecycleState {
  let s = state;
  for (let item = nextItem(s, until); item && item.at <= until; item = nextItem(s, until)) s = fire(s, item, item.at).state;
  return s;
}

const fresh = () => initialState({ activityId: 'a1', ownerId: 'owner-1', plan, settings: DEFAULT_FOLLOW_UP_SETTINGS, phase: 'short', now: start });

describe('a report judged by when it was submitted', () => {
  it('submitted before a deadline and delivered after its escalation fired: the miss becomes "met, in time"', () => {
    const missed = fireUntil(fresh(), firstDeadline + 4 * DAY); // the deadline, and level 1 three days on
    expect(missed.openMisses.map((m) => m.key)).toHaveLength(1);
    expect(missed.openEscalations.map((e) => e.level)).toEqual([1]);
    const submittedAt = firstDeadline - 3_600_000;
    const now = firstDeadline + 4 * DAY;
    const report = { reportId: 'r1', status: 'on_track' as const, submittedAt: iso(submittedAt) };
    const t = applyReport(missed, report, now, reportInstant(missed, report, now));
    const [miss] = missed.openMisses;
    expect(t.effects).toEqual([
      { type: 'correctMiss', correction: { deadlineKey: miss.key, escalationKeys: [missed.openEscalations[0].key], submittedAt, at: now } },
    ]);
    expect(t.state.openMisses).toEqual([]);
    expect(t.state.openEscalations).toEqual([]);
    expect(t.state.lastReportAt).toBe(submittedAt);
    // It counted for the deadline it was in time for, not for the next one: that one is still to report.
    const later = fireUntil(t.state, firstDeadline + 29 * DAY);
    expect(later.openMisses.map((m) => m.dueAt)).toEqual([firstDeadline + 28 * DAY]);
    expect(REPORTED_IN_TIME).toBe('reported_in_time');
  });

  it('submitted after the deadline: the miss stays a miss, resolved by the report as before', () => {
    const missed = fireUntil(fresh(), firstDeadline + 4 * DAY);
    const submittedAt = firstDeadline + 1_000;
    const now = firstDeadline + 4 * DAY;
    const t = applyReport(missed, { reportId: 'r1', status: 'on_track', submittedAt: iso(submittedAt) }, now, submittedAt);
    expect(t.effects.map((e) => e.type)).toEqual(['resolve']);
    expect(t.effects[0]).toMatchObject({ resolution: 'report' });
  });

  it('delivered late but before the deadline fired: the deadline is met when it fires', () => {
    const s = fireUntil(fresh(), firstDeadline - DAY);
    const report = { reportId: 'r1', status: 'on_track' as const, submittedAt: iso(firstDeadline - 2 * DAY) };
    const t = applyReport(s, report, firstDeadline - DAY / 2, reportInstant(s, report, firstDeadline - DAY / 2));
    const item = nextItem(t.state, firstDeadline)!;
    expect(item.kind).toBe('deadline');
    expect(fire(t.state, item, item.at).effects[0]).toMatchObject({ type: 'record', row: { outcome: 'met' } });
  });

  it('is never dated in the future, nor before the previous report', () => {
    const s = { ...fresh(), lastReportAt: start + 5 * DAY };
    const now = start + 10 * DAY;
    expect(reportInstant(s, { reportId: 'r', status: 'on_track', submittedAt: iso(now + DAY) }, now)).toBe(now);
    expect(reportInstant(s, { reportId: 'r', status: 'on_track', submittedAt: iso(start + DAY) }, now)).toBe(start + 5 * DAY);
    expect(reportInstant(s, { reportId: 'r', status: 'on_track', submittedAt: iso(start + 7 * DAY) }, now)).toBe(start + 7 * DAY);
    expect(reportInstant(s, { reportId: 'r', status: 'on_track' }, now)).toBe(now);
  });

  it('refuses a submission time that is not an instant', () => {
    expect(reportProblem(fresh(), { reportId: 'r', status: 'on_track', submittedAt: 'yesterday' })).toBe('submittedAt must be an ISO-8601 instant');
  });
});
