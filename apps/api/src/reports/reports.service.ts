import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActivityReport, Milestone, Phase, WorkflowDelivery } from '@app/database';
import { LifecycleError } from '@app/temporal';
import { ApiError, ApiErrorCode, isUniqueViolation } from '../common/api-error';
import { ActivitiesService } from '../activities/activities.service';
import { CreateReportDto, PERSONAL_DATA_NOTICE, ReportDto, ReportReceiptDto } from './report.dto';
import { ReportDeliveryService } from './report-delivery.service';
import { reportFingerprint } from './report-fingerprint.util';
import type { SignedInUser } from '../auth/auth.decorators';
import { authorize } from '../auth/authorize';
import { ReportRefusalService } from './report-refusal.service';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

export interface ReportResult {
  statusCode: 201 | 202;
  body: ReportReceiptDto;
}

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly activities: ActivitiesService,
    private readonly delivery: ReportDeliveryService,
    private readonly refusal: ReportRefusalService,
  ) {}

  /**
   * Saves the report and its outbox record in one transaction, then hands it to the workflow: 201 with
   * the new state when Temporal takes it, 202 when Temporal is away (the outbox delivers it later).
   * With an Idempotency-Key, a retried post answers with the first result and stores nothing new. A key
   * is unique per (person, activity): the same person's same key on the same activity with another body
   * is refused (422); another person's key, or a key used on another activity, is another key.
   */
  async submit(user: SignedInUser, idOrKey: string, dto: CreateReportDto, idempotencyKey: string | undefined, agreementKey?: string): Promise<ReportResult> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw ApiError.invalid('Idempotency-Key', 'must be 1–200 characters of letters, digits and . _ : - (a UUID is a good choice)');
    }
    const activity = await this.activities.find(user, idOrKey, agreementKey);
    authorize(user, 'report', activity);
    const fingerprint = idempotencyKey ? reportFingerprint(dto) : null;
    if (idempotencyKey) {
      const earlier = await this.findByKey(user, activity.id, idempotencyKey);
      if (earlier) return this.replay(user, earlier, fingerprint!);
    }
    if (activity.status !== 'active') {
      throw new ApiError(ApiErrorCode.Conflict, `The activity is ${activity.status === 'completed' ? 'completed' : 'cancelled'}; it takes no more reports.`);
    }
    const milestoneIds = (dto.milestones ?? []).map((m) => m.milestoneId);
    if (milestoneIds.length) {
      const own = await this.dataSource
        .getRepository(Milestone)
        .createQueryBuilder('m')
        .innerJoin(Phase, 'p', 'p.id = m.phase_id')
        .where('p.activity_id = :activityId AND m.id IN (:...milestoneIds)', { activityId: activity.id, milestoneIds })
        .getMany();
      const unknown = milestoneIds.filter((id) => !own.some((m) => m.id === id));
      if (unknown.length) throw ApiError.invalid('milestones', `${unknown.join(', ')} is not a delmål of this activity`);
    }

    // The outbox row is leased to this instance while it delivers the report at once (none while Temporal is known away).
    const leaseMs = this.delivery.leaseForNewReport();
    let saved: Awaited<ReturnType<ReportsService['save']>>;
    try {
      saved = await this.save(user, activity.id, dto, idempotencyKey ?? null, fingerprint, leaseMs);
    } catch (error) {
      // Two posts with one key at the same moment: the other one won; answer with its result.
      const earlier = idempotencyKey && isUniqueViolation(error) ? await this.findByKey(user, activity.id, idempotencyKey) : null;
      if (earlier) return this.replay(user, earlier, fingerprint!);
      throw error;
    }

    const { report, olderPending } = saved;
    const outcome = await this.delivery.deliverNew(report, olderPending, leaseMs > 0);
    if (outcome.delivered) {
      const { activityId: _a, ...workflow } = outcome.view;
      return { statusCode: 201, body: { report: ReportDto.from(report), delivery: 'delivered', workflow, notice: PERSONAL_DATA_NOTICE } };
    }
    if (outcome.error instanceof LifecycleError && outcome.error.code === 'REJECTED') {
      // The workflow refused it (say, the activity was completed a moment ago): undo all it wrote, as
      // the outbox does for a report refused after its 202. The poster hears it here, as a 409.
      await this.refusal.undo(report.id, outcome.error.message, { actor: user, notifyWriter: false });
      throw new ApiError(ApiErrorCode.Conflict, outcome.error.message);
    }
    return {
      statusCode: 202,
      body: {
        report: ReportDto.from(report),
        delivery: 'pending',
        workflow: null,
        notice: PERSONAL_DATA_NOTICE,
        message: 'Rapporten är sparad. Uppföljningen tar emot den så snart Temporal svarar igen; du behöver inte skicka den på nytt.',
      },
    };
  }

  /**
   * The report, its milestone updates, its outbox record and its audit entry in one SQL statement:
   * atomic like a transaction, and a single round trip on the busiest write path.
   */
  private async save(
    user: SignedInUser,
    activityId: string,
    dto: CreateReportDto,
    idempotencyKey: string | null,
    fingerprint: string | null,
    leaseMs: number,
  ): Promise<{ report: ActivityReport; olderPending: boolean }> {
    const milestones = (dto.milestones ?? []).map((m) => ({ milestoneId: m.milestoneId, status: m.status }));
    const [row] = await this.dataSource.query(
      `WITH report AS (
         INSERT INTO activity_report (activity_id, status, progress, summary, next_steps, milestone_updates, idempotency_key, idempotency_fingerprint, submitted_by_user_id)
         -- The submitter as a user that exists (a token can outlive its user): null otherwise.
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $11, (SELECT id FROM app_user WHERE id = $9)) RETURNING *),
       before AS (
         SELECT id, status FROM milestone WHERE id IN (SELECT "milestoneId" FROM jsonb_to_recordset($8::jsonb) AS m("milestoneId" uuid))),
       previous AS (
         SELECT coalesce(jsonb_agg(jsonb_build_object('milestoneId', id, 'status', status) ORDER BY id), '[]'::jsonb) AS milestones_before FROM before),
       milestones AS (
         UPDATE milestone SET status = m.status FROM jsonb_to_recordset($8::jsonb) AS m("milestoneId" uuid, status text)
          WHERE milestone.id = m."milestoneId"),
       -- Reports of this activity still waiting for its workflow (the statement's snapshot holds only older ones).
       older AS (
         SELECT EXISTS (SELECT 1 FROM workflow_delivery WHERE activity_id = $1 AND delivered_at IS NULL) AS older_pending),
       -- Leased to this instance, which delivers it at once: no sweep takes it meanwhile.
       outbox AS (
         INSERT INTO workflow_delivery (report_id, activity_id, next_attempt_at) SELECT id, activity_id, now() + $12::double precision * interval '1 millisecond' FROM report),
       audit AS (
         INSERT INTO audit_entry (actor_user_id, actor_email, action, entity_type, entity_id, activity_id, before, after)
         SELECT $9, $10, 'report.submit', 'report', id, activity_id,
                CASE WHEN EXISTS (SELECT 1 FROM before) THEN jsonb_build_object('milestones', (SELECT milestones_before FROM previous)) END,
                jsonb_build_object('id', id, 'status', status, 'progress', progress, 'summary', summary,
                                   'nextSteps', next_steps, 'milestones', coalesce(milestone_updates, '[]'::jsonb))
           FROM report)
       SELECT report.*, older.older_pending FROM report, older`,
      [
        activityId,
        dto.status,
        dto.progress,
        dto.summary.trim(),
        dto.nextSteps?.trim() || null,
        milestones.length ? JSON.stringify(milestones) : null,
        idempotencyKey,
        JSON.stringify(milestones),
        user.userId,
        user.email,
        fingerprint,
        leaseMs,
      ],
    );
    const report = this.dataSource.getRepository(ActivityReport).create({
      id: row.id,
      activityId: row.activity_id,
      status: row.status,
      progress: row.progress,
      summary: row.summary,
      nextSteps: row.next_steps,
      milestoneUpdates: row.milestone_updates,
      idempotencyKey: row.idempotency_key,
      idempotencyFingerprint: row.idempotency_fingerprint,
      submittedByUserId: row.submitted_by_user_id,
      submittedAt: row.submitted_at,
    });
    return { report, olderPending: row.older_pending };
  }

  /** The report this person posted on this activity with this Idempotency-Key, if any. */
  private findByKey(user: SignedInUser, activityId: string, idempotencyKey: string): Promise<ActivityReport | null> {
    return this.dataSource.getRepository(ActivityReport).findOne({ where: { submittedByUserId: user.userId, activityId, idempotencyKey } });
  }

  /**
   * The first result of a retried post, when it sends what the first one did; a 422 when the key comes
   * with another report (a client bug, or a key reused by mistake): answering with the first report
   * would silently drop this one.
   */
  private async replay(user: SignedInUser, earlier: ActivityReport, fingerprint: string): Promise<ReportResult> {
    const earlierFingerprint =
      earlier.idempotencyFingerprint ??
      reportFingerprint({ ...earlier, milestones: earlier.milestoneUpdates }); // a report from before fingerprints were kept
    if (earlierFingerprint !== fingerprint) {
      throw new ApiError(
        ApiErrorCode.IdempotencyMismatch,
        `This Idempotency-Key was already used for a different report on this activity (submitted ${earlier.submittedAt.toISOString()}); ` +
          'nothing was stored. Send a new Idempotency-Key with a new report, or the same report to retry.',
        [{ field: 'Idempotency-Key', message: 'already used with a different report body; use a new key' }],
      );
    }
    const activityId = earlier.activityId;
    const delivered = await this.dataSource.getRepository(WorkflowDelivery).findOne({ where: { reportId: earlier.id } });
    const pending = !delivered?.deliveredAt;
    return {
      statusCode: pending ? 202 : 201,
      body: {
        report: ReportDto.from(earlier),
        delivery: pending ? 'pending' : 'delivered',
        workflow: pending ? null : (await this.activities.getWithWorkflow(user, activityId)).workflow,
        notice: PERSONAL_DATA_NOTICE,
      },
    };
  }

  async list(user: SignedInUser, idOrKey: string, agreementKey?: string): Promise<ReportDto[]> {
    const activity = await this.activities.find(user, idOrKey, agreementKey);
    const reports = await this.dataSource.getRepository(ActivityReport).find({ where: { activityId: activity.id }, order: { submittedAt: 'DESC' } });
    return reports.map(ReportDto.from);
  }
}
