import {
  Client,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import type { LifecycleView, ReportInput } from '@app/domain';
import { activityLifecycleWorkflow, ActivityLifecycleInput } from '@app/workflows/activity-lifecycle/activity-lifecycle.workflow';
import { lifecycleWorkflowId, refreshAgendaUpdate, reviseFollowUpUpdate, stateQuery, submitReportsUpdate, UPDATE_REJECTED } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import type { FollowUpRevision, ReportsOutcome } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';

export type LifecycleErrorCode = 'REJECTED' | 'NOT_RUNNING' | 'UNAVAILABLE';

/** Why a message to an activity's workflow did not apply. */
export class LifecycleError extends Error {
  constructor(
    readonly code: LifecycleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LifecycleError';
  }
}

function translate(error: unknown, activityId: string): never {
  if (error instanceof LifecycleError) throw error;
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === UPDATE_REJECTED) {
    throw new LifecycleError('REJECTED', error.cause.message);
  }
  if (error instanceof WorkflowNotFoundError || (error instanceof Error && /workflow execution already completed|not found/i.test(error.message))) {
    throw new LifecycleError('NOT_RUNNING', `The follow-up workflow of activity ${activityId} is not running (the activity may be completed).`);
  }
  if (error instanceof ServiceError || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || (error instanceof Error && /UNAVAILABLE|DEADLINE_EXCEEDED|connect/i.test(error.message))) {
    throw new LifecycleError('UNAVAILABLE', 'Temporal does not answer right now; try again in a moment.');
  }
  throw error;
}

export interface EnsureStartedOptions {
  /** Starts in flight at once (default 16): Temporal takes a few hundred a second here, not one at a time. */
  concurrency?: number;
  /** Keep trying while Temporal is UNAVAILABLE, pausing 0.5, 1, 2 … up to `maxBackoffMs` (default 30 s); else the first such error ends the call. */
  untilAvailable?: boolean;
  maxBackoffMs?: number;
  /** Ends the waiting of `untilAvailable` (a worker shutting down). */
  signal?: AbortSignal;
  onProgress?: (started: number) => void;
  onUnavailable?: (pauseMs: number) => void;
}

/**
 * Starts, asks and tells the activity lifecycle workflows. Every call gives up after `timeoutMs` (its
 * gRPC deadline, so nothing keeps running after the caller has been answered) with an UNAVAILABLE
 * LifecycleError.
 */
export class ActivityLifecycleClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly timeoutMs = 5000,
  ) {}

  private bounded<T>(call: () => Promise<T>): Promise<T> {
    return this.client.withDeadline(Date.now() + this.timeoutMs, call);
  }

  /**
   * Starts the workflow of an activity. Starting one that runs already is a no-op, and so is starting
   * one that has completed: an activity's follow-up runs once (only a failed or terminated one may be
   * started again). Answers whether a workflow runs now.
   */
  async start(activityId: string, options: Pick<ActivityLifecycleInput, 'simulatedStart'> = {}): Promise<boolean> {
    try {
      await this.bounded(() =>
        this.client.workflow.start(activityLifecycleWorkflow, {
          workflowId: lifecycleWorkflowId(activityId),
          taskQueue: this.taskQueue,
          args: [{ activityId, ...options }],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return false; // it ran to its end already
      translate(error, activityId);
    }
  }

  /**
   * Starts each activity's workflow unless it runs already, `concurrency` at a time; returns how many it
   * asked for. With `untilAvailable`, Temporal being away pauses it (with back-off) instead of ending it.
   */
  async ensureStarted(activityIds: string[], options: EnsureStartedOptions = {}): Promise<number> {
    return this.eachOf(activityIds, (id) => this.start(id), options);
  }

  /**
   * Asks each activity's workflow to write its agenda to PostgreSQL now (`refreshAgenda`), as
   * `ensureStarted` starts them: `concurrency` at a time, riding out Temporal being away with
   * `untilAvailable`. A workflow that has ended is skipped.
   */
  async refreshAgendas(activityIds: string[], options: EnsureStartedOptions = {}): Promise<number> {
    return this.eachOf(
      activityIds,
      async (id) => {
        try {
          await this.update(id, refreshAgendaUpdate);
        } catch (error) {
          if (!(error instanceof LifecycleError && error.code === 'NOT_RUNNING')) throw error;
        }
      },
      options,
    );
  }

  /** Runs `work` for each activity, `concurrency` at a time, with back-off on UNAVAILABLE when asked. */
  private async eachOf(activityIds: string[], work: (activityId: string) => Promise<unknown>, options: EnsureStartedOptions): Promise<number> {
    const concurrency = Math.max(1, options.concurrency ?? 16);
    const maxBackoffMs = options.maxBackoffMs ?? 30_000;
    const one = async (id: string) => {
      for (let attempt = 0; ; attempt++) {
        try {
          await work(id);
          return;
        } catch (error) {
          const unavailable = error instanceof LifecycleError && error.code === 'UNAVAILABLE';
          if (!unavailable || !options.untilAvailable || options.signal?.aborted) throw error;
          const pause = Math.min(maxBackoffMs, 500 * 2 ** attempt);
          options.onUnavailable?.(pause);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pause);
            options.signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
          });
        }
      }
    };
    let next = 0;
    let done = 0;
    let failed = false;
    const runner = async () => {
      while (!failed && next < activityIds.length) {
        try {
          await one(activityIds[next++]);
        } catch (error) {
          failed = true; // the other runners stop too
          throw error;
        }
        options.onProgress?.(++done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, activityIds.length) }, runner));
    return activityIds.length;
  }

  async state(activityId: string): Promise<LifecycleView> {
    try {
      return await this.bounded(() => this.client.workflow.getHandle(lifecycleWorkflowId(activityId)).query(stateQuery));
    } catch (error) {
      translate(error, activityId);
    }
  }

  /**
   * The deadlines the activity's workflow has coming (for digests and calendar feeds); null when its
   * follow-up does not run (completed, say). Rejects with an UNAVAILABLE LifecycleError when Temporal
   * does not answer, so that callers say so rather than show an empty list.
   */
  async upcomingDeadlines(activityId: string): Promise<{ deadlines: string[]; clockOffsetMs: number } | null> {
    try {
      const view = await this.state(activityId);
      return { deadlines: view.upcoming.filter((i) => i.kind === 'deadline').map((i) => i.at), clockOffsetMs: view.clockOffsetMs ?? 0 };
    } catch (error) {
      if (error instanceof LifecycleError && error.code === 'NOT_RUNNING') return null;
      throw error;
    }
  }

  /** Sends an update and waits until the workflow has applied it; answers the new state. */
  async update<Args extends unknown[]>(
    activityId: string,
    update: UpdateDefinition<LifecycleView, Args>,
    ...args: Args
  ): Promise<LifecycleView> {
    try {
      const handle = this.client.workflow.getHandle(lifecycleWorkflowId(activityId));
      return await this.bounded(() => handle.executeUpdate(update as unknown as UpdateDefinition<LifecycleView, [unknown]>, { args: args as unknown as [unknown] }));
    } catch (error) {
      translate(error, activityId);
    }
  }

  /**
   * Sends several reports of one activity in one update, applied in order; answers the state after them
   * and the reports the workflow refused, each with its reason. A workflow that does not run is a
   * NOT_RUNNING LifecycleError.
   */
  async submitReports(activityId: string, reports: ReportInput[]): Promise<ReportsOutcome> {
    try {
      const handle = this.client.workflow.getHandle(lifecycleWorkflowId(activityId));
      return await this.bounded(() => handle.executeUpdate(submitReportsUpdate, { args: [reports] }));
    } catch (error) {
      translate(error, activityId);
    }
  }

  /**
   * Tells the activity's workflow its delmål and/or follow-up settings as they are now in PostgreSQL
   * (write there first: the workflow only keeps a copy). Answers the new state; a refusal (the
   * activity has ended) is a REJECTED LifecycleError, a workflow that does not run NOT_RUNNING.
   */
  reviseFollowUp(activityId: string, revision: FollowUpRevision): Promise<LifecycleView> {
    return this.update(activityId, reviseFollowUpUpdate, revision);
  }
}
