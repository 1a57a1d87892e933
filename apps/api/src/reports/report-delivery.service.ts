import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LifecycleView, ReportInput } from '@app/domain';
import { acrossTenants, ActivityReport } from '@app/database';
import { ActivityLifecycleClient, LifecycleError, TemporalClientService } from '@app/temporal';
import { MAX_REPORTS_PER_UPDATE } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import type { ReportsOutcome } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { databaseFailureReason, isDatabaseUnavailable } from '../common/database-unavailable.util';
import { DatabaseOutage } from '../health/database-outage';
import { ReportRefusalService } from './report-refusal.service';

export type DeliveryOutcome = { delivered: true; view: LifecycleView } | { delivered: false; error: unknown };

/** How many activities' reports are delivered at the same time by one sweep. */
const CONCURRENT_ACTIVITIES = 8;
/** Activities one sweep round claims, and the most rows it takes (the rest in the next round, at once). */
const ACTIVITIES_PER_ROUND = 64;
const ROWS_PER_ROUND = 1000;
/** The first key of the advisory locks by which an instance claims an activity's outbox rows. */
const CLAIM_LOCK_SPACE = 1796195;
/** The first pause after Temporal was found away; it doubles up to the cap. */
const FIRST_BACKOFF_MS = 250;
/** The health probe's deadline: it tells "Temporal away" from "this workflow does not answer". */
const PROBE_TIMEOUT_MS = 1000;
/**
 * How long a claimed row is this instance's: another sweep takes it only after this (the API died
 * mid-delivery, say). Far longer than one delivery, which gives up after the client's 5 s deadline.
 */
const LEASE_MS = 60_000;
/** A workflow that did not take its reports is tried again after 1 s, 2 s, 4 s … up to the cap. */
const FIRST_RETRY_MS = 1000;

/** What one round of the outbox sweep did. */
export interface SweepResult {
  delivered: number;
  /** Activities whose reports failed to reach their workflow in this round: each waits its own back-off. */
  heldBack: number;
  /** Temporal did not answer the probe: nothing was sent (or the round stopped early). */
  temporalAway: boolean;
  /** More due reports than one round takes: the next round follows at once. */
  more: boolean;
  /** When the earliest pending report is due again (ms from now), if one is pending. */
  nextDueInMs: number | null;
}

/** One report on its way to its workflow, from a post or from the outbox. */
interface Entry {
  reportId: string;
  input: ReportInput;
  /** Failed deliveries so far (its back-off grows with them). */
  attempts: number;
  /** Its poster waits for the answer (201/409); otherwise it came from the outbox, after a 202. */
  posted: boolean;
}

interface Lane {
  waiting: { entry: Entry; settle: (outcome: DeliveryOutcome) => void }[];
}

function reportInput(report: Pick<ActivityReport, 'id' | 'status' | 'progress' | 'summary' | 'submittedAt'>): ReportInput {
  return {
    reportId: report.id,
    status: report.status,
    progress: report.progress,
    summary: report.summary,
    // The workflow judges "in time" by when the report was submitted, not when it arrives.
    submittedAt: new Date(report.submittedAt).toISOString(),
  };
}

/**
 * Delivers saved reports to their activity's workflow: at once when a report is posted, and from the
 * outbox (`workflow_delivery`) until Temporal has each one. The workflow applies a report id once, so
 * delivering twice (a retry after a crash) is harmless.
 *
 * **Coalescing.** The reports of one activity go to its workflow in one `submitReports` update:
 * everything that waits for an activity while its previous update is on its way goes in the next one,
 * oldest first, whether it was just posted or taken from the outbox. A report the workflow refuses is
 * refused alone; the others of its update apply.
 *
 * **Claiming.** A sweep takes only rows that are due (`next_attempt_at`), with `FOR UPDATE SKIP LOCKED`,
 * and pushes their time past the delivery (`LEASE_MS`): two API instances never deliver one row at
 * once. A posted report's row is born leased to the instance that delivers it at once. A row whose
 * workflow does not take it (Temporal answers, the workflow does not) is due again after a back-off
 * that doubles per attempt up to `REPORT_DELIVERY_MAX_RETRY_MS` (60 s), with the rest of its
 * activity's pending rows: a stuck activity delays only itself, and no instance retries it every round.
 *
 * **Refusals.** A report refused after its 202 is undone whole, as a refused post is (see
 * `ReportRefusalService`), and its writer is told in their inbox.
 *
 * While Temporal is away the sweep asks it one cheap question (a describe-namespace with a short
 * deadline) after a pause that doubles up to `REPORT_DELIVERY_MAX_BACKOFF_MS` (1 s), and sends nothing
 * else; a failure while it is away costs a row no back-off, and the first answer starts a round at once.
 */
@Injectable()
export class ReportDeliveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReportDeliveryService.name);
  private readonly everyMs = Number(process.env.REPORT_DELIVERY_INTERVAL_MS ?? 2000);
  private readonly maxBackoffMs = Number(process.env.REPORT_DELIVERY_MAX_BACKOFF_MS ?? 1000);
  private readonly maxRetryMs = Number(process.env.REPORT_DELIVERY_MAX_RETRY_MS ?? 60_000);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private stopped = false;
  private backoffMs = 0;
  /** Since when the sweep has found Temporal away (for the one log line per outage); null while it answers. */
  private awaySince: number | null = null;
  private readonly lanes = new Map<string, Lane>();
  /** Reports delivered and waiting for their mark (see `markDelivered`), and whether a mark is on its way. */
  private readonly marks: { reportIds: string[]; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private marking = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: ActivityLifecycleClient,
    private readonly temporal: TemporalClientService,
    private readonly databaseOutage: DatabaseOutage,
    private readonly refusal: ReportRefusalService,
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

  /**
   * How long the row of a report about to be posted is leased to this instance (its immediate
   * delivery): none while Temporal is known to be away, since nothing is tried then.
   */
  leaseForNewReport(): number {
    return this.awaySince === null ? LEASE_MS : 0;
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
      next = result.temporalAway
        ? this.backOff()
        : result.more
          ? 0
          : Math.max(50, Math.min(this.everyMs, result.nextDueInMs ?? this.everyMs));
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

  /**
   * Delivers a report just saved (its row `leased` to this instance, unless Temporal was known away). When older reports of its activity
   * are due in the outbox (`olderPending`), they are claimed and go first, in the same update. While
   * the sweep knows Temporal to be away, nothing is tried: the report waits in the outbox, and the
   * poster hears so at once instead of after a timeout.
   */
  async deliverNew(report: ActivityReport, olderPending: boolean, leased: boolean): Promise<DeliveryOutcome> {
    if (this.awaySince !== null) {
      // Its row was born leased, just before the sweep found Temporal away: release it to the sweep.
      if (leased) await this.dataSource.query(`UPDATE workflow_delivery SET next_attempt_at = now() WHERE report_id = $1 AND delivered_at IS NULL`, [report.id]);
      return { delivered: false, error: new LifecycleError('UNAVAILABLE', 'Temporal does not answer right now; the report waits in the outbox.') };
    }
    const older = olderPending ? await this.claim({ activityId: report.activityId, except: report.id }) : [];
    const own: Entry = { reportId: report.id, input: reportInput(report), attempts: 0, posted: true };
    const outcomes = await this.enqueue(report.activityId, [...older.map((o) => o.entry), own]);
    await this.settleOutbox(older.map((o) => o.entry), outcomes.slice(0, older.length));
    return outcomes[outcomes.length - 1];
  }

  /**
   * Claims the due outbox rows of some activities (oldest due first), or of one, and leases them to this
   * instance. An activity is claimed whole by one instance at a time (a transaction-scoped advisory lock
   * per activity, then `FOR UPDATE SKIP LOCKED` on its rows): two sweeps never split one activity's
   * reports between them, and never take a row another holds. Answers the rows with their reports.
   */
  private async claim(scope: { activityId?: string; except?: string; activities?: number }): Promise<{ activityId: string; entry: Entry }[]> {
    // An UPDATE answers [rows, count] through TypeORM's query().
    const [rows]: [{ report_id: string; activity_id: string; attempts: number; status: ActivityReport['status']; progress: number; summary: string; submitted_at: Date }[], number] =
      await this.dataSource.query(
        `WITH due AS (
           SELECT activity_id FROM workflow_delivery
            WHERE delivered_at IS NULL AND next_attempt_at <= now() AND ($2::uuid IS NULL OR activity_id = $2)
            GROUP BY activity_id ORDER BY min(next_attempt_at) LIMIT $4),
         mine AS (
           SELECT activity_id FROM due WHERE pg_try_advisory_xact_lock(${CLAIM_LOCK_SPACE}, hashtext(activity_id::text))),
         claimed AS (
           SELECT id FROM workflow_delivery
            WHERE activity_id IN (SELECT activity_id FROM mine) AND delivered_at IS NULL AND next_attempt_at <= now()
              AND ($3::uuid IS NULL OR report_id <> $3)
            ORDER BY created_at LIMIT ${ROWS_PER_ROUND}
            FOR UPDATE SKIP LOCKED)
         UPDATE workflow_delivery w SET next_attempt_at = now() + $1::double precision * interval '1 millisecond'
           FROM activity_report r
          WHERE w.id IN (SELECT id FROM claimed) AND r.id = w.report_id
        RETURNING w.report_id, w.activity_id, w.attempts, w.created_at, r.status, r.progress, r.summary, r.submitted_at`,
        [LEASE_MS, scope.activityId ?? null, scope.except ?? null, scope.activities ?? 1],
      );
    // UPDATE … RETURNING keeps no order: each activity's oldest first.
    rows.sort((a, b) => new Date(a.submitted_at).getTime() - new Date(b.submitted_at).getTime());
    return rows.map((r) => ({
      activityId: r.activity_id,
      entry: {
        reportId: r.report_id,
        input: reportInput({ id: r.report_id, status: r.status, progress: r.progress, summary: r.summary, submittedAt: r.submitted_at }),
        attempts: r.attempts,
        posted: false,
      },
    }));
  }

  /**
   * Puts reports in their activity's lane and answers each one's outcome once its update is answered.
   * An update is on its way per activity at most (in this process); what comes meanwhile waits, and
   * goes in the next update, all together.
   */
  private enqueue(activityId: string, entries: Entry[]): Promise<DeliveryOutcome[]> {
    let lane = this.lanes.get(activityId);
    const fresh = !lane;
    if (!lane) {
      lane = { waiting: [] };
      this.lanes.set(activityId, lane);
    }
    const outcomes = entries.map((entry) => new Promise<DeliveryOutcome>((settle) => lane!.waiting.push({ entry, settle })));
    if (fresh) void this.drain(activityId, lane);
    return Promise.all(outcomes);
  }

  private async drain(activityId: string, lane: Lane): Promise<void> {
    try {
      while (lane.waiting.length > 0) {
        const batch = lane.waiting.splice(0, MAX_REPORTS_PER_UPDATE);
        let outcomes: DeliveryOutcome[];
        try {
          outcomes = await this.send(activityId, batch.map((w) => w.entry));
        } catch (error) {
          outcomes = batch.map(() => ({ delivered: false, error }));
        }
        batch.forEach((w, i) => w.settle(outcomes[i]));
      }
    } finally {
      this.lanes.delete(activityId);
    }
  }

  /** One update with `entries` (one activity's, oldest first); records the outcome on their outbox rows. */
  private async send(activityId: string, entries: Entry[]): Promise<DeliveryOutcome[]> {
    const inputs = entries.map((e) => e.input);
    let result: ReportsOutcome;
    try {
      try {
        result = await this.lifecycle.submitReports(activityId, inputs);
      } catch (error) {
        if (!(error instanceof LifecycleError && error.code === 'NOT_RUNNING')) throw error;
        // Not running: either never started (created while Temporal was away), or run to its end.
        if (!(await this.lifecycle.start(activityId))) {
          throw new LifecycleError('REJECTED', 'The activity is completed; its follow-up has ended and takes no more reports.');
        }
        result = await this.lifecycle.submitReports(activityId, inputs);
      }
    } catch (error) {
      if (error instanceof LifecycleError && error.code === 'REJECTED') return entries.map(() => ({ delivered: false, error }));
      await this.noteFailure(activityId, entries, error);
      return entries.map(() => ({ delivered: false, error }));
    }
    const refused = new Map(result.refused.map((r) => [r.reportId, r.reason]));
    const delivered = entries.filter((e) => !refused.has(e.reportId)).map((e) => e.reportId);
    if (delivered.length) await this.markDelivered(delivered);
    return entries.map((e) =>
      refused.has(e.reportId) ? { delivered: false, error: new LifecycleError('REJECTED', refused.get(e.reportId)!) } : { delivered: true, view: result.view },
    );
  }

  /**
   * Marks reports delivered. One UPDATE at a time for the whole process: what comes while one is on
   * its way goes in the next, together (a group commit), so that forty owners posting at once cost a
   * few statements, not forty. Answers once its reports' statement has.
   */
  private markDelivered(reportIds: string[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.marks.push({ reportIds, resolve, reject });
      if (!this.marking) void this.runMarks();
    });
  }

  private async runMarks(): Promise<void> {
    this.marking = true;
    try {
      while (this.marks.length > 0) {
        const batch = this.marks.splice(0);
        try {
          // The reports of several agreements in one statement: the marks are the outbox's own bookkeeping.
          await acrossTenants(() =>
            this.dataSource.query(`UPDATE workflow_delivery SET delivered_at = now() WHERE report_id = ANY($1::uuid[]) AND delivered_at IS NULL`, [batch.flatMap((m) => m.reportIds)]),
          );
          for (const m of batch) m.resolve();
        } catch (error) {
          for (const m of batch) m.reject(error);
        }
      }
    } finally {
      this.marking = false;
    }
  }

  /**
   * An update that failed: while Temporal is away it costs the rows nothing (the sweep sends them once
   * it answers); when Temporal answers and this workflow did not, the rows and the rest of their
   * activity's pending ones wait a back-off that grows with their attempts.
   */
  private async noteFailure(activityId: string, entries: Entry[], error: unknown): Promise<void> {
    const away = error instanceof LifecycleError && error.code === 'UNAVAILABLE' && !(await this.probe());
    if (away) this.noteAway();
    const attempts = Math.max(...entries.map((e) => e.attempts));
    const retryMs = away ? 0 : Math.min(this.maxRetryMs, FIRST_RETRY_MS * 2 ** attempts);
    await this.dataSource.query(
      `UPDATE workflow_delivery SET
          attempts = attempts + (report_id = ANY($2::uuid[]))::int,
          last_error = CASE WHEN report_id = ANY($2::uuid[]) THEN $3 ELSE last_error END,
          next_attempt_at = CASE WHEN report_id = ANY($2::uuid[]) THEN now() + $4::double precision * interval '1 millisecond'
                                 ELSE greatest(next_attempt_at, now() + $4::double precision * interval '1 millisecond') END
        WHERE activity_id = $1 AND delivered_at IS NULL AND (report_id = ANY($2::uuid[]) OR NOT $5::boolean)`,
      [activityId, entries.map((e) => e.reportId), String((error as Error)?.message ?? error).slice(0, 1000), retryMs, away],
    );
  }

  /** Reports from the outbox that their workflow refused are undone, and their writers told. */
  private async settleOutbox(entries: Entry[], outcomes: DeliveryOutcome[]): Promise<void> {
    for (const [i, entry] of entries.entries()) {
      const outcome = outcomes[i];
      if (outcome.delivered || entry.posted) continue;
      if (!(outcome.error instanceof LifecycleError && outcome.error.code === 'REJECTED')) continue;
      this.logger.warn(`Report ${entry.reportId} was refused by its workflow after it was saved: ${outcome.error.message}; undoing it and telling its writer.`);
      await this.refusal.undo(entry.reportId, outcome.error.message, { actor: null, notifyWriter: true });
    }
  }

  /**
   * One round over the outbox: when reports are due and Temporal answers, claims them and delivers
   * them, a few activities at a time, each activity's in one update, oldest first. An activity whose
   * workflow does not take its reports is left to its back-off; when Temporal stops answering, the
   * round stops, and what it claimed but did not send is due again at once.
   */
  sweep(): Promise<SweepResult> {
    // The outbox holds every agreement's reports, and delivering one reads and writes nothing else.
    return acrossTenants(() => this.sweepOnce());
  }

  private async sweepOnce(): Promise<SweepResult> {
    const result: SweepResult = { delivered: 0, heldBack: 0, temporalAway: false, more: false, nextDueInMs: null };
    const [due] = await this.dataSource.query(`SELECT 1 FROM workflow_delivery WHERE delivered_at IS NULL AND next_attempt_at <= now() LIMIT 1`);
    if (due) {
      if (!(await this.probe())) {
        this.noteAway();
        return { ...result, heldBack: 1, temporalAway: true, nextDueInMs: 0 };
      }
      const claimed = await this.claim({ activities: ACTIVITIES_PER_ROUND });
      const activities = new Set(claimed.map((c) => c.activityId)).size;
      this.noteBack(activities);
      result.more = activities === ACTIVITIES_PER_ROUND || claimed.length === ROWS_PER_ROUND;
      const byActivity = new Map<string, Entry[]>();
      for (const c of claimed) byActivity.set(c.activityId, [...(byActivity.get(c.activityId) ?? []), c.entry]);
      const queue = [...byActivity.entries()];
      const unsent: string[] = [];
      const worker = async (): Promise<void> => {
        for (let item = queue.shift(); item; item = queue.shift()) {
          const [activityId, entries] = item;
          if (result.temporalAway) {
            unsent.push(...entries.map((e) => e.reportId));
            continue;
          }
          const outcomes = await this.enqueue(activityId, entries);
          result.delivered += outcomes.filter((o) => o.delivered).length;
          await this.settleOutbox(entries, outcomes);
          const failed = outcomes.find((o) => !o.delivered && !(o.error instanceof LifecycleError && o.error.code === 'REJECTED'));
          if (!failed) continue;
          if (this.awaySince !== null) {
            result.temporalAway = true;
          } else {
            result.heldBack++;
            const error = (failed as { error: unknown }).error;
            this.logger.warn(`Reports of activity ${activityId} did not reach its workflow (${(error as Error)?.message ?? error}); they wait their back-off.`);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENT_ACTIVITIES, queue.length) }, worker));
      if (unsent.length) await this.dataSource.query(`UPDATE workflow_delivery SET next_attempt_at = now() WHERE report_id = ANY($1::uuid[]) AND delivered_at IS NULL`, [unsent]);
    }
    const [next]: { in_ms: number | null }[] = await this.dataSource.query(
      `SELECT (extract(epoch FROM min(next_attempt_at) - now()) * 1000)::int AS in_ms FROM workflow_delivery WHERE delivered_at IS NULL`,
    );
    result.nextDueInMs = next?.in_ms === null || next?.in_ms === undefined ? null : Math.max(0, next.in_ms);
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
