/**
 * A revision of what an activity's follow-up is measured against, without touching its phases' dates
 * or cadence: the delmål (milestones) of some phases, and the agreement's reminder offsets and
 * escalation ladder. PostgreSQL is written first (the system of record); the revision tells the
 * running workflow, whose state holds a copy of both. Pure, like the rest of the lifecycle.
 */
import { isCalendarDate } from '../calendar-date';
import { PHASE_KINDS, PhaseKind } from '../phase-kind';
import type { PlanMilestone, PlanPhase } from './deadlines';
import { FollowUpSettings, followUpSettingsProblems } from './follow-up-settings';
import { endedProblem, hasEnded, LifecycleState, Transition } from './lifecycle-state';

export interface FollowUpRevision {
  /** For each phase listed, its delmål as they are now (the whole list: one left out is removed). */
  milestones?: { phase: PhaseKind; milestones: PlanMilestone[] }[];
  /** The agreement's reminder offsets and escalation ladder as they are now. */
  settings?: FollowUpSettings;
}

/** Why a revision cannot apply, or null. Sending the same revision twice is no problem: it changes nothing. */
export function revisionProblem(state: LifecycleState, revision: FollowUpRevision): string | null {
  if (hasEnded(state)) return endedProblem(state, 'its follow-up can no longer change');
  if (!revision || typeof revision !== 'object') return 'a revision must be an object with milestones, settings or both';
  if (revision.milestones === undefined && revision.settings === undefined) return 'a revision changes nothing: give milestones, settings or both';
  if (revision.milestones !== undefined) {
    if (!Array.isArray(revision.milestones)) return 'milestones must be a list of phases with their delmål';
    const seen = new Set<string>();
    for (const [i, entry] of revision.milestones.entries()) {
      const at = `milestones[${i}]`;
      if (!entry || !(PHASE_KINDS as readonly string[]).includes(entry.phase)) return `${at}.phase must be one of ${PHASE_KINDS.join(', ')}`;
      if (seen.has(entry.phase)) return `${at}.phase: ${entry.phase} is listed twice`;
      seen.add(entry.phase);
      if (!state.plan.some((p) => p.kind === entry.phase)) return `${at}.phase: the plan has no ${entry.phase} phase`;
      if (!Array.isArray(entry.milestones)) return `${at}.milestones must be a list`;
      const ids = new Set<string>();
      for (const [j, m] of entry.milestones.entries()) {
        const mat = `${at}.milestones[${j}]`;
        if (!m || typeof m.id !== 'string' || !m.id) return `${mat}.id is required`;
        if (ids.has(m.id)) return `${mat}.id: ${m.id} is listed twice`;
        ids.add(m.id);
        if (typeof m.title !== 'string' || !m.title.trim()) return `${mat}.title is required`;
        if (m.dueDate !== null && !isCalendarDate(m.dueDate)) return `${mat}.dueDate must be a date (YYYY-MM-DD) or null`;
      }
    }
  }
  if (revision.settings !== undefined) {
    const s = revision.settings;
    if (!s || !Array.isArray(s.reminderOffsets) || !Array.isArray(s.escalationLadder)) {
      return 'settings must have reminderOffsets and escalationLadder, both lists';
    }
    const notAStep = s.escalationLadder.findIndex((step) => !step || typeof step !== 'object');
    if (notAStep >= 0) return `settings: escalationLadder[${notAStep}] must be a step with level, body and after`;
    const problems = followUpSettingsProblems(s);
    if (problems.length) return `settings: ${problems.join('; ')}`;
  }
  return null;
}

/**
 * Applies a revision. What has fired stays fired (its row is history, and its key stays in `fired`).
 * A delmål given a new date gets a new deadline (its key carries the date), with reminders before it;
 * a removed one no longer fires; new reminder offsets and a new ladder apply to what has not fired
 * yet. Nothing already past is fired late: like a plan change, the revision starts the agenda now.
 */
export function reviseFollowUp(state: LifecycleState, revision: FollowUpRevision, now: number): Transition {
  const plan: PlanPhase[] = state.plan.map((p) => {
    const revised = revision.milestones?.find((m) => m.phase === p.kind);
    return revised ? { ...p, milestones: revised.milestones.map((m) => ({ id: m.id, title: m.title, dueDate: m.dueDate })) } : p;
  });
  const settings = revision.settings
    ? { reminderOffsets: [...revision.settings.reminderOffsets], escalationLadder: revision.settings.escalationLadder.map((s) => ({ ...s })) }
    : state.settings;
  return { state: { ...state, plan, settings, notBefore: Math.max(state.notBefore, now) }, effects: [] };
}

/**
 * Why a delmål's date does not fit, or null: a real calendar date within its phase (from its start
 * to its target date) and within the agreement's period. `field` names the input in the message.
 */
export function milestoneDateProblem(
  dueDate: unknown,
  phase: { kind: PhaseKind; startDate: string; targetDate: string },
  agreement: { validFrom: string; validTo: string },
  field = 'dueDate',
): string | null {
  if (!isCalendarDate(dueDate)) return `${field} must be a real date written YYYY-MM-DD (got "${String(dueDate)}")`;
  if (dueDate < phase.startDate || dueDate > phase.targetDate) {
    return `${field} ${dueDate} is outside the ${phase.kind} phase, ${phase.startDate} to ${phase.targetDate}`;
  }
  if (dueDate < agreement.validFrom || dueDate > agreement.validTo) {
    return `${field} ${dueDate} is outside the agreement's period, ${agreement.validFrom} to ${agreement.validTo}`;
  }
  return null;
}
