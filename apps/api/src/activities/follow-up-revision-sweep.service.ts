import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { acrossTenants } from '@app/database';
import { ActivityLifecycleClient, deliverFollowUpRevisions, markedActivities, RevisionDeliveryResult } from '@app/temporal';
import { isDatabaseUnavailable } from '../common/database-unavailable.util';

/** Activities told per round; the next round follows at once when there were more. */
const PER_ROUND = 1000;

/**
 * Tells running workflows of delmål and follow-up settings changed in PostgreSQL: every activity
 * marked `follow_up_revised_at` (by the API, or by the plan import) gets the `reviseFollowUp` update,
 * 16 at a time and at most 150 a second, then loses its mark. Runs every
 * `FOLLOW_UP_REVISION_SWEEP_MS` (5 s), at start (what an earlier process left), and at once when a
 * change asks (`kick`). While Temporal is away, marks stay and the next round tries again: a change
 * made then reaches its workflow within seconds of Temporal's return. Across tenants: the marks of
 * every agreement, and telling a workflow reads nothing else.
 */
@Injectable()
export class FollowUpRevisionSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FollowUpRevisionSweep.name);
  private readonly everyMs = Number(process.env.FOLLOW_UP_REVISION_SWEEP_MS ?? 5000);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: ActivityLifecycleClient,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs a round now (or right after the one running). */
  kick(): void {
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** One round, awaited (tests, and callers that want to wait). */
  async round(): Promise<RevisionDeliveryResult> {
    return acrossTenants(async () => {
      const ids = await markedActivities(this.dataSource, PER_ROUND);
      return ids.length ? deliverFollowUpRevisions(this.dataSource, this.lifecycle, ids) : { delivered: 0, pending: 0, temporalAway: false };
    });
  }

  private schedule(inMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.round()
        .then((r) => {
          if (r.temporalAway) this.logger.warn(`Temporal does not answer: ${r.pending} activities wait to hear of changed delmål or settings`);
          return r.delivered >= PER_ROUND || this.again ? 0 : this.everyMs;
        })
        .catch((error) => {
          if (!isDatabaseUnavailable(error)) this.logger.warn(`Telling workflows of changed delmål or settings failed: ${(error as Error).message}`);
          return this.everyMs;
        })
        .then((next) => {
          this.running = undefined;
          this.again = false;
          this.schedule(next);
        });
    }, inMs);
    this.timer.unref();
  }
}
