/**
 * The messages of the activity lifecycle workflow, defined once and imported by the API. Each update
 * has a validator in the workflow that rejects what cannot apply, with a reason a person can act on.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { FollowUpRevision, LifecycleView, PhaseKind, PlanChange, ReportInput } from '@app/domain';

export type { FollowUpRevision } from '@app/domain';

export interface PauseInput {
  reason: string;
}

export interface CompletePhaseInput {
  /** The phase the caller means to complete; rejected unless it is the current one. */
  phase?: PhaseKind;
}

export interface CancelInput {
  reason: string;
}

export interface ReassignOwnerInput {
  ownerId: string | null;
}

export const submitReportUpdate = defineUpdate<LifecycleView, [ReportInput]>('submitReport');

/** A report of a batch that the workflow did not apply, and why (the activity has ended, say). */
export interface RefusedReport {
  reportId: string;
  reason: string;
}

/** What `submitReports` answers: the state after the whole batch, and the reports it refused. */
export interface ReportsOutcome {
  view: LifecycleView;
  refused: RefusedReport[];
}

/** The most reports one `submitReports` update carries. */
export const MAX_REPORTS_PER_UPDATE = 100;

/**
 * Several reports of one activity in one update (the outbox's pending reports, coalesced), applied in
 * the order given, each once by its id, exactly as one `submitReport` each would be. A report that
 * cannot apply is refused alone, with its reason in `refused`; the others apply.
 */
export const submitReportsUpdate = defineUpdate<ReportsOutcome, [ReportInput[]]>('submitReports');
export const pauseUpdate = defineUpdate<LifecycleView, [PauseInput]>('pause');
export const resumeUpdate = defineUpdate<LifecycleView, []>('resume');
export const changePlanUpdate = defineUpdate<LifecycleView, [PlanChange]>('changePlan');
export const completePhaseUpdate = defineUpdate<LifecycleView, [CompletePhaseInput]>('completePhase');
export const reassignOwnerUpdate = defineUpdate<LifecycleView, [ReassignOwnerInput]>('reassignOwner');
export const cancelUpdate = defineUpdate<LifecycleView, [CancelInput]>('cancel');
/**
 * The delmål of some phases and/or the agreement's reminder offsets and escalation ladder, as they are
 * now in PostgreSQL (the API writes there first). What has fired stays fired; a moved delmål gets its
 * new deadline, a removed one no longer fires. Sending the same revision again changes nothing.
 */
export const reviseFollowUpUpdate = defineUpdate<LifecycleView, [FollowUpRevision]>('reviseFollowUp');
export const stateQuery = defineQuery<LifecycleView>('state');
/**
 * Writes the workflow's agenda to PostgreSQL now, even when nothing changed: the worker asks it of
 * workflows that have not written one yet (they started before the agenda table). Answers the state.
 */
export const refreshAgendaUpdate = defineUpdate<LifecycleView, []>('refreshAgenda');

/** The error type a validator rejects with; the API answers such a rejection with 409 and its message. */
export const UPDATE_REJECTED = 'UpdateRejected';

/**
 * The workflow id of an activity: one workflow per activity, named by its business id (a uuid, so
 * unique over every agreement on the installation, unlike an activity's key such as `mbu`).
 */
export function lifecycleWorkflowId(activityId: string): string {
  return `activity-${activityId}`;
}
