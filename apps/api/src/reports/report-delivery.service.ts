import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { LifecycleView } from '@app/domain';
import { ActivityReport, WorkflowDelivery } from '@app/database';
import { ActivityLifecycleClient, LifecycleError } from '@app/temporal';
import { submitReportUpdate } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';

export type DeliveryOutcome = { delivered: true; view: LifecycleView } | { delivered: false; error: unknown };

/**
 * Delivers saved reports to their activity's workflow: at once when a report is posted, and from the
 * outbox every few seconds until Temporal has each one. The workflow applies a report id once, so
 * delivering twice (a retry, two API instances) is harmless.
 */
@Injectable()
export class ReportDeliveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReportDeliveryService.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: ActivityLifecycleClient,
  ) {}

  onApplicationBootstrap(): void {
    const every = Number(process.env.REPORT_DELIVERY_INTERVAL_MS ?? 2000);
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .then(() => undefined, (e: Error) => this.logger.warn(`Delivering saved reports failed: ${e.message}`))
        .finally(() => (this.sweeping = undefined));
    }, every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** Sends one saved report to its workflow and records the outcome on its outbox row. */
  async deliver(report: ActivityReport): Promise<DeliveryOutcome> {
    const send = () =>
      this.lifecycle.update(report.activityId, submitReportUpdate, {
        reportId: report.id,
        status: report.status,
        progress: report.progress,
        summary: report.summary,
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

  /** Delivers what is still pending, oldest first, until one fails (Temporal is still away). */
  async sweep(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const pending = await this.dataSource.getRepository(WorkflowDelivery).find({
        where: { deliveredAt: IsNull() },
        order: { createdAt: 'ASC' },
        take: 1,
        relations: { report: true },
      });
      if (pending.length === 0) return delivered;
      const outcome = await this.deliver(pending[0].report);
      if (!outcome.delivered) {
        if (outcome.error instanceof LifecycleError && outcome.error.code === 'REJECTED') {
          this.logger.error(`Report ${pending[0].reportId} was refused by its workflow: ${outcome.error.message}`);
          await this.dataSource.getRepository(WorkflowDelivery).update({ id: pending[0].id }, { deliveredAt: new Date() });
          continue;
        }
        return delivered;
      }
      delivered++;
    }
  }
}
