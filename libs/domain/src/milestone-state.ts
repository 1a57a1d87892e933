/**
 * The honest state of a delmål (or any dated deadline) on a given day, for the activity page and
 * anyone else who shows one: judged by its date and whether it was reported as reached, never by
 * whether a workflow has fired it (so a delmål whose date passed before the workflow started, in an
 * agreement taken up mid-period, shows its past as it is). Pure: the caller gives today's date.
 */
import { daysBetween } from './calendar-date';

export const MILESTONE_STATES = ['planned', 'due_soon', 'overdue', 'reached', 'not_reached'] as const;
export type MilestoneState = (typeof MILESTONE_STATES)[number];

/** How many days ahead a date counts as "snart". */
export const DUE_SOON_DAYS = 14;

export interface MilestoneFacts {
  /** `YYYY-MM-DD`, or null for a delmål without a date. */
  dueDate: string | null;
  status: 'open' | 'done';
  /** The (Swedish) day it was reported reached, when known. */
  reachedOn?: string | null;
  /** Its phase is over, or the activity ended: an open delmål will not be reached any more. */
  closed?: boolean;
}

export interface MilestoneStateResult {
  state: MilestoneState;
  /** overdue: days since the date; due_soon and planned: days until it (absent without a date). */
  days?: number;
  /** reached: the day it was reported reached, when known. */
  reachedOn?: string;
}

/**
 * `reached` when reported done; else `not_reached` once closed; else by its date against `today`:
 * `overdue` after it (the due day itself is still in time), `due_soon` within DUE_SOON_DAYS, else
 * `planned` (also without a date).
 */
export function milestoneState(m: MilestoneFacts, today: string, soonDays = DUE_SOON_DAYS): MilestoneStateResult {
  if (m.status === 'done') return { state: 'reached', ...(m.reachedOn ? { reachedOn: m.reachedOn } : {}) };
  if (m.closed) return { state: 'not_reached' };
  if (!m.dueDate) return { state: 'planned' };
  const until = daysBetween(today, m.dueDate);
  if (until < 0) return { state: 'overdue', days: -until };
  return { state: until <= soonDays ? 'due_soon' : 'planned', days: until };
}

const days = (n: number) => `${n} ${n === 1 ? 'dag' : 'dagar'}`;

/** The state in Swedish, e.g. "försenat 12 dagar", "uppnått 2024-05-02", "snart: om 3 dagar". */
export function milestoneStateText(r: MilestoneStateResult, formatDate: (date: string) => string = (d) => d): string {
  switch (r.state) {
    case 'reached':
      return r.reachedOn ? `uppnått ${formatDate(r.reachedOn)}` : 'uppnått';
    case 'not_reached':
      return 'inte uppnått';
    case 'overdue':
      return `försenat ${days(r.days!)}`;
    case 'due_soon':
      return r.days === 0 ? 'snart: i dag' : `snart: om ${days(r.days!)}`;
    case 'planned':
      return r.days === undefined ? 'planerat' : `planerat, om ${days(r.days)}`;
  }
}
