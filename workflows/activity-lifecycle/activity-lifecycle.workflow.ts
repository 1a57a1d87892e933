import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  adoptRemindersAtEight,
  applyReport,
  cancel,
  cancelProblem,
  changePlan,
  completePhase,
  completePhaseProblem,
  Effect,
  escalationLevel,
  fire,
  hasEnded,
  initialState,
  LifecycleState,
  LifecycleView,
  nextItem,
  pause,
  pauseProblem,
  planChangeProblem,
  reassignOwner,
  reassignProblem,
  reportInstant,
  reportProblem,
  resolveOpen,
  resume,
  resumeProblem,
  reviseFollowUp,
  revisionProblem,
  Transition,
  view,
} from '@app/domain';
import type { ActivityLifecycleSteps, ActivitySnapshot } from './activity-lifecycle.steps';
import {
  cancelUpdate,
  changePlanUpdate,
  completePhaseUpdate,
  pauseUpdate,
  reassignOwnerUpdate,
  refreshAgendaUpdate,
  resumeUpdate,
  reviseFollowUpUpdate,
  stateQuery,
  MAX_REPORTS_PER_UPDATE,
  submitReportsUpdate,
  submitReportUpdate,
  UPDATE_REJECTED,
} from './activity-lifecycle.messages';

export interface ActivityLifecycleInput {
  activityId: string;
  /**
   * Simulations and tests only: the business time (ISO) at which the workflow starts, so that a
   * plan from 2023 can be lived through on a server whose clock says 2026. Production leaves it out.
   */
  simulatedStart?: string;
  /** Carried over by continue-as-new. */
  carried?: { state: LifecycleState; clockOffsetMs: number };
}

export interface ActivityLifecycleResult {
  activityId: string;
  status: string;
}

const steps = proxyActivities<ActivityLifecycleSteps>({
  startToCloseTimeout: '30 seconds',
  // Retried until it succeeds (a database that is down must not lose an escalation); each step is idempotent.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

type Command =
  | { type: 'report'; input: Parameters<typeof applyReport>[1] }
  | { type: 'pause'; reason: string }
  | { type: 'resume' }
  | { type: 'changePlan'; input: Parameters<typeof changePlan>[1] }
  | { type: 'completePhase'; phase?: Parameters<typeof completePhaseProblem>[1] }
  | { type: 'reassignOwner'; ownerId: string | null }
  | { type: 'cancel'; reason: string }
  | { type: 'reviseFollowUp'; revision: Parameters<typeof reviseFollowUp>[1] };

/**
 * Why `command` cannot apply, or null. Validators judge by today's rules (`applying` false); the loop
 * that applies a command judges a plan change by the rule its history was written under.
 */
function problemOf(state: LifecycleState, command: Command, applying = false): string | null {
  switch (command.type) {
    case 'report':
      return reportProblem(state, command.input);
    case 'pause':
      return pauseProblem(state, command.reason);
    case 'resume':
      return resumeProblem(state);
    case 'changePlan':
      return planChangeProblem(state, command.input, { cadenceAtLeastADay: !applying || patched(CADENCE_AT_LEAST_A_DAY) });
    case 'completePhase':
      return completePhaseProblem(state, command.phase);
    case 'reassignOwner':
      return reassignProblem(state, command.ownerId);
    case 'cancel':
      return cancelProblem(state, command.reason);
    case 'reviseFollowUp':
      return revisionProblem(state, command.revision);
  }
}

function apply(state: LifecycleState, command: Command, now: number): Transition {
  switch (command.type) {
    case 'report':
      // Judged by when it was submitted, not when it arrived (see REPORT_BY_SUBMISSION_TIME).
      return applyReport(state, command.input, now, patched(REPORT_BY_SUBMISSION_TIME) ? reportInstant(state, command.input, now) : now);
    case 'pause':
      return pause(state, command.reason, now);
    case 'resume':
      return resume(state, now);
    case 'changePlan':
      return changePlan(state, command.input, now);
    case 'completePhase':
      return completePhase(state, now);
    case 'reassignOwner':
      return reassignOwner(state, command.ownerId);
    case 'cancel':
      return cancel(state, command.reason, now);
    case 'reviseFollowUp':
      // Only workflows that took a revision carry the marker; histories without one replay unchanged.
      return patched(FOLLOW_UP_REVISION) ? reviseFollowUp(state, command.revision, now) : { state, effects: [] };
  }
}

function startingView(activityId: string): LifecycleView {
  return { activityId, phase: 'short', status: 'starting', paused: null, nextDeadline: null, escalationLevel: 0, lastReportAt: null, upcoming: [] };
}

/**
 * Patch: when the activity completes, what is still open (missed deadlines, escalations) is resolved
 * as completed. Workflows that completed before this change did not; their histories replay unchanged.
 */
const RESOLVE_OPEN_ON_COMPLETION = 'resolve-open-on-completion';

/**
 * Patch: a report counts from its `submittedAt`, so one submitted before a deadline but delivered
 * after its timer fired (Temporal was away) turns the miss into "met, in time". Workflows that took
 * reports before this change counted them when they arrived; their histories replay unchanged.
 */
const REPORT_BY_SUBMISSION_TIME = 'report-by-submission-time';

/**
 * Patch: a plan change must leave the cadence at least a day (`cadenceProblem`). A plan change that a
 * workflow applied before this rule existed replays as it was applied.
 */
const CADENCE_AT_LEAST_A_DAY = 'cadence-at-least-a-day';

/**
 * Patch: the workflow takes `reviseFollowUp` (delmål and the agreement's reminder offsets and ladder
 * changed in PostgreSQL). Its marker is written where a workflow first applies a revision.
 */
const FOLLOW_UP_REVISION = 'follow-up-revision';

/**
 * Patch: the sync step also writes the workflow's agenda (what comes next) to PostgreSQL, for the
 * read side (calendar feeds, the digest, the activity page). Histories from before it replay with
 * the snapshot they had.
 */
const AGENDA_IN_POSTGRES = 'agenda-in-postgres';

/**
 * Patch: reminders go at 08:00 Swedish time on a working day, not at midnight (`reminderAt`). A
 * workflow takes the rule up where it first meets this patch; the reminders it had already announced
 * (its agenda then, as written to PostgreSQL) keep their time. Histories from before replay unchanged.
 */
const REMINDERS_AT_EIGHT = 'reminders-at-eight';

function rejected(message: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: UPDATE_REJECTED, nonRetryable: true });
}

/**
 * One workflow per activity (id `activity-<id>`), for up to four years: it sleeps until the next
 * deadline, reminder or escalation, fires it (writing its row through an idempotent step), and
 * applies reports, pauses and plan changes as they come. All decisions are the pure functions of
 * `@app/domain`'s lifecycle; this function only keeps time, order and history.
 */
export async function activityLifecycleWorkflow(input: ActivityLifecycleInput): Promise<ActivityLifecycleResult> {
  const clockOffsetMs =
    input.carried?.clockOffsetMs ?? (input.simulatedStart ? Date.parse(input.simulatedStart) - Date.now() : 0);
  const now = () => Date.now() + clockOffsetMs;

  // Undefined only until the plan is loaded, at the very start.
  let state = input.carried?.state as LifecycleState;

  // Messages are queued and applied one at a time by the loop below, so a report can never slip in
  // between an escalation's decision and its row. Each handler returns once its command is applied.
  const inbox: { id: number; command: Command }[] = [];
  const outcomes = new Map<number, string | null>();
  let received = 0;
  const submit = async (command: Command): Promise<LifecycleView> => {
    const id = ++received;
    await condition(() => state !== undefined);
    inbox.push({ id, command });
    await condition(() => outcomes.has(id));
    const problem = outcomes.get(id);
    outcomes.delete(id);
    if (problem) throw rejected(problem);
    return view(state, now());
  };
  /** Queues commands one after another, and answers each one's problem (null: applied) once all are applied. */
  const submitAll = async (commands: Command[]): Promise<(string | null)[]> => {
    const ids = commands.map(() => ++received);
    await condition(() => state !== undefined);
    commands.forEach((command, i) => inbox.push({ id: ids[i], command }));
    await condition(() => ids.every((id) => outcomes.has(id)));
    return ids.map((id) => {
      const problem = outcomes.get(id) ?? null;
      outcomes.delete(id);
      return problem;
    });
  };
  const validate = (command: Command) => {
    if (state === undefined) return; // checked again when applied, once the plan is loaded
    const problem = problemOf(state, command);
    if (problem) throw rejected(problem);
  };

  setHandler(stateQuery, () => ({
    ...(state === undefined ? startingView(input.activityId) : view(state, now())),
    ...(clockOffsetMs ? { clockOffsetMs } : {}),
  }));
  setHandler(submitReportUpdate, (report) => submit({ type: 'report', input: report }), {
    validator: (report) => validate({ type: 'report', input: report }),
  });
  // A batch is refused whole only when it is no batch; each report in it is judged when it applies.
  setHandler(
    submitReportsUpdate,
    async (reports) => {
      const problems = await submitAll(reports.map((report) => ({ type: 'report', input: report })));
      const refused = reports.flatMap((report, i) => (problems[i] ? [{ reportId: report.reportId, reason: problems[i]! }] : []));
      return { view: view(state, now()), refused };
    },
    {
      validator: (reports) => {
        if (!Array.isArray(reports) || reports.length === 0) throw rejected('reports must be a non-empty list');
        if (reports.length > MAX_REPORTS_PER_UPDATE) throw rejected(`at most ${MAX_REPORTS_PER_UPDATE} reports in one update`);
        if (reports.some((r) => typeof r !== 'object' || r === null)) throw rejected('each report must be an object');
      },
    },
  );
  setHandler(pauseUpdate, (p) => submit({ type: 'pause', reason: p?.reason }), {
    validator: (p) => validate({ type: 'pause', reason: p?.reason }),
  });
  setHandler(resumeUpdate, () => submit({ type: 'resume' }), { validator: () => validate({ type: 'resume' }) });
  setHandler(changePlanUpdate, (change) => submit({ type: 'changePlan', input: change }), {
    validator: (change) => validate({ type: 'changePlan', input: change }),
  });
  setHandler(completePhaseUpdate, (c) => submit({ type: 'completePhase', phase: c?.phase }), {
    validator: (c) => validate({ type: 'completePhase', phase: c?.phase }),
  });
  setHandler(reassignOwnerUpdate, (r) => submit({ type: 'reassignOwner', ownerId: r?.ownerId }), {
    validator: (r) => validate({ type: 'reassignOwner', ownerId: r?.ownerId }),
  });
  setHandler(cancelUpdate, (c) => submit({ type: 'cancel', reason: c?.reason }), {
    validator: (c) => validate({ type: 'cancel', reason: c?.reason }),
  });
  setHandler(reviseFollowUpUpdate, (revision) => submit({ type: 'reviseFollowUp', revision }), {
    validator: (revision) => validate({ type: 'reviseFollowUp', revision }),
  });

  const perform = async (effects: Effect[]) => {
    for (const effect of effects) {
      if (effect.type === 'record') {
        const r = effect.row;
        await steps.recordFollowUpEvent(state.activityId, {
          ...r,
          dueAt: new Date(r.dueAt).toISOString(),
          firedAt: new Date(r.firedAt).toISOString(),
        });
      } else if (effect.type === 'resolve') {
        await steps.resolveFollowUpEvents(state.activityId, effect.keys, new Date(effect.at).toISOString(), effect.resolution);
      } else if (effect.type === 'correctMiss') {
        const c = effect.correction;
        await steps.correctMissedDeadline(state.activityId, {
          deadlineKey: c.deadlineKey,
          escalationKeys: c.escalationKeys,
          submittedAt: new Date(c.submittedAt).toISOString(),
          correctedAt: new Date(c.at).toISOString(),
        });
      } else {
        await steps.savePlan(state.activityId, effect.phases);
      }
    }
  };

  /** Takes a transition; when it completes the activity, resolves what is still open. */
  const take = async (t: Transition) => {
    const wasCompleted = state.status === 'completed';
    state = t.state;
    await perform(t.effects);
    if (!wasCompleted && state.status === 'completed' && patched(RESOLVE_OPEN_ON_COMPLETION)) {
      const closing = resolveOpen(state, now(), 'completed');
      state = closing.state;
      await perform(closing.effects);
    }
  };

  let synced = '';
  // refreshAgenda asks the loop to sync once more; answered when it has (or the follow-up has ended).
  let agendaAsked = 0;
  let agendaRefreshed = 0;
  setHandler(refreshAgendaUpdate, async () => {
    const ticket = ++agendaAsked;
    await condition(() => state !== undefined && (agendaRefreshed >= ticket || hasEnded(state)));
    return view(state, now());
  });
  const sync = async () => {
    const v = view(state, now());
    const snapshot: ActivitySnapshot = {
      activityId: state.activityId,
      phase: state.phase,
      status: state.status,
      ownerId: state.ownerId,
      nextDeadlineAt: v.nextDeadline,
      escalationLevel: escalationLevel(state),
      pausedAt: state.pausedAt === null ? null : new Date(state.pausedAt).toISOString(),
      pauseReason: state.pauseReason,
      // The agenda for the read side in PostgreSQL (see AGENDA_IN_POSTGRES).
      ...(patched(AGENDA_IN_POSTGRES) ? { agenda: v.upcoming, clockOffsetMs } : {}),
    };
    const text = JSON.stringify(snapshot);
    if (text !== synced) {
      await steps.syncActivity(snapshot);
      synced = text;
    }
  };

  if (state === undefined) {
    const loaded = await steps.loadPlan(input.activityId);
    if (loaded.status !== 'active') return { activityId: input.activityId, status: loaded.status };
    // A new workflow sends every reminder at 08:00 (REMINDERS_AT_EIGHT).
    state = initialState({ ...loaded, now: now(), remindersAtEight: patched(REMINDERS_AT_EIGHT) });
  }
  // A running one takes the rule up where it first meets the patch; until then each turn asks again.
  const remindersAtEight = () => {
    if (state.remindersAtEightAfter === undefined) state = adoptRemindersAtEight(state, now(), patched(REMINDERS_AT_EIGHT));
  };
  remindersAtEight();
  await sync();
  for (;;) {
    remindersAtEight();
    if (agendaRefreshed < agendaAsked) {
      // refreshAgenda: write the agenda even when nothing changed (a workflow from before the agenda
      // table, or a table that lost its rows).
      const asked = agendaAsked;
      synced = '';
      await sync();
      agendaRefreshed = asked;
    }
    while (inbox.length > 0) {
      const { id, command } = inbox.shift()!;
      const problem = problemOf(state, command, true); // the state may have moved since the validator ran
      if (!problem) {
        await take(apply(state, command, now()));
      }
      await sync(); // the database shows the change before the caller hears of it
      outcomes.set(id, problem);
    }
    if (hasEnded(state)) break; // completed or cancelled

    const item = nextItem(state, now());
    if (item && item.at <= now()) {
      await take(fire(state, item, now()));
      await sync();
      continue;
    }

    if (workflowInfo().continueAsNewSuggested && allHandlersFinished()) {
      await continueAsNew<typeof activityLifecycleWorkflow>({ activityId: state.activityId, carried: { state, clockOffsetMs } });
    }
    const wake = () => inbox.length > 0 || agendaRefreshed < agendaAsked || (workflowInfo().continueAsNewSuggested && allHandlersFinished());
    if (item) await condition(wake, Math.max(1, item.at - now()));
    else await condition(wake); // paused: nothing is due until a message comes
  }

  // Let every update that is still being answered finish before the workflow closes.
  await condition(allHandlersFinished);
  return { activityId: state.activityId, status: state.status };
}
