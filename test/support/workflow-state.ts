import type { WorkflowHandle } from '@temporalio/client';
import { stateQuery } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';

/**
 * Waits (30 s at most) until an activity's workflow has loaded its plan: right after it starts, its
 * state says `starting`. Tests that expect a first report to be taken at once (201, not 202 within the
 * API's 5 s deadline) wait for this first on a busy machine.
 */
export async function untilPlanLoaded(state: WorkflowHandle | (() => Promise<{ status: string }>)): Promise<void> {
  const ask = typeof state === 'function' ? state : () => state.query(stateQuery);
  for (let i = 0; i < 300 && (await ask()).status === 'starting'; i++) await new Promise((r) => setTimeout(r, 100));
}
