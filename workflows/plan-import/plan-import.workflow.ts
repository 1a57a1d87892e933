import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { PlanImportSteps } from './plan-import.steps';
import { lifecycleWorkflowId } from '../activity-lifecycle/activity-lifecycle.messages';

const { beginPlanImport, importPlanChunk, finishPlanImport } = proxyActivities<PlanImportSteps>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/** Rows written per step: the progress moves on after each. */
export const PLAN_IMPORT_CHUNK = 100;

/** Unique over the installation: one workflow per import (its uuid). */
export function planImportWorkflowId(importId: string): string {
  return `plan-import-${importId}`;
}

/**
 * One upload of an agreement's plan, in the background: its rows in chunks, each activity in its own
 * transaction (good rows written, bad ones reported), then the follow-up workflow of each new
 * activity started, as creating one does (a workflow that runs already is left as it is).
 */
export async function planImportWorkflow(importId: string): Promise<void> {
  try {
    const { rows } = await beginPlanImport(importId);
    for (let offset = 0; offset < rows; offset += PLAN_IMPORT_CHUNK) {
      const { created } = await importPlanChunk(importId, offset, PLAN_IMPORT_CHUNK);
      // Started together: one workflow task for the whole chunk, not one round trip per activity.
      await Promise.all(
        created.map(async (activityId) => {
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
    throw error;
  }
}
