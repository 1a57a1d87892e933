import { fromWallClock, startOfLocalDay, toWallClock } from '../zoned-time';
import { PlanPhase } from './deadlines';
import { DEFAULT_FOLLOW_UP_SETTINGS } from './follow-up-settings';
import { adoptRemindersAtEight, agenda, initialState, LifecycleState, reminderAt } from './lifecycle-state';

const at = (date: string, hour: number) => {
  const [year, month, day] = date.split('-').map(Number);
  return fromWallClock({ year, month, day, hour, minute: 0, second: 0, millisecond: 0 });
};
const wall = (ms: number) => {
  const w = toWallClock(ms);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};
/** The end of a due day: a day deadline is due when the next day begins. */
const endOf = (date: string) => startOfLocalDay(date) + 86_400_000;

describe('reminderAt: reminders at 08:00 Swedish time on a working day', () => {
  const rule = { remindersAtEightAfter: 0 };

  it('goes at 08:00 on the day the offset names, not at midnight', () => {
    // Due Thursday 7 September 2023 (at its end): P7D names Friday 1 September, P1D the day itself.
    expect(wall(reminderAt({}, endOf('2023-09-07'), 'P7D'))).toBe('2023-09-01 00:00');
    expect(wall(reminderAt(rule, endOf('2023-09-07'), 'P7D'))).toBe('2023-09-01 08:00');
    expect(wall(reminderAt(rule, endOf('2023-09-07'), 'P1D'))).toBe('2023-09-07 08:00');
  });

  it('moves to the working day before when the day is a weekend or a holiday', () => {
    // Due Thursday 29 June 2023: P7D names Friday 23 June, midsommarafton, so Thursday 22 June.
    expect(wall(reminderAt(rule, endOf('2023-06-29'), 'P7D'))).toBe('2023-06-22 08:00');
    // Due Monday 24 June 2024: P1D names the day itself; P7D names Tuesday 18th; P2D Sunday 23rd → Thursday 20th (midsommarafton 21st is a holiday).
    expect(wall(reminderAt(rule, endOf('2024-06-24'), 'P2D'))).toBe('2024-06-20 08:00');
    // Due Tuesday 2 April 2024: P2D names Monday 1 April (Annandag påsk) → Thursday 28 March (Långfredag 29th).
    expect(wall(reminderAt(rule, endOf('2024-04-02'), 'P2D'))).toBe('2024-03-28 08:00');
  });

  it('is 08:00 local time on both sides of the spring DST switch (31 March 2024)', () => {
    const winter = reminderAt(rule, endOf('2024-03-28'), 'P1D');
    const summer = reminderAt(rule, endOf('2024-04-04'), 'P1D');
    expect(new Date(winter).toISOString()).toBe('2024-03-28T07:00:00.000Z');
    expect(new Date(summer).toISOString()).toBe('2024-04-04T06:00:00.000Z');
  });

  it('keeps midnight without the rule, for sub-day offsets, and for reminders announced before the rule', () => {
    const due = endOf('2023-06-29');
    expect(wall(reminderAt({}, due, 'P7D'))).toBe('2023-06-23 00:00');
    expect(reminderAt(rule, due, 'PT2H')).toBe(due - 2 * 3_600_000);
    expect(wall(reminderAt({ remindersAtEightAfter: at('2023-06-23', 0) }, due, 'P7D'))).toBe('2023-06-23 00:00');
    // Moving it to 08:00 on the working day before would put it before the rule was taken up: midnight stays.
    expect(wall(reminderAt({ remindersAtEightAfter: at('2024-06-22', 12) }, endOf('2024-06-24'), 'P1D'))).toBe('2024-06-24 08:00');
    expect(wall(reminderAt({ remindersAtEightAfter: at('2024-06-22', 12) }, endOf('2024-06-24'), 'P2D'))).toBe('2024-06-23 00:00');
  });
});

describe('adoptRemindersAtEight', () => {
  const plan: PlanPhase[] = [
    { kind: 'short', startDate: '2024-06-03', targetDate: '2025-09-01', followUpEvery: 'P2W', milestones: [] },
    { kind: 'medium', startDate: '2025-09-01', targetDate: '2026-03-02', followUpEvery: 'P8W', milestones: [] },
    { kind: 'long', startDate: '2026-03-02', targetDate: '2026-06-01', followUpEvery: 'P13W', milestones: [] },
  ];
  const start = startOfLocalDay('2024-06-03');
  const fresh = (): LifecycleState => initialState({ activityId: 'a1', ownerId: 'o1', plan, settings: DEFAULT_FOLLOW_UP_SETTINGS, phase: 'short', now: start });
  // The agenda the workflow shows and writes (view's 20 items).
  const reminders = (s: LifecycleState, now: number) => agenda(s, now, 20).filter((i) => i.kind === 'reminder').map((i) => wall(i.at));

  it('does nothing when the patch is not taken (a history from before replays unchanged)', () => {
    const s = fresh();
    expect(adoptRemindersAtEight(s, start, false)).toBe(s);
    expect(reminders(s, start).every((r) => r.endsWith('00:00'))).toBe(true);
  });

  it('keeps the reminders already announced at their time, and moves only the later ones to 08:00', () => {
    const s = fresh();
    const before = reminders(s, start);
    const adopted = adoptRemindersAtEight(s, start, true);
    const after = reminders(adopted, start);
    expect(after).toEqual(before);
    // Once the announced ones are past, what comes next goes at 08:00.
    const later = agenda(adopted, start, 200).filter((i) => i.kind === 'reminder' && i.at > adopted.remindersAtEightAfter!);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((i) => wall(i.at).endsWith('08:00'))).toBe(true);
    // Taking it up twice changes nothing.
    expect(adoptRemindersAtEight(adopted, start + 86_400_000, true)).toBe(adopted);
  });

  it('puts a new workflow on the rule from its start', () => {
    const s = initialState({ activityId: 'a1', ownerId: 'o1', plan, settings: DEFAULT_FOLLOW_UP_SETTINGS, phase: 'short', now: start, remindersAtEight: true });
    expect(s.remindersAtEightAfter).toBe(start);
    expect(reminders(s, start).length).toBeGreaterThan(0);
    expect(reminders(s, start).every((r) => r.endsWith('08:00'))).toBe(true);
  });
});
