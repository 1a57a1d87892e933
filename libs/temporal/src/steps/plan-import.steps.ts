import { Context } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import { PlanImport } from '@app/database';
import type { PlanImportError } from '@app/database';
import type { PlanImportSteps } from '@app/workflows/plan-import/plan-import.steps';
import { ActivityLifecycleClient } from '../lifecycle-client';
import { applyPlanRow, loadImportContext } from '../plan-io/plan-store';
import type { PlanRow } from '../plan-io/plan-sheet';

/** Follow-up workflows started at once by one step. */
const STARTS_AT_ONCE = 16;

/** The activity lifecycle workflows, through the worker's own client, on the task queue of this step. */
function lifecycleClient(): ActivityLifecycleClient {
  const context = Context.current();
  return new ActivityLifecycleClient(context.client, context.info.taskQueue, 15_000);
}

/**
 * The plan import workflow's steps. The worker acts across tenants; every read and write here is
 * narrowed to the import's own agreement (its context and rows come from that agreement only).
 */
export function createPlanImportSteps(dataSource: DataSource): PlanImportSteps {
  const imports = dataSource.getRepository(PlanImport);
  return {
    async beginPlanImport(importId: string) {
      const job = await imports.findOneByOrFail({ id: importId });
      if (job.status === 'queued') await imports.update({ id: importId }, { status: 'running' });
      return { rows: job.rows.length };
    },

    async importPlanChunk(importId: string, offset: number, count: number) {
      const job = await imports.findOneByOrFail({ id: importId });
      // A retried step whose chunk was recorded already: nothing to write again.
      if (job.processed > offset) return { created: [] };
      const ctx = await loadImportContext(dataSource.manager, job.agreementId);
      const rows = (job.rows as PlanRow[]).slice(offset, offset + count);
      const actor = { userId: job.createdByUserId, email: job.createdByEmail };
      const workflow = job.dryRun ? undefined : lifecycleClient();
      const created: string[] = [];
      const errors: PlanImportError[] = [];
      const counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
      for (const row of rows) {
        const result = await applyPlanRow(dataSource, ctx, row, actor, { dryRun: job.dryRun, workflow });
        if (result.outcome === 'failed') {
          counts.failed++;
          errors.push(...result.errors);
        } else {
          counts[result.outcome]++;
          if (result.outcome === 'created' && result.activityId && !job.dryRun) created.push(result.activityId);
        }
      }
      await dataSource.query(
        `UPDATE plan_import SET processed = $2, done = done + $3, failed = failed + $4, created = created + $5, updated = updated + $6,
                unchanged = unchanged + $7, errors = errors || $8::jsonb
          WHERE id = $1 AND processed = $9`,
        [importId, offset + rows.length, rows.length, counts.failed, counts.created, counts.updated, counts.unchanged, JSON.stringify(errors), offset],
      );
      return { created };
    },

    async startFollowUps(activityIds: string[]) {
      const lifecycle = lifecycleClient();
      let next = 0;
      const starter = async () => {
        while (next < activityIds.length) {
          const id = activityIds[next++];
          await lifecycle.start(id);
          Context.current().heartbeat(next);
        }
      };
      await Promise.all(Array.from({ length: Math.min(STARTS_AT_ONCE, activityIds.length) }, starter));
      return { asked: activityIds.length };
    },

    async finishPlanImport(importId: string, problem: string | null) {
      await imports.update({ id: importId }, { status: problem ? 'failed' : 'done', problem, finishedAt: new Date() });
    },
  };
}
