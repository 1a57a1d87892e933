import { ParentClosePolicy, patched, proxyActivities, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { PlanImportSteps } from './plan-import.steps';
import { lifecycleWorkflowId } from '../activity-lifecycle/activity-lifecycle.messages';

const { beginPlanImport, importPlanChunk, finishPlanImport } = proxyActivities<PlanImportSteps>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

const { startFollowUps } = proxyActivities<PlanImportSteps>({
  startToCloseTimeout: '5 minutes',
  // Temporal answers again sooner or later; the worker's sweep starts what is left, whatever happens here.
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

/** Rows written per step: the progress moves on after each. */
export const PLAN_IMPORT_CHUNK = 100;

/** Follow-up workflows asked for per step (the step starts them a few at a time). */
export const FOLLOW_UP_BATCH = 250;

/**
 * Patch: the new activities' follow-up workflows are started once every row is written and the import
 * is done (by a step, in batches), instead of as child workflows after each chunk, where thousands of
 * starting workflows held the rows of the import back. An import that began under the older code
 * replays and goes on as it began.
 */
export const FOLLOW_UPS_AFTER_ROWS = 'plan-import-follow-ups-after-rows';

/** Unique over the installation: one workflow per import (its uuid). */
export function planImportWorkflowId(importId: string): string {
  return `plan-import-${importId}`;
}

/**
 * One upload of an agreement's plan, in the background: its rows in chunks, each activity in its own
 * transaction (good rows written, bad ones reported), the import marked done, and then the follow-up
 * workflow of each new activity started, as creating one does (a workflow that runs already is left
 * as it is). Should this workflow stop before it has started them all, the worker's sweep starts the
 * workflows of active activities created in the last day that have none.
 */
export async function planImportWorkflow(importId: string): Promise<void> {
  const afterRows = patched(FOLLOW_UPS_AFTER_ROWS);
  const created: string[] = [];
  const startCreated = async () => {
    for (let i = 0; i < created.length; i += FOLLOW_UP_BATCH) await startFollowUps(created.slice(i, i + FOLLOW_UP_BATCH));
  };
  try {
    const { rows } = await beginPlanImport(importId);
    for (let offset = 0; offset < rows; offset += PLAN_IMPORT_CHUNK) {
      const chunk = await importPlanChunk(importId, offset, PLAN_IMPORT_CHUNK);
      if (afterRows) {
        created.push(...chunk.created);
        continue;
      }
      await Promise.all(
        chunk.created.map(async (activityId) => {
          try {
            await startChild('activityLifecycleWorkflow', {
              workflowId: lifecycleWorkflowId(activityId),
              args: [{ activityId }],
              parentClosePolicy: ParentClosePolicy.ABANDON,
            });
          } catch (error) {
            if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          }
        }),
      );
    }
    await finishPlanImport(importId, null);
  } catch (error) {
    await finishPlanImport(importId, (error as Error).message ?? String(error));
    // What was written before the failure still gets its follow-up.
    if (afterRows) await startCreated();
    throw error;
  }
  await startCreated();
}
