/**
 * The steps (Temporal activity functions) the lifecycle workflow calls, as types only: the workflow
 * bundle must not contain I/O. The worker implements them (libs/temporal, `createActivityLifecycleSteps`);
 * each is idempotent, because Temporal retries steps.
 */
import type { FollowUpSettings, LifecycleStatus, LifecycleView, PhaseKind, PlanPhase } from '@app/domain';

export interface LoadedPlan {
  activityId: string;
  /** `missing` when the activity no longer exists; the workflow then ends. */
  status: 'active' | 'completed' | 'cancelled' | 'missing';
  ownerId: string | null;
  phase: PhaseKind;
  plan: PlanPhase[];
  settings: FollowUpSettings;
}

/** A fired deadline, reminder or escalation; instants as ISO strings. */
export interface FollowUpRowInput {
  key: string;
  kind: 'deadline' | 'reminder' | 'escalation';
  phase: PhaseKind;
  dueAt: string;
  firedAt: string;
  level: number | null;
  body: string | null;
  recipientUserId: string | null;
  outcome: 'met' | 'missed' | null;
  deadlineKey: string | null;
  note: string | null;
}

export interface ActivitySnapshot {
  activityId: string;
  phase: PhaseKind;
  status: LifecycleStatus;
  ownerId: string | null;
  nextDeadlineAt: string | null;
  escalationLevel: number;
  pausedAt: string | null;
  pauseReason: string | null;
  /**
   * What the workflow has coming, as its `state` query shows it (`LifecycleView.upcoming`), written to
   * activity_agenda_item. Absent in the steps of workflows that ran before it (patch agenda-in-postgres).
   */
  agenda?: LifecycleView['upcoming'];
  /** Simulations only: business time minus real time. */
  clockOffsetMs?: number;
}

/** A missed deadline that a report submitted in time turns into "met"; instants as ISO strings. */
export interface MissCorrectionInput {
  deadlineKey: string;
  escalationKeys: string[];
  submittedAt: string;
  correctedAt: string;
}

export interface ActivityLifecycleSteps {
  loadPlan(activityId: string): Promise<LoadedPlan>;
  /** Writes the row once: a retry or a replay after a crash finds it there and writes nothing. */
  recordFollowUpEvent(activityId: string, row: FollowUpRowInput): Promise<void>;
  /** Marks the rows with these keys resolved, unless already resolved. */
  resolveFollowUpEvents(activityId: string, keys: string[], resolvedAt: string, resolution: string): Promise<void>;
  /**
   * Marks the missed deadline met (in time), resolves its escalations as `reported_in_time`, and tells
   * everyone who was told of them. Idempotent: a second run finds the deadline met and tells no one twice.
   */
  correctMissedDeadline(activityId: string, correction: MissCorrectionInput): Promise<void>;
  /** Saves phase dates and cadence decided by a plan change. */
  savePlan(activityId: string, phases: PlanPhase[]): Promise<void>;
  /** Keeps the activity row's phase, status, owner, next deadline and escalation level current. */
  syncActivity(snapshot: ActivitySnapshot): Promise<void>;
}
