import { startOfLocalDay } from '../zoned-time';
import { PlanPhase } from './deadlines';
import { DEFAULT_FOLLOW_UP_SETTINGS } from './follow-up-settings';
import {
  agenda,
  applyReport,
  cancel,
  cancelProblem,
  changePlan,
  completePhase,
  completePhaseProblem,
  fire,
  initialState,
  LifecycleState,
  nextItem,
  pause,
  pauseProblem,
  planChangeProblem,
  reportProblem,
  resume,
  resumeProblem,
  view,
} from './lifecycle-state';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const plan: PlanPhase[] = [
  { kind: 'short', startDate: '2024-06-03', targetDate: '2024-09-02', followUpEvery: 'P4W', milestones: [] },
  { kind: 'medium', startDate: '2024-09-02', targetDate: '2025-03-03', followUpEvery: 'P8W', milestones: [] },
  { kind: 'long', startDate: '2025-03-03', targetDate: '2025-06-02', followUpEvery: 'P13W', milestones: [] },
];
const start = startOfLocalDay('2024-06-03');

function fresh(): LifecycleState {
  return initialState({ activityId: 'a1', ownerId: 'owner-1', plan, settings: DEFAULT_FOLLOW_UP_SETTINGS, phase: 'short', now: start });
}

/** Fires everything due up to `until`, as the workflow would; returns the rows written. */
function runUntil(state: LifecycleState, until: number) {
  const rows = [];
  let s = state;
  for (let item = nextItem(s, until); item && item.at <= until; item = nextItem(s, until)) {
    const t = fire(s, item, item.at);
    s = t.state;
    rows.push(...t.effects.flatMap((e) => (e.type === 'record' ? [e.row] : [])));
  }
  return { state: s, rows };
}

describe('the activity lifecycle', () => {
  it('reminds 7 and 1 days before the first deadline, which is four weeks in (end of that day)', () => {
    const items = agenda(fresh(), start).slice(0, 3);
    expect(items.map((i) => `${i.kind} ${iso(i.at)}`)).toEqual([
      'reminder 2024-06-24T22:00:00.000Z',
      'reminder 2024-06-30T22:00:00.000Z',
      'deadline 2024-07-01T22:00:00.000Z',
    ]);
  });

  it('a report before the deadline leaves no escalation and no further reminder', () => {
    let s = runUntil(fresh(), startOfLocalDay('2024-06-26')).state;
    s = applyReport(s, { reportId: 'r1', status: 'on_track' }, startOfLocalDay('2024-06-26')).state;
    const { rows, state } = runUntil(s, startOfLocalDay('2024-07-28'));
    expect(rows.map((r) => `${r.kind}:${r.outcome ?? ''}`)).toEqual(['deadline:met', 'reminder:']);
    expect(iso(rows[1].dueAt)).toBe('2024-07-22T22:00:00.000Z'); // the next deadline's 7-day reminder, not the skipped 1-day one
    expect(state.openMisses).toEqual([]);
    expect(view(state, startOfLocalDay('2024-07-28')).escalationLevel).toBe(0);
  });

  it('a missed deadline climbs the ladder 3, 10 and 21 days after it, and a report stops the climb', () => {
    const missedAt = Date.parse('2024-07-01T22:00:00.000Z');
    const { rows, state } = runUntil(fresh(), missedAt + 12 * DAY);
    expect(rows.filter((r) => r.kind !== 'reminder').map((r) => `${r.kind}:${r.level ?? r.outcome}:${iso(r.dueAt)}`)).toEqual([
      'deadline:missed:2024-07-01T22:00:00.000Z',
      'escalation:1:2024-07-04T22:00:00.000Z',
      'escalation:2:2024-07-11T22:00:00.000Z',
    ]);
    expect(rows.find((r) => r.level === 1)?.body).toBe('operational');
    expect(view(state, missedAt + 12 * DAY).escalationLevel).toBe(2);

    const reported = applyReport(state, { reportId: 'late', status: 'at_risk' }, missedAt + 12 * DAY);
    expect(reported.effects).toEqual([
      { type: 'resolve', keys: expect.arrayContaining([rows[2].key, rows[3].key, rows[4].key]), at: missedAt + 12 * DAY, resolution: 'report' },
    ]);
    const after = runUntil(reported.state, missedAt + 25 * DAY);
    expect(after.rows.some((r) => r.kind === 'escalation')).toBe(false);
    expect(view(after.state, missedAt + 25 * DAY).escalationLevel).toBe(0);
  });

  it('an off-track report escalates at once to operational leadership, a second one in a row to samverkansledning', () => {
    const now = start + 3 * DAY;
    const first = applyReport(fresh(), { reportId: 'r1', status: 'off_track' }, now);
    expect(first.effects).toEqual([{ type: 'record', row: expect.objectContaining({ kind: 'escalation', level: 1, body: 'operational', dueAt: now }) }]);
    const second = applyReport(first.state, { reportId: 'r2', status: 'off_track' }, now + DAY);
    expect(second.effects.find((e) => e.type === 'record')).toEqual({
      type: 'record',
      row: expect.objectContaining({ level: 2, body: 'strategic' }),
    });
    expect(view(second.state, now + DAY).escalationLevel).toBe(2);
    const better = applyReport(second.state, { reportId: 'r3', status: 'on_track' }, now + 2 * DAY);
    expect(better.effects).toEqual([{ type: 'resolve', keys: ['off-track:r1', 'off-track:r2'], at: now + 2 * DAY, resolution: 'report' }]);
    expect(view(better.state, now + 2 * DAY).escalationLevel).toBe(0);
  });

  it('applies one report once, however often it is delivered', () => {
    const once = applyReport(fresh(), { reportId: 'r1', status: 'off_track' }, start + DAY);
    expect(applyReport(once.state, { reportId: 'r1', status: 'off_track' }, start + 2 * DAY)).toEqual({ state: once.state, effects: [] });
  });

  it('a pause stops the clock and moves every later deadline by its length', () => {
    const pausedAt = start + 5 * DAY;
    const paused = pause(fresh(), 'Sommaruppehåll', pausedAt).state;
    expect(nextItem(paused, pausedAt + DAY)).toBeNull();
    const resumed = resume(paused, pausedAt + 14 * DAY).state;
    const deadline = agenda(resumed, pausedAt + 14 * DAY).find((i) => i.kind === 'deadline')!;
    expect(iso(deadline.at)).toBe('2024-07-15T22:00:00.000Z'); // 1 July + 14 days
  });

  it('a changed cadence applies to what has not fired yet', () => {
    const now = start + 2 * DAY;
    const changed = changePlan(fresh(), { phases: [{ kind: 'short', followUpEvery: 'P2W' }] }, now);
    expect(changed.effects).toEqual([{ type: 'savePlan', phases: [expect.objectContaining({ kind: 'short', followUpEvery: 'P2W' })] }]);
    expect(iso(agenda(changed.state, now).find((i) => i.kind === 'deadline')!.at)).toBe('2024-06-17T22:00:00.000Z');
  });

  it('moves to the next phase at the target date, and completes after the last', () => {
    const { state } = runUntil(fresh(), startOfLocalDay('2024-09-10'));
    expect(state.phase).toBe('medium');
    expect(completePhase(completePhase(state, startOfLocalDay('2024-09-11')).state, startOfLocalDay('2024-09-12')).state.status).toBe('completed');
  });

  it('cancelling ends the follow-up: what is open is resolved as cancelled, nothing is due, nothing more applies', () => {
    const missedAt = Date.parse('2024-07-01T22:00:00.000Z');
    const { rows, state } = runUntil(fresh(), missedAt + 5 * DAY);
    expect(cancelProblem(state, ' ')).toMatch(/reason is required/);
    expect(cancelProblem(state, 'Flyttad till regionen')).toBeNull();
    const t = cancel(state, 'Flyttad till regionen', missedAt + 5 * DAY);
    const open = rows.filter((r) => r.outcome === 'missed' || r.kind === 'escalation').map((r) => r.key);
    expect(t.effects).toEqual([{ type: 'resolve', keys: expect.arrayContaining(open), at: missedAt + 5 * DAY, resolution: 'cancelled' }]);
    expect(t.state.status).toBe('cancelled');
    expect(agenda(t.state, missedAt + 5 * DAY)).toEqual([]);
    expect(view(t.state, missedAt + 5 * DAY)).toMatchObject({ status: 'cancelled', escalationLevel: 0, nextDeadline: null });
    expect(reportProblem(t.state, { reportId: 'x', status: 'on_track' })).toBe('The activity is cancelled (Flyttad till regionen); it takes no more reports.');
    expect(pauseProblem(t.state, 'Sommar')).toMatch(/cancelled/);
    expect(cancelProblem(t.state, 'Igen')).toMatch(/cancelled/);
  });

  it('rejects what cannot apply, saying why', () => {
    const s = fresh();
    expect(reportProblem(s, { reportId: 'r', status: 'fine' as never })).toMatch(/status must be one of/);
    expect(reportProblem(s, { reportId: 'r', status: 'on_track', progress: 120 })).toMatch(/progress/);
    expect(pauseProblem(s, ' ')).toMatch(/reason is required/);
    const paused = pause(s, 'Omorganisation', start).state;
    expect(pauseProblem(paused, 'igen')).toMatch(/already paused/);
    expect(resumeProblem(s)).toMatch(/not paused/);
    expect(planChangeProblem(s, { phases: [{ kind: 'short', targetDate: '2024-05-01' }] })).toMatch(/would end .* before it starts/);
    expect(planChangeProblem(s, { phases: [{ kind: 'short', followUpEvery: 'monthly' }] })).toMatch(/followUpEvery/);
    expect(planChangeProblem(s, { phases: [{ kind: 'medium', startDate: '2024-08-01' }] })).toMatch(/before the short phase ends/);
    expect(completePhaseProblem(s, 'long')).toMatch(/current phase is short/);
    const done = { ...s, status: 'completed' as const };
    expect(reportProblem(done, { reportId: 'r', status: 'on_track' })).toMatch(/completed/);
  });
});
