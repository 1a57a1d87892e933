/**
 * The follow-up lifecycle of one activity as pure functions over plain data: what is due next, what
 * happens when it comes due, and what each message (report, pause, plan change …) does. The Temporal
 * workflow keeps this state, sleeps until the next item, and carries out the returned effects with
 * idempotent steps. Nothing here reads a clock or does I/O, so it is unit-tested without Temporal.
 */
import { addDuration, isDateOnly, isIsoDuration, isPositive, parseDuration } from '../iso-duration';
import { previousWorkingDay } from '../working-days';
import { fromWallClock, localDate } from '../zoned-time';
import { isCalendarDate } from '../calendar-date';
import { cadenceProblem, isCadence } from './cadence';
import { PHASE_KINDS, PhaseKind } from '../phase-kind';
import { Deadline, phaseDeadlines, PlanPhase } from './deadlines';
import { FollowUpSettings, GovernanceBody } from './follow-up-settings';

export const REPORT_STATUSES = ['on_track', 'at_risk', 'off_track'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export type LifecycleStatus = 'active' | 'paused' | 'completed' | 'cancelled';

export interface OpenMiss {
  /** Key of the missed deadline. */
  key: string;
  phase: PhaseKind;
  dueAt: number;
  /** The pause shift when it was missed: later pauses move its ladder too. */
  shiftAtMiss: number;
  /**
   * A report submitted after this instant and by `dueAt` would have met the deadline: one that reaches
   * the workflow late (Temporal was away) turns the miss into "met, in time". Absent in misses from
   * before reports carried their submission time.
   */
  windowFrom?: number;
}

export interface OpenEscalation {
  key: string;
  level: number;
  cause: 'missed_deadline' | 'off_track';
}

export interface LifecycleState {
  activityId: string;
  ownerId: string | null;
  plan: PlanPhase[];
  settings: FollowUpSettings;
  phase: PhaseKind;
  status: LifecycleStatus;
  pausedAt: number | null;
  pauseReason: string | null;
  /** Why the activity was cancelled (absent in states from before cancelling existed). */
  cancelReason?: string | null;
  /** Total time spent paused: every later item moves by it. */
  shiftMs: number;
  /** Items due before this instant are history, never fired (workflow start, plan change, new phase). */
  notBefore: number;
  phaseEnteredAt: number;
  /** Due time of the last deadline fired in the current phase: every earlier one is handled. */
  lastDeadlineAt: number | null;
  /** Keys of the items already fired (rows written). */
  fired: string[];
  lastReportAt: number | null;
  openMisses: OpenMiss[];
  openEscalations: OpenEscalation[];
  offTrackStreak: number;
  /** Ids of the latest reports applied, so a report delivered twice is applied once. */
  appliedReports: string[];
  /**
   * Reminders go at 08:00 Swedish time on a working day (see `reminderAt`) when their midnight time
   * lies after this instant; earlier ones keep the time they were announced for. Absent in states
   * from before the rule: every reminder at midnight, `offset` before the end of its deadline's day.
   */
  remindersAtEightAfter?: number;
}

export type AgendaItemKind = 'deadline' | 'reminder' | 'escalation';

export interface AgendaItem {
  kind: AgendaItemKind;
  key: string;
  at: number;
  phase: PhaseKind;
  deadline?: Deadline;
  level?: number;
  body?: GovernanceBody;
  /** For reminders and escalations: the deadline they are about. */
  deadlineKey?: string;
}

/** A row to write: every deadline, reminder and escalation that fires. */
export interface FollowUpRow {
  key: string;
  kind: AgendaItemKind;
  phase: PhaseKind;
  dueAt: number;
  firedAt: number;
  level: number | null;
  body: GovernanceBody | null;
  recipientUserId: string | null;
  outcome: 'met' | 'missed' | null;
  deadlineKey: string | null;
  note: string | null;
}

/** A missed deadline that a report submitted in time (but delivered late) turns into "met". */
export interface MissCorrection {
  deadlineKey: string;
  /** The deadline's escalations, resolved as `reported_in_time`. */
  escalationKeys: string[];
  /** When the report was submitted, and when the workflow learnt of it. */
  submittedAt: number;
  at: number;
}

/** How a report that came in time, but reached the workflow after its deadline fired, resolves what it opened. */
export const REPORTED_IN_TIME = 'reported_in_time';

export type Effect =
  | { type: 'record'; row: FollowUpRow }
  | { type: 'resolve'; keys: string[]; at: number; resolution: string }
  | { type: 'savePlan'; phases: PlanPhase[] }
  | { type: 'correctMiss'; correction: MissCorrection };

export interface Transition {
  state: LifecycleState;
  effects: Effect[];
}

export interface ReportInput {
  reportId: string;
  status: ReportStatus;
  progress?: number;
  summary?: string;
  /**
   * When the report was submitted (saved by the API), ISO. A report is judged by this, not by when
   * Temporal delivered it. Absent in reports sent before it existed: they count when applied.
   */
  submittedAt?: string;
}

export interface PlanChange {
  phases: { kind: PhaseKind; startDate?: string; targetDate?: string; followUpEvery?: string }[];
}

const AGENDA_LOOKAHEAD = 40;

export function initialState(args: {
  activityId: string;
  ownerId: string | null;
  plan: PlanPhase[];
  settings: FollowUpSettings;
  phase: PhaseKind;
  now: number;
  /** Reminders at 08:00 (`reminderAt`) from the start: the workflow's patch, for a new workflow. */
  remindersAtEight?: boolean;
}): LifecycleState {
  return {
    ...(args.remindersAtEight ? { remindersAtEightAfter: args.now } : {}),
    activityId: args.activityId,
    ownerId: args.ownerId,
    plan: args.plan,
    settings: args.settings,
    phase: args.phase,
    status: 'active',
    pausedAt: null,
    pauseReason: null,
    shiftMs: 0,
    notBefore: args.now,
    phaseEnteredAt: args.now,
    lastDeadlineAt: null,
    fired: [],
    lastReportAt: null,
    openMisses: [],
    openEscalations: [],
    offTrackStreak: 0,
    appliedReports: [],
  };
}

function currentPhase(state: LifecycleState): PlanPhase {
  const phase = state.plan.find((p) => p.kind === state.phase);
  if (!phase) throw new Error(`The plan has no ${state.phase} phase`);
  return phase;
}

function nextPhaseKind(kind: PhaseKind): PhaseKind | null {
  return PHASE_KINDS[PHASE_KINDS.indexOf(kind) + 1] ?? null;
}

/** The shift to use at `now`: while paused, as if resumed right now. */
function effectiveShift(state: LifecycleState, now: number): number {
  return state.shiftMs + (state.pausedAt !== null ? Math.max(0, now - state.pausedAt) : 0);
}

/** The current phase's deadlines around `now` (a few before the first pending one, for windows). */
function currentDeadlines(state: LifecycleState, now: number, limit: number): Deadline[] {
  const shift = effectiveShift(state, now);
  const from = Math.max(state.notBefore + (shift - state.shiftMs), (state.lastDeadlineAt ?? Number.NEGATIVE_INFINITY) + 1);
  return phaseDeadlines(currentPhase(state), shift, { from, limit });
}

/** After this instant (the deadline before `deadline`, or the phase's start), a report counts for `deadline`. */
function windowStart(state: LifecycleState, deadlines: Deadline[], deadline: Deadline): number {
  const i = deadlines.findIndex((d) => d.key === deadline.key);
  const previous = i > 0 ? deadlines[i - 1].dueAt : Number.NEGATIVE_INFINITY;
  return Math.max(previous, state.lastDeadlineAt ?? Number.NEGATIVE_INFINITY, state.phaseEnteredAt);
}

/** Whether a report has come in since the deadline before `deadline` (or since the phase began). */
function reportedFor(state: LifecycleState, deadlines: Deadline[], deadline: Deadline): boolean {
  if (state.lastReportAt === null) return false;
  return state.lastReportAt > windowStart(state, deadlines, deadline);
}

/**
 * What is still to come, earliest first: the current phase's deadlines, the reminders before them
 * (unless the owner has already reported for that deadline) and the escalations of missed deadlines.
 */
export function agenda(state: LifecycleState, now: number, limit = AGENDA_LOOKAHEAD): AgendaItem[] {
  if (hasEnded(state)) return [];
  const shift = effectiveShift(state, now);
  const fired = new Set(state.fired);
  const lower = state.notBefore + (shift - state.shiftMs);
  const deadlines = currentDeadlines(state, now, limit);
  const items: AgendaItem[] = [];
  for (const d of deadlines) {
    if (d.dueAt < lower || fired.has(d.key)) continue;
    items.push({ kind: 'deadline', key: d.key, at: d.dueAt, phase: d.phase, deadline: d });
    if (reportedFor(state, deadlines, d)) continue;
    for (const offset of state.settings.reminderOffsets) {
      const at = reminderAt(state, d.dueAt, offset);
      const key = `${d.key}:reminder:${offset}`;
      if (at >= lower && !fired.has(key)) {
        items.push({ kind: 'reminder', key, at, phase: d.phase, deadlineKey: d.key });
      }
    }
  }
  for (const miss of state.openMisses) {
    for (const step of state.settings.escalationLadder) {
      const key = `${miss.key}:escalation:${step.level}`;
      if (fired.has(key)) continue;
      const at = addDuration(miss.dueAt, step.after) + (shift - miss.shiftAtMiss);
      items.push({ kind: 'escalation', key, at, phase: miss.phase, level: step.level, body: step.body, deadlineKey: miss.key });
    }
  }
  return items.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key)).slice(0, limit);
}

/** The hour (Swedish time) reminders are sent at. */
export const REMINDER_HOUR = 8;

/**
 * When the reminder `offset` before a deadline due at `dueAt` goes. A day-based offset (P7D) names a
 * day: the reminder goes at 08:00 Swedish time that day, or on the working day before it when that
 * day is a weekend or holiday. Offsets with a time of day (demos, tests) stay exact. States from
 * before the rule, and reminders announced before it was taken up (`remindersAtEightAfter`), keep
 * midnight; so does a reminder that the rule would move to before it was taken up.
 */
export function reminderAt(state: Pick<LifecycleState, 'remindersAtEightAfter'>, dueAt: number, offset: string): number {
  const midnight = addDuration(dueAt, offset, -1);
  const after = state.remindersAtEightAfter;
  if (after === undefined || midnight <= after || !isDateOnly(parseDuration(offset))) return midnight;
  const [year, month, day] = previousWorkingDay(localDate(midnight)).split('-').map(Number);
  const eight = fromWallClock({ year, month, day, hour: REMINDER_HOUR, minute: 0, second: 0, millisecond: 0 });
  return eight > after && eight < dueAt ? eight : midnight;
}

/**
 * Takes up the 08:00 rule (`enabled`: the workflow's patch). A new workflow takes it up from its start;
 * a running one keeps every reminder it has already announced (on the agenda `view` shows and the
 * workflow has written to PostgreSQL) at its time, and only those after them move to 08:00.
 */
export function adoptRemindersAtEight(state: LifecycleState, now: number, enabled: boolean): LifecycleState {
  if (!enabled || state.remindersAtEightAfter !== undefined) return state;
  const announced = agenda(state, now, PUBLISHED_AGENDA).filter((i) => i.kind === 'reminder').map((i) => i.at);
  return { ...state, remindersAtEightAfter: Math.max(now, ...announced) };
}

/** The earliest item to wait for, or null when nothing is scheduled (paused or completed). */
export function nextItem(state: LifecycleState, now: number): AgendaItem | null {
  if (state.status !== 'active') return null;
  return agenda(state, now, 8)[0] ?? null;
}

function row(state: LifecycleState, item: AgendaItem, now: number, extra: Partial<FollowUpRow>): FollowUpRow {
  return {
    key: item.key,
    kind: item.kind,
    phase: item.phase,
    dueAt: item.at,
    firedAt: now,
    level: item.level ?? null,
    body: item.body ?? null,
    recipientUserId: state.ownerId,
    outcome: null,
    deadlineKey: item.deadlineKey ?? null,
    note: null,
    ...extra,
  };
}

/** Moves to the next phase, or completes the activity after the last one. */
function advancePhase(state: LifecycleState, now: number): LifecycleState {
  const next = nextPhaseKind(state.phase);
  if (!next) return { ...state, status: 'completed' };
  return { ...state, phase: next, phaseEnteredAt: now, lastDeadlineAt: null, notBefore: Math.max(state.notBefore, now) };
}

/** Fires one item that has come due. */
export function fire(state: LifecycleState, item: AgendaItem, now: number): Transition {
  const fired = [...state.fired, item.key];
  if (item.kind === 'reminder') {
    return { state: { ...state, fired }, effects: [{ type: 'record', row: row(state, item, now, {}) }] };
  }
  if (item.kind === 'escalation') {
    const escalation: OpenEscalation = { key: item.key, level: item.level ?? 1, cause: 'missed_deadline' };
    return {
      state: { ...state, fired, openEscalations: [...state.openEscalations, escalation] },
      effects: [{ type: 'record', row: row(state, item, now, {}) }],
    };
  }
  const deadline = item.deadline!;
  const deadlines = currentDeadlines(state, now, AGENDA_LOOKAHEAD);
  const met = reportedFor(state, deadlines, deadline);
  let next: LifecycleState = { ...state, fired, lastDeadlineAt: item.at };
  if (!met) {
    const windowFrom = windowStart(state, deadlines, deadline);
    next.openMisses = [...state.openMisses, { key: item.key, phase: item.phase, dueAt: item.at, shiftAtMiss: state.shiftMs, windowFrom }];
  }
  if (deadline.kind === 'phase_target') next = advancePhase(next, now);
  return { state: next, effects: [{ type: 'record', row: row(state, item, now, { outcome: met ? 'met' : 'missed' }) }] };
}

// ---- messages -------------------------------------------------------------------------------

/** Why a report cannot be applied now, or null. */
export function reportProblem(state: LifecycleState, report: ReportInput): string | null {
  if (hasEnded(state)) return endedProblem(state, 'it takes no more reports');
  if (!(REPORT_STATUSES as readonly string[]).includes(report.status)) {
    return `status must be one of ${REPORT_STATUSES.join(', ')}`;
  }
  if (report.progress !== undefined && (!Number.isFinite(report.progress) || report.progress < 0 || report.progress > 100)) {
    return 'progress must be a number from 0 to 100';
  }
  if (!report.reportId) return 'reportId is required';
  if (report.submittedAt !== undefined && (typeof report.submittedAt !== 'string' || !Number.isFinite(Date.parse(report.submittedAt)))) {
    return 'submittedAt must be an ISO-8601 instant';
  }
  return null;
}

/**
 * The instant a report counts from: when it was submitted, but never later than now (a clock ahead of
 * the workflow's) and never before the previous report (reports apply in order).
 */
export function reportInstant(state: LifecycleState, report: ReportInput, now: number): number {
  const submitted = report.submittedAt === undefined ? now : Date.parse(report.submittedAt);
  return Math.min(now, Math.max(submitted, state.lastReportAt ?? Number.NEGATIVE_INFINITY));
}

/**
 * A progress report: it stops every climb and resolves what is open. Off track escalates at once to
 * operational leadership; a second off-track report in a row goes to samverkansledning.
 *
 * `submittedAt` (see `reportInstant`) is when the report counts from. A report submitted within a
 * missed deadline's window, that reached the workflow only after the deadline fired, turns that miss
 * into "met, in time": its escalations are resolved as `reported_in_time`, and those told are told.
 */
export function applyReport(state: LifecycleState, report: ReportInput, now: number, submittedAt = now): Transition {
  if (state.appliedReports.includes(report.reportId)) return { state, effects: [] };
  const effects: Effect[] = [];
  const offTrack = report.status === 'off_track';
  const corrected = state.openMisses.filter((m) => m.windowFrom !== undefined && m.windowFrom < submittedAt && submittedAt <= m.dueAt);
  const ofCorrected = (key: string) => corrected.some((m) => key === m.key || key.startsWith(`${m.key}:escalation:`));
  for (const m of corrected) {
    const escalationKeys = state.openEscalations.filter((e) => e.key.startsWith(`${m.key}:escalation:`)).map((e) => e.key);
    effects.push({ type: 'correctMiss', correction: { deadlineKey: m.key, escalationKeys, submittedAt, at: now } });
  }
  const resolveNow = [
    ...state.openMisses.map((m) => m.key),
    ...state.openEscalations.filter((e) => e.cause === 'missed_deadline' || !offTrack).map((e) => e.key),
  ];
  const resolvedByReport = resolveNow.filter((key) => !ofCorrected(key));
  if (resolvedByReport.length) effects.push({ type: 'resolve', keys: resolvedByReport, at: now, resolution: 'report' });
  const stillOpen = state.openEscalations.filter((e) => !resolveNow.includes(e.key));
  const offTrackStreak = offTrack ? state.offTrackStreak + 1 : 0;
  if (offTrack) {
    const level = Math.min(offTrackStreak, 2, state.settings.escalationLadder.length);
    const step = state.settings.escalationLadder[level - 1];
    const key = `off-track:${report.reportId}`;
    stillOpen.push({ key, level, cause: 'off_track' });
    effects.push({
      type: 'record',
      row: {
        key,
        kind: 'escalation',
        phase: state.phase,
        dueAt: now,
        firedAt: now,
        level,
        body: step?.body ?? 'operational',
        recipientUserId: state.ownerId,
        outcome: null,
        deadlineKey: null,
        note: offTrackStreak > 1 ? `Off track ${offTrackStreak} reports in a row` : 'Report says off track',
      },
    });
  }
  return {
    state: {
      ...state,
      lastReportAt: submittedAt,
      openMisses: [],
      openEscalations: stillOpen,
      offTrackStreak,
      fired: offTrack ? [...state.fired, `off-track:${report.reportId}`] : state.fired,
      appliedReports: [...state.appliedReports, report.reportId].slice(-200),
    },
    effects,
  };
}

export function pauseProblem(state: LifecycleState, reason: string): string | null {
  if (hasEnded(state)) return endedProblem(state, 'there is nothing to pause');
  if (state.status === 'paused') return `The activity is already paused (since ${new Date(state.pausedAt!).toISOString()}: ${state.pauseReason}).`;
  if (typeof reason !== 'string' || !reason.trim()) return 'reason is required: say why the activity is paused';
  if (reason.length > 1000) return 'reason must be at most 1000 characters';
  return null;
}

/** Stops the clock: nothing fires until resumed, and then everything later moves by the pause. */
export function pause(state: LifecycleState, reason: string, now: number): Transition {
  return { state: { ...state, status: 'paused', pausedAt: now, pauseReason: reason.trim() }, effects: [] };
}

export function resumeProblem(state: LifecycleState): string | null {
  if (state.status !== 'paused') return hasEnded(state) ? endedProblem(state) : 'The activity is not paused.';
  return null;
}

export function resume(state: LifecycleState, now: number): Transition {
  const pausedFor = Math.max(0, now - (state.pausedAt ?? now));
  return {
    state: { ...state, status: 'active', pausedAt: null, pauseReason: null, shiftMs: state.shiftMs + pausedFor },
    effects: [],
  };
}

/**
 * Why a plan change cannot apply, or null. `cadenceAtLeastADay: false` is the rule from before
 * cadences had to be at least a day (any positive duration), kept for workflows replaying that code.
 */
export function planChangeProblem(state: LifecycleState, change: PlanChange, options: { cadenceAtLeastADay?: boolean } = {}): string | null {
  const dailyCadence = options.cadenceAtLeastADay ?? true;
  if (hasEnded(state)) return endedProblem(state, 'its plan can no longer change');
  if (!change || !Array.isArray(change.phases) || change.phases.length === 0) return 'phases must list at least one phase to change';
  const currentIndex = PHASE_KINDS.indexOf(state.phase);
  const seen = new Set<string>();
  for (const [i, p] of change.phases.entries()) {
    const at = `phases[${i}]`;
    if (!(PHASE_KINDS as readonly string[]).includes(p.kind)) return `${at}.kind must be one of ${PHASE_KINDS.join(', ')}`;
    if (seen.has(p.kind)) return `${at}.kind: ${p.kind} is listed twice`;
    seen.add(p.kind);
    if (PHASE_KINDS.indexOf(p.kind) < currentIndex) return `${at}: the ${p.kind} phase is already over; only the current and later phases can change`;
    if (p.startDate !== undefined && !isCalendarDate(p.startDate)) return `${at}.startDate must be a date (YYYY-MM-DD)`;
    if (p.targetDate !== undefined && !isCalendarDate(p.targetDate)) return `${at}.targetDate must be a date (YYYY-MM-DD)`;
    if (p.followUpEvery !== undefined) {
      const cadence = dailyCadence
        ? cadenceProblem(p.followUpEvery, `${at}.followUpEvery`)
        : isIsoDuration(p.followUpEvery) && isPositive(parseDuration(p.followUpEvery))
          ? null
          : `${at}.followUpEvery must be a positive ISO-8601 duration such as P4W or P1M`;
      if (cadence) return cadence;
    }
    if (p.startDate === undefined && p.targetDate === undefined && p.followUpEvery === undefined) {
      return `${at} changes nothing: give startDate, targetDate or followUpEvery`;
    }
  }
  const merged = mergePlan(state.plan, change);
  for (const p of merged) {
    // A phase planned before cadences had to be at least a day keeps running as it is, but a change
    // to it must bring a cadence that is one.
    if (dailyCadence && change.phases.some((c) => c.kind === p.kind) && !isCadence(p.followUpEvery)) {
      return `${cadenceProblem(p.followUpEvery, `the ${p.kind} phase's cadence`)}; give followUpEvery too, such as P4W`;
    }
    if (p.targetDate <= p.startDate) return `the ${p.kind} phase would end (${p.targetDate}) before it starts (${p.startDate})`;
  }
  for (let i = 1; i < merged.length; i++) {
    if (merged[i].startDate < merged[i - 1].targetDate) {
      return `the ${merged[i].kind} phase would start (${merged[i].startDate}) before the ${merged[i - 1].kind} phase ends (${merged[i - 1].targetDate})`;
    }
  }
  return null;
}

function mergePlan(plan: PlanPhase[], change: PlanChange): PlanPhase[] {
  return plan.map((p) => {
    const c = change.phases.find((x) => x.kind === p.kind);
    return c
      ? { ...p, startDate: c.startDate ?? p.startDate, targetDate: c.targetDate ?? p.targetDate, followUpEvery: c.followUpEvery ?? p.followUpEvery }
      : p;
  });
}

/** New dates or cadence apply to what has not fired yet; nothing already past is fired late. */
export function changePlan(state: LifecycleState, change: PlanChange, now: number): Transition {
  const plan = mergePlan(state.plan, change);
  return {
    state: { ...state, plan, notBefore: Math.max(state.notBefore, now) },
    effects: [{ type: 'savePlan', phases: plan.filter((p) => change.phases.some((c) => c.kind === p.kind)) }],
  };
}

export function completePhaseProblem(state: LifecycleState, phase: PhaseKind | undefined): string | null {
  if (hasEnded(state)) return endedProblem(state);
  if (phase !== undefined && phase !== state.phase) {
    return `The current phase is ${state.phase}; ${phase} cannot be completed now.`;
  }
  return null;
}

/** Ends the current phase now; after the long phase, the activity is completed. */
export function completePhase(state: LifecycleState, now: number): Transition {
  return { state: advancePhase({ ...state, pausedAt: null, pauseReason: null, status: state.status === 'paused' ? 'active' : state.status }, now), effects: [] };
}

export function reassignProblem(state: LifecycleState, ownerId: string | null): string | null {
  if (hasEnded(state)) return endedProblem(state);
  if (ownerId !== null && (typeof ownerId !== 'string' || !/^[0-9a-f-]{36}$/i.test(ownerId))) return 'ownerId must be a user id';
  if (ownerId === state.ownerId) return 'That user already owns the activity.';
  return null;
}

export function reassignOwner(state: LifecycleState, ownerId: string | null): Transition {
  return { state: { ...state, ownerId }, effects: [] };
}

/** Completed or cancelled: the follow-up has ended, and takes no more messages. */
export function hasEnded(state: LifecycleState): boolean {
  return state.status === 'completed' || state.status === 'cancelled';
}

/** Why a message cannot apply to an ended activity, e.g. "The activity is completed; it takes no more reports." */
export function endedProblem(state: LifecycleState, consequence?: string): string {
  const what = state.status === 'cancelled' ? `The activity is cancelled${state.cancelReason ? ` (${state.cancelReason})` : ''}` : 'The activity is completed';
  return consequence ? `${what}; ${consequence}.` : `${what}.`;
}

export function cancelProblem(state: LifecycleState, reason: unknown): string | null {
  if (hasEnded(state)) return endedProblem(state, 'there is nothing to cancel');
  if (typeof reason !== 'string' || reason.trim().length < 3) return 'reason is required: say why the activity is cancelled (at least 3 characters)';
  return null;
}

/**
 * Cancels the activity: its follow-up ends now. What is open (missed deadlines, escalations) is
 * resolved as cancelled, so that no dashboard keeps waiting for a report that will never come.
 */
export function cancel(state: LifecycleState, reason: string, now: number): Transition {
  const closed = resolveOpen(state, now, 'cancelled');
  return { state: { ...closed.state, status: 'cancelled', cancelReason: reason.trim(), pausedAt: null, pauseReason: null }, effects: closed.effects };
}

/** Resolves every missed deadline and escalation still open, as `resolution`: for when the follow-up ends. */
export function resolveOpen(state: LifecycleState, now: number, resolution: 'cancelled' | 'completed'): Transition {
  const open = [...state.openMisses.map((m) => m.key), ...state.openEscalations.map((e) => e.key)];
  return {
    state: { ...state, openMisses: [], openEscalations: [] },
    effects: open.length ? [{ type: 'resolve', keys: open, at: now, resolution }] : [],
  };
}

// ---- what the API and dashboards see ----------------------------------------------------------

export interface LifecycleView {
  activityId: string;
  phase: PhaseKind;
  /** `starting` only in the moment before the workflow has loaded its plan. */
  status: LifecycleStatus | 'starting';
  paused: { since: string; reason: string } | null;
  nextDeadline: string | null;
  escalationLevel: number;
  lastReportAt: string | null;
  upcoming: { kind: AgendaItemKind; at: string; level?: number; phase: PhaseKind }[];
  /** Only for simulations (see the workflow's `simulatedStart`): business time minus real time. */
  clockOffsetMs?: number;
}

export function escalationLevel(state: LifecycleState): number {
  return state.openEscalations.reduce((max, e) => Math.max(max, e.level), 0);
}

/** How many items of the agenda `view` shows (and the workflow writes to PostgreSQL). */
const PUBLISHED_AGENDA = 20;

export function view(state: LifecycleState, now: number): LifecycleView {
  const items = agenda(state, now, PUBLISHED_AGENDA);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    activityId: state.activityId,
    phase: state.phase,
    status: state.status,
    paused: state.status === 'paused' ? { since: iso(state.pausedAt!), reason: state.pauseReason ?? '' } : null,
    nextDeadline: items.find((i) => i.kind === 'deadline') ? iso(items.find((i) => i.kind === 'deadline')!.at) : null,
    escalationLevel: escalationLevel(state),
    lastReportAt: state.lastReportAt === null ? null : iso(state.lastReportAt),
    upcoming: items.map((i) => ({ kind: i.kind, at: iso(i.at), phase: i.phase, ...(i.level ? { level: i.level } : {}) })),
  };
}
