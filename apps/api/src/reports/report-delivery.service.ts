import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { LifecycleView } from '@app/domain';
import { acrossTenants, ActivityReport, WorkflowDelivery } from '@app/database';
import { ActivityLifecycleClient, LifecycleError, TemporalClientService } from '@app/temporal';
import { submitReportUpdate } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { databaseFailureReason, isDatabaseUnavailable } from '../common/database-unavailable.util';
import { DatabaseOutage } from '../health/database-outage';

export type DeliveryOutcome = { delivered: true; view: LifecycleView } | { delivered: false; error: unknown };

/** How many activities' reports are delivered at the same time. */
const CONCURRENT_ACTIVITIES = 8;
/** Pending reports of one activity delivered in one go (the rest in the next round, at once). */
const REPORTS_PER_ACTIVITY = 100;
/** The first pause after Temporal was found away; it doubles up to the cap. */
const FIRST_BACKOFF_MS = 250;
/** The health probe's deadline: it tells "Temporal away" from "this workflow does not answer". */
const PROBE_TIMEOUT_MS = 1000;

/** What one round of the outbox sweep did. */
export interface SweepResult {
  delivered: number;
  /** Activities whose pending reports wait for another round (their oldest failed, or the round stopped). */
  heldBack: number;
  /** Temporal did not answer the probe: nothing was sent (or the round stopped early). */
  temporalAway: boolean;
  /** More pending reports than one round takes: the next round follows at once. */
  more: boolean;
}

/**
 * Delivers saved reports to their activity's workflow: at once when a report is posted, and from the
 * outbox (`workflow_delivery`) until Temporal has each one. The workflow applies a report id once, so
 * delivering twice (a retry, two API instances) is harmless.
 *
 * Reports of one activity reach its workflow oldest first: every delivery of an activity runs in that
 * activity's lane (one at a time in this process), and a post whose activity has older reports waiting
 * delivers those first. Different activities are delivered side by side, a few at a time, and one whose
 * workflow fails is set aside instead of holding the others back.
 *
 * While Temporal is away the sweep asks it one cheap question (a describe-namespace with a short
 * deadline) after a pause that doubles up to `REPORT_DELIVERY_MAX_BACKOFF_MS` (1 s), and sends nothing
 * else; the first answer starts a round at once. That, and the Temporal connection's capped reconnect
 * back-off, is what lets the outbox drain within seconds of Temporal's return.
 */
@Injectable()
export class ReportDeliveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReportDeliveryService.name);
  private readonly everyMs = Number(process.env.REPORT_DELIVERY_INTERVAL_MS ?? 2000);
  private readonly maxBackoffMs = Number(process.env.REPORT_DELIVERY_MAX_BACKOFF_MS ?? 1000);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private stopped = false;
  private backoffMs = 0;
  /** Since when the sweep has found Temporal away (for the one log line per outage); null while it answers. */
  private awaySince: number | null = null;
  private readonly lanes = new Map<string, Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: ActivityLifecycleClient,
    private readonly temporal: TemporalClientService,
    private readonly databaseOutage: DatabaseOutage,
  ) {}

  onApplicationBootstrap(): void {
    // The first round at once: an API started afresh delivers what an earlier one left in the outbox.
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  private schedule(inMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      // The outbox holds every agreement's reports, and delivering one reads and writes nothing else.
      this.sweeping = acrossTenants(() => this.round()).finally(() => (this.sweeping = undefined));
    }, inMs);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    let next: number;
    try {
      const result = await this.sweep();
      // Held back while Temporal answers: a workflow did not take its report in time (right after an
      // outage, the worker may not poll again yet). Try again soon; each try waits its own deadline.
      next = result.temporalAway ? this.backOff() : result.more ? 0 : result.heldBack > 0 ? FIRST_BACKOFF_MS : this.everyMs;
      if (!result.temporalAway) this.backoffMs = 0;
    } catch (error) {
      // PostgreSQL away, say: the next round tries again, without hurrying. An outage is logged once,
      // by the API's one record of it, not once a round.
      if (isDatabaseUnavailable(error)) this.databaseOutage.failed(databaseFailureReason(error));
      else this.logger.warn(`Delivering saved reports failed: ${(error as Error).message}`);
      next = this.backOff();
    }
    this.schedule(next);
  }

  private backOff(): number {
    this.backoffMs = Math.min(this.maxBackoffMs, this.backoffMs ? this.backoffMs * 2 : FIRST_BACKOFF_MS);
    return this.backoffMs;
  }

  /** Runs `work` after whatever this process is delivering to the activity's workflow already. */
  private inLane<T>(activityId: string, work: () => Promise<T>): Promise<T> {
    const run = (this.lanes.get(activityId) ?? Promise.resolve()).then(work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.lanes.set(activityId, settled);
    void settled.then(() => {
      if (this.lanes.get(activityId) === settled) this.lanes.delete(activityId);
    });
    return run;
  }

  /**
   * Delivers a report just saved. When older reports of its activity still wait in the outbox
   * (`olderPending`), those go first, oldest first; if one of them fails, this one waits too. While the
   * sweep knows Temporal to be away, nothing is tried: the report waits in the outbox, and the poster
   * hears so at once instead of after a timeout.
   */
  deliverNew(report: ActivityReport, olderPending: boolean): Promise<DeliveryOutcome> {
    const away = (): DeliveryOutcome => ({ delivered: false, error: new LifecycleError('UNAVAILABLE', 'Temporal does not answer right now; the report waits in the outbox.') });
    if (this.awaySince !== null) return Promise.resolve(away());
    return this.inLane(report.activityId, async () => {
      if (this.awaySince !== null) return away();
      let outcome: DeliveryOutcome;
      if (!olderPending) {
        outcome = await this.deliver(report);
      } else {
        const { outcomes, stoppedBy } = await this.deliverPendingOf(report.activityId);
        outcome = outcomes.get(report.id) ?? { delivered: false, error: stoppedBy?.error ?? new LifecycleError('UNAVAILABLE', 'An earlier report of this activity is still waiting for its workflow.') };
      }
      if (!outcome.delivered && outcome.error instanceof LifecycleError && outcome.error.code === 'UNAVAILABLE' && !(await this.probe())) this.noteAway();
      return outcome;
    });
  }

  /** Sends one saved report to its workflow and records the outcome on its outbox row. */
  async deliver(report: ActivityReport): Promise<DeliveryOutcome> {
    const send = () =>
      this.lifecycle.update(report.activityId, submitReportUpdate, {
        reportId: report.id,
        status: report.status,
        progress: report.progress,
        summary: report.summary,
        // The workflow judges "in time" by when the report was submitted, not when it arrives.
        submittedAt: report.submittedAt.toISOString(),
      });
    try {
      let view: LifecycleView;
      try {
        view = await send();
      } catch (error) {
        if (!(error instanceof LifecycleError && error.code === 'NOT_RUNNING')) throw error;
        // Not running: either never started (created while Temporal was away), or run to its end.
        if (!(await this.lifecycle.start(report.activityId))) {
          throw new LifecycleError('REJECTED', 'The activity is completed; its follow-up has ended and takes no more reports.');
        }
        view = await send();
      }
      await this.dataSource.getRepository(WorkflowDelivery).update({ reportId: report.id, deliveredAt: IsNull() }, { deliveredAt: new Date() });
      return { delivered: true, view };
    } catch (error) {
      await this.dataSource
        .createQueryBuilder()
        .update(WorkflowDelivery)
        .set({ attempts: () => 'attempts + 1', lastError: String((error as Error)?.message ?? error).slice(0, 1000) })
        .where('report_id = :id AND delivered_at IS NULL', { id: report.id })
        .execute();
      return { delivered: false, error };
    }
  }

  /**
   * Delivers the pending reports of one activity, oldest first, until one fails. A report its workflow
   * refuses (the activity has ended) is marked done and logged; the ones after it go on.
   * Call inside the activity's lane.
   */
  private async deliverPendingOf(activityId: string): Promise<{ outcomes: Map<string, DeliveryOutcome>; stoppedBy?: { reportId: string; error: unknown } }> {
    const pending = await this.dataSource.getRepository(WorkflowDelivery).find({
      where: { activityId, deliveredAt: IsNull() },
      order: { createdAt: 'ASC' },
      take: REPORTS_PER_ACTIVITY,
      relations: { report: true },
    });
    const outcomes = new Map<string, DeliveryOutcome>();
    for (const row of pending) {
      const outcome = await this.deliver(row.report);
      outcomes.set(row.reportId, outcome);
      if (outcome.delivered) continue;
      if (outcome.error instanceof LifecycleError && outcome.error.code === 'REJECTED') {
        this.logger.error(`Report ${row.reportId} was refused by its workflow: ${outcome.error.message}`);
        await this.dataSource.getRepository(WorkflowDelivery).update({ id: row.id }, { deliveredAt: new Date() });
        continue;
      }
      return { outcomes, stoppedBy: { reportId: row.reportId, error: outcome.error } };
    }
    return { outcomes };
  }

  /**
   * One round over the outbox: when reports wait and Temporal answers, delivers them, a few activities
   * at a time, each activity's oldest first. An activity whose delivery fails while Temporal answers (its
   * workflow does not take the report in time) is tried once more at the end of the round, then left for
   * the next round, which follows soon; when Temporal stops answering, the round stops taking new ones.
   */
  async sweep(): Promise<SweepResult> {
    const waiting: { activity_id: string }[] = await this.dataSource.query(
      `SELECT activity_id FROM workflow_delivery WHERE delivered_at IS NULL GROUP BY activity_id ORDER BY min(created_at)`,
    );
    const result: SweepResult = { delivered: 0, heldBack: 0, temporalAway: false, more: false };
    if (waiting.length === 0) return result;
    if (!(await this.probe())) {
      this.noteAway();
      return { ...result, heldBack: waiting.length, temporalAway: true };
    }
    this.noteBack(waiting.length);

    // Each activity once, and one that failed once more at the end of the queue: right after an outage
    // the worker may not poll yet, and its next try should not wait for the slowest lane of the round.
    const queue = waiting.map((w) => ({ activityId: w.activity_id, retry: false }));
    const lane = async (): Promise<void> => {
      for (let item = queue.shift(); item && !result.temporalAway; item = queue.shift()) {
        const { activityId } = item;
        const { outcomes, stoppedBy } = await this.inLane(activityId, () => this.deliverPendingOf(activityId));
        for (const outcome of outcomes.values()) if (outcome.delivered) result.delivered++;
        if (outcomes.size === REPORTS_PER_ACTIVITY && !stoppedBy) result.more = true;
        if (!stoppedBy) continue;
        const error = stoppedBy.error;
        if (error instanceof LifecycleError && error.code === 'UNAVAILABLE' && !(await this.probe())) {
          result.temporalAway = true;
          this.noteAway();
        } else if (!item.retry) {
          queue.push({ activityId, retry: true });
        } else {
          result.heldBack++;
          this.logger.warn(`Report ${stoppedBy.reportId} of activity ${activityId} did not reach its workflow (${(error as Error)?.message ?? error}); its activity waits for the next round.`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_ACTIVITIES, waiting.length) }, lane));
    if (result.temporalAway) result.heldBack += queue.length;
    return result;
  }

  /** Does Temporal answer right now? One call, bounded by a short deadline. */
  private probe(): Promise<boolean> {
    return this.temporal.ping(PROBE_TIMEOUT_MS).then(
      () => true,
      () => false,
    );
  }

  private noteAway(): void {
    if (this.awaySince !== null) return;
    this.awaySince = Date.now();
    this.logger.warn('Temporal does not answer; reports wait in the outbox and are delivered once it does.');
  }

  private noteBack(activities: number): void {
    if (this.awaySince === null) return;
    this.logger.log(`Temporal answers again after ${Math.round((Date.now() - this.awaySince) / 1000)} s; delivering the waiting reports of ${activities} activities.`);
    this.awaySince = null;
  }
}
