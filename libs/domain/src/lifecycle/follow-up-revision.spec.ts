import { startOfLocalDay } from '../zoned-time';
import { PlanPhase } from './deadlines';
import { DEFAULT_FOLLOW_UP_SETTINGS } from './follow-up-settings';
import { milestoneDateProblem, reviseFollowUp, revisionProblem } from './follow-up-revision';
import { agenda, cancel, fire, initialState, LifecycleState, nextItem } from './lifecycle-state';

const iso = (ms: number) => new Date(ms).toISOString();
const plan: PlanPhase[] = [
  {
    kind: 'short',
    startDate: '2024-06-03',
    targetDate: '2024-12-02',
    followUpEvery: 'P13W',
    milestones: [
      { id: 'm1', title: 'Samverkansavtal klart', dueDate: '2024-07-15' },
      { id: 'm2', title: 'Första trygghetsvandringen', dueDate: '2024-08-12' },
    ],
  },
  { kind: 'medium', startDate: '2024-12-02', targetDate: '2025-06-02', followUpEvery: 'P13W', milestones: [] },
  { kind: 'long', startDate: '2025-06-02', targetDate: '2025-12-01', followUpEvery: 'P13W', milestones: [] },
];
const start = startOfLocalDay('2024-06-03');

function fresh(): LifecycleState {
  return initialState({ activityId: 'a1', ownerId: 'owner-1', plan, settings: DEFAULT_FOLLOW_UP_SETTINGS, phase: 'short', now: start });
}

/** Fires everything due up to `until`; returns the state and the keys fired. */
function runUntil(state: LifecycleState, until: number) {
  const keys: string[] = [];
  let s = state;
  for (let item = nextItem(s, until); item && item.at <= until; item = nextItem(s, until)) {
    s = fire(s, item, item.at).state;
    keys.push(item.key);
  }
  return { state: s, keys };
}

const milestoneDeadlines = (s: LifecycleState, now: number) =>
  agenda(s, now).filter((i) => i.kind === 'deadline' && i.deadline?.kind === 'milestone').map((i) => `${i.deadline!.milestoneId} ${iso(i.at)}`);

describe('revising an activity’s follow-up', () => {
  it('a moved delmål gets its new deadline (and reminders), a removed one no longer fires', () => {
    const now = startOfLocalDay('2024-06-10');
    const before = milestoneDeadlines(fresh(), now);
    expect(before).toEqual(['m1 2024-07-15T22:00:00.000Z', 'm2 2024-08-12T22:00:00.000Z']);
    const revised = reviseFollowUp(
      fresh(),
      { milestones: [{ phase: 'short', milestones: [{ id: 'm1', title: 'Samverkansavtal klart', dueDate: '2024-09-02' }] }] },
      now,
    ).state;
    expect(milestoneDeadlines(revised, now)).toEqual(['m1 2024-09-02T22:00:00.000Z']);
    const { keys } = runUntil(revised, startOfLocalDay('2024-10-01'));
    expect(keys).toContain('short:milestone:2024-09-02T22:00:00.000Z:m1');
    expect(keys).toContain('short:milestone:2024-09-02T22:00:00.000Z:m1:reminder:P7D');
    expect(keys.filter((k) => k.includes(':m2'))).toEqual([]);
    expect(keys.filter((k) => k.startsWith('short:milestone:2024-07-15'))).toEqual([]);
  });

  it('what has fired stays fired, and nothing already past is fired late', () => {
    const { state: afterM1 } = runUntil(fresh(), startOfLocalDay('2024-07-20'));
    expect(afterM1.fired).toContain('short:milestone:2024-07-15T22:00:00.000Z:m1');
    const now = startOfLocalDay('2024-07-20');
    // m2 is moved to a day already past: it is not fired late; m1 keeps its history.
    const revised = reviseFollowUp(
      afterM1,
      { milestones: [{ phase: 'short', milestones: [{ id: 'm1', title: 'Samverkansavtal klart', dueDate: '2024-07-15' }, { id: 'm2', title: 'Vandring', dueDate: '2024-07-01' }] }] },
      now,
    ).state;
    expect(revised.fired).toEqual(afterM1.fired);
    expect(milestoneDeadlines(revised, now)).toEqual([]);
    expect(nextItem(revised, now)!.at).toBeGreaterThanOrEqual(now);
  });

  it('new reminder offsets and a new ladder apply to what is still to come', () => {
    const now = startOfLocalDay('2024-06-10');
    const settings = { reminderOffsets: ['P14D'], escalationLadder: [{ level: 1, body: 'strategic' as const, after: 'P1D' }] };
    const revised = reviseFollowUp(fresh(), { settings }, now).state;
    expect(revised.settings).toEqual(settings);
    const reminders = agenda(revised, now).filter((i) => i.kind === 'reminder').map((i) => i.key);
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((k) => k.endsWith(':reminder:P14D'))).toBe(true);
    // A missed deadline now climbs the new ladder: one step, samverkansledning, a day after.
    const { state: missed, keys } = runUntil(revised, startOfLocalDay('2024-08-10'));
    const escalations = keys.filter((k) => k.includes(':escalation:'));
    expect(escalations).toEqual(['short:milestone:2024-07-15T22:00:00.000Z:m1:escalation:1']);
    expect(missed.openEscalations.map((e) => e.level)).toEqual([1]);
  });

  it('leaves the phases’ dates and cadence as they are', () => {
    const revised = reviseFollowUp(fresh(), { milestones: [{ phase: 'medium', milestones: [] }] }, start).state;
    expect(revised.plan.map(({ kind, startDate, targetDate, followUpEvery }) => ({ kind, startDate, targetDate, followUpEvery }))).toEqual(
      plan.map(({ kind, startDate, targetDate, followUpEvery }) => ({ kind, startDate, targetDate, followUpEvery })),
    );
    expect(revised.plan[0].milestones).toEqual(plan[0].milestones);
  });

  describe('revisionProblem', () => {
    const s = fresh();
    it('accepts a full revision, and the same one twice', () => {
      const revision = { milestones: [{ phase: 'short' as const, milestones: plan[0].milestones }], settings: DEFAULT_FOLLOW_UP_SETTINGS };
      expect(revisionProblem(s, revision)).toBeNull();
      expect(revisionProblem(reviseFollowUp(s, revision, start).state, revision)).toBeNull();
    });
    it.each([
      [{}, 'changes nothing'],
      [{ milestones: [{ phase: 'later', milestones: [] }] }, 'milestones[0].phase must be one of short, medium, long'],
      [{ milestones: [{ phase: 'short', milestones: [] }, { phase: 'short', milestones: [] }] }, 'listed twice'],
      [{ milestones: [{ phase: 'short', milestones: [{ id: 'x', title: 'X', dueDate: '2023-02-30' }] }] }, 'dueDate must be a date'],
      [{ milestones: [{ phase: 'short', milestones: [{ id: 'x', title: ' ', dueDate: null }] }] }, 'title is required'],
      [{ settings: { reminderOffsets: ['P0D'], escalationLadder: [] } }, 'reminderOffsets[0] must be a positive ISO-8601 duration'],
      [{ settings: { reminderOffsets: [], escalationLadder: [{ level: 2, body: 'operational', after: 'P3D' }] } }, 'escalationLadder[0].level must be 1'],
      [{ settings: { reminderOffsets: ['P1D'] } }, 'settings must have reminderOffsets and escalationLadder'],
      [{ settings: { reminderOffsets: ['P1D'], escalationLadder: [null] } }, 'escalationLadder[0] must be a step'],
      [{ milestones: [{ phase: 'short', milestones: [null] }] }, 'milestones[0].milestones[0].id is required'],
    ])('refuses %j', (revision, message) => {
      expect(revisionProblem(s, revision as never)).toContain(message);
    });
    it('refuses an ended activity', () => {
      const cancelled = cancel(s, 'Ersatt av en annan aktivitet', start).state;
      expect(revisionProblem(cancelled, { settings: DEFAULT_FOLLOW_UP_SETTINGS })).toMatch(/cancelled.*can no longer change/);
    });
  });

  describe('milestoneDateProblem', () => {
    const phase = { kind: 'short' as const, startDate: '2024-06-03', targetDate: '2024-12-02' };
    const agreement = { validFrom: '2023-06-01', validTo: '2027-06-01' };
    it('takes a date within the phase and the agreement', () => {
      expect(milestoneDateProblem('2024-06-03', phase, agreement)).toBeNull();
      expect(milestoneDateProblem('2024-12-02', phase, agreement)).toBeNull();
    });
    it.each([
      ['2023-02-30', 'must be a real date'],
      ['2024-12-03', 'outside the short phase'],
      ['2024-06-02', 'outside the short phase'],
      [42, 'must be a real date'],
    ])('refuses %p', (date, message) => {
      expect(milestoneDateProblem(date, phase, agreement)).toContain(message);
    });
    it('refuses a date outside the agreement even within the phase', () => {
      expect(milestoneDateProblem('2024-07-01', phase, { validFrom: '2024-08-01', validTo: '2027-06-01' })).toContain("outside the agreement's period");
    });
  });
});
