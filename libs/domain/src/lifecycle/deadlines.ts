import { addDays } from '../calendar-date';
import { addDuration, Duration, isDateOnly, isPositive, parseDuration } from '../iso-duration';
import type { PhaseKind } from '../phase-kind';
import { nextWorkingDay } from '../working-days';
import { fromWallClock, localDate, startOfLocalDay, toWallClock } from '../zoned-time';

export interface PlanMilestone {
  id: string;
  title: string;
  dueDate: string | null;
}

export interface PlanPhase {
  kind: PhaseKind;
  startDate: string;
  targetDate: string;
  followUpEvery: string;
  milestones: PlanMilestone[];
}

export type DeadlineKind = 'follow_up' | 'milestone' | 'phase_target';

export interface Deadline {
  /** Stable identity, also the dedupe key of its row: phase, kind and due instant (and milestone). */
  key: string;
  kind: DeadlineKind;
  phase: PhaseKind;
  /** When it is due: the end of its (working) day, or the exact instant for sub-day cadences. */
  dueAt: number;
  milestoneId?: string;
}

/**
 * When something planned for `raw` is due. A day-based deadline is due at the end of its day; one
 * that falls on a weekend, a public holiday, midsommarafton, julafton or nyårsafton moves to the next
 * working day. A deadline with a time of day (sub-day cadences, for demos and tests) keeps its time
 * of day on the next working day.
 */
export function dueInstant(raw: number, dateOnly: boolean): number {
  const date = localDate(raw);
  const working = nextWorkingDay(date);
  if (dateOnly) return startOfLocalDay(addDays(working, 1));
  if (working === date) return raw;
  const [year, month, day] = working.split('-').map(Number);
  return fromWallClock({ ...toWallClock(raw), year, month, day });
}

const DAY = 86_400_000;
const NO_TIME: Duration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
/** Longer than any run of non-working days in the Swedish calendar. */
const MARGIN = 10 * DAY;

/** An upper bound of the duration's length in milliseconds (months of 31 days, DST hours included). */
function longest(d: Duration): number {
  if (!isPositive(d)) throw new RangeError('A follow-up cadence must be longer than zero');
  const dated = d.years * 366 + d.months * 31 + d.weeks * 7 + d.days;
  return dated * DAY + (dated ? 3_600_000 : 0) + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
}

const PRIORITY: Record<DeadlineKind, number> = { phase_target: 0, milestone: 1, follow_up: 2 };

/**
 * The deadlines of one phase: a follow-up every `followUpEvery` from the phase start (before its
 * target date), each milestone's date, and the target date itself; all moved by `shiftMs` (time the
 * activity spent paused). Two falling due at the same moment count once.
 */
export function phaseDeadlines(phase: PlanPhase, shiftMs = 0, window: { from?: number; limit?: number } = {}): Deadline[] {
  const cadence = parseDuration(phase.followUpEvery);
  const limit = window.limit ?? Number.POSITIVE_INFINITY;
  const start = startOfLocalDay(phase.startDate);
  const target = startOfLocalDay(phase.targetDate);
  const found: Deadline[] = [];
  const add = (kind: DeadlineKind, raw: number, dateOnly: boolean, milestoneId?: string) => {
    // A pause moves day deadlines by whole days (a pause of 13 days 23 hours is a fortnight), others exactly.
    const shifted = dateOnly ? addDuration(raw, { ...NO_TIME, days: Math.round(shiftMs / DAY) }) : raw + shiftMs;
    const dueAt = dueInstant(shifted, dateOnly);
    const key = `${phase.kind}:${kind}:${new Date(dueAt).toISOString()}${milestoneId ? `:${milestoneId}` : ''}`;
    found.push({ key, kind, phase: phase.kind, dueAt, ...(milestoneId ? { milestoneId } : {}) });
  };
  // Skip follow-ups that lie wholly before `from` without computing each one: no step of the cadence
  // is longer than `longest`, and moving to a working day never takes more than MARGIN. (Sub-day
  // cadences, used by demos and tests, get no margin: their steps are counted from `from` itself.)
  const dated = cadence.years + cadence.months + cadence.weeks + cadence.days > 0;
  const margin = dated ? MARGIN : 0;
  const from = window.from;
  const firstK = from === undefined ? 1 : Math.max(1, Math.floor((from - shiftMs - margin - start) / longest(cadence)));
  for (let k = firstK, counted = 0; counted < limit; k++) {
    const raw = addDuration(start, cadence, k);
    if (raw >= target) break;
    add('follow_up', raw, isDateOnly(cadence));
    if (from === undefined || found[found.length - 1].dueAt >= from) counted++;
  }
  for (const m of phase.milestones) {
    if (m.dueDate) add('milestone', startOfLocalDay(m.dueDate), true, m.id);
  }
  add('phase_target', target, true);
  found.sort((a, b) => a.dueAt - b.dueAt || PRIORITY[a.kind] - PRIORITY[b.kind]);
  return found.filter((d, i) => i === 0 || found[i - 1].dueAt !== d.dueAt);
}
