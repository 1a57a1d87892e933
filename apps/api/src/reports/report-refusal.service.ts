import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment } from '@app/config';
import { ActivityReport, Notification } from '@app/database';
import { activityLink, reportRefusedText } from '@app/notifications';
import { NotificationMailClient } from '@app/temporal';
import { AuditService } from '../audit/audit.service';
import type { SignedInUser } from '../auth/auth.decorators';
import { ReportDto } from './report.dto';

/** The dedupe key of the notification that tells a writer their report was refused (one per report). */
export function reportRefusedDedupeKey(reportId: string): string {
  return `report-refused:${reportId}`;
}

/**
 * Undoes a report that its activity's workflow refused (the activity was completed a moment before,
 * say), whether the poster is still waiting (the 409 of the synchronous path) or was answered 202 and
 * the outbox delivered it later. One way for both: the report, its outbox row and its delmål changes
 * go, and the refusal is audited as `report.refused`. After a 202 the writer has heard nothing more,
 * so they get a notification (in Swedish, with their own summary) saying it was not accepted and why.
 */
@Injectable()
export class ReportRefusalService {
  private readonly logger = new Logger(ReportRefusalService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly mailClient: NotificationMailClient,
    private readonly env: Environment,
  ) {}

  /**
   * Undoes report `reportId` in one transaction; answers false when it was gone already (another API
   * instance undid it). A delmål goes back to its status from before the report, unless something
   * after the report changed it again. `actor` is the poster on the synchronous path, null after a 202
   * (nobody did it: the workflow refused); `notifyWriter` tells the writer by notification.
   */
  async undo(reportId: string, reason: string, options: { actor: SignedInUser | null; notifyWriter: boolean }): Promise<boolean> {
    const outcome = await this.dataSource.transaction(async (em) => {
      const report = await em.findOne(ActivityReport, { where: { id: reportId }, lock: { mode: 'pessimistic_write' } });
      if (!report) return null;
      // The statuses before the report, as its own statement recorded them in its audit entry.
      const [submitted]: { before: { milestones?: { milestoneId: string; status: string }[] } | null }[] = await em.query(
        `SELECT before FROM audit_entry WHERE activity_id = $1 AND action = 'report.submit' AND entity_id = $2 LIMIT 1`,
        [report.activityId, report.id],
      );
      const before = submitted?.before?.milestones ?? [];
      const set = new Map((report.milestoneUpdates ?? []).map((m) => [m.milestoneId, m.status]));
      for (const m of before) {
        if (!set.has(m.milestoneId)) continue;
        await em.query(`UPDATE milestone SET status = $2 WHERE id = $1 AND status = $3`, [m.milestoneId, m.status, set.get(m.milestoneId)]);
      }
      await em.query(`DELETE FROM workflow_delivery WHERE report_id = $1`, [report.id]);
      await em.delete(ActivityReport, { id: report.id });
      await this.audit.record(
        options.actor,
        {
          action: 'report.refused',
          entityType: 'report',
          entityId: report.id,
          activityId: report.activityId,
          before: ReportDto.from(report),
          after: { reason, ...(options.notifyWriter ? { after: 'accepted (202), delivered later' } : {}) },
        },
        em,
      );
      const mail = options.notifyWriter && report.submittedByUserId ? await this.notifyWriter(em, report, reason) : [];
      return { mail };
    });
    if (!outcome) return false;
    // After commit; if Temporal is away, the worker starts these e-mails when it next looks.
    if (outcome.mail.length) await this.mailClient.start(outcome.mail).catch((error) => this.logger.warn(`The refusal's e-mail waits for the worker: ${(error as Error).message}`));
    return true;
  }

  private async notifyWriter(em: DataSource['manager'], report: ActivityReport, reason: string): Promise<string[]> {
    const [target]: { title: string; key: string; agreement_id: string; agreement_key: string; notify_by_email: string }[] = await em.query(
      `SELECT a.title, a.key, a.agreement_id, ag.key AS agreement_key, u.notify_by_email
         FROM activity a JOIN agreement ag ON ag.id = a.agreement_id, app_user u
        WHERE a.id = $1 AND u.id = $2`,
      [report.activityId, report.submittedByUserId],
    );
    if (!target) return [];
    const link = activityLink(this.env.PUBLIC_URL ?? '', target.agreement_key, target.key);
    const message = reportRefusedText(target, report.submittedAt, reason, report.summary, link);
    const inserted = await em
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values({
        recipientUserId: report.submittedByUserId!,
        dedupeKey: reportRefusedDedupeKey(report.id),
        // A correction of what the writer was told (saved, to be delivered): no kind of its own.
        kind: 'correction',
        activityId: report.activityId,
        agreementId: target.agreement_id,
        subject: message.subject,
        bodyText: message.text,
        link,
        emailStatus: target.notify_by_email === 'digest' ? 'not_wanted' : 'pending',
      })
      .orIgnore()
      .returning('id, email_status')
      .execute();
    return (inserted.raw as { id: string; email_status: string }[]).filter((n) => n.email_status === 'pending').map((n) => n.id);
  }
}
