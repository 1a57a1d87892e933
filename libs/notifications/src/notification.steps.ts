import { DataSource } from 'typeorm';
import { Notification, User } from '@app/database';
import type { NotificationSteps } from '@app/workflows/notifications/deliver-notification.steps';
import { Mailer } from './mailer';
import { digestText, toHtml } from './swedish-texts';
import { answersFor, BODY_MEMBERS, localDate } from '@app/domain';
import type { GovernanceBody, UserRole } from '@app/domain';

export interface DigestOptions {
  publicUrl?: string;
  /** The activity's upcoming deadlines as its workflow sees them (ISO instants), and its clock offset. */
  upcomingDeadlines?: (activityId: string) => Promise<{ deadlines: string[]; clockOffsetMs: number } | null>;
  startMail?: (notificationIds: string[]) => Promise<void>;
}

const TWO_WEEKS = 14 * 86_400_000;

/** The steps of the e-mail workflows. Sending checks the row first: a retry after success sends nothing. */
export function createNotificationSteps(dataSource: DataSource, mailer: Mailer | null, options: DigestOptions = {}): NotificationSteps {
  return {
    async prepareWeeklyDigests(asOfIso: string): Promise<number> {
      const asOf = new Date(asOfIso);
      const people: { id: string; roles: string[]; party_id: string | null; notify_by_email: string }[] = await dataSource.query(
        `SELECT id, roles, party_id, notify_by_email FROM app_user`,
      );
      const activities: { id: string; title: string; owner_id: string | null; lead_party_id: string }[] = await dataSource.query(
        `SELECT id, title, owner_id, lead_party_id FROM activity WHERE status = 'active'`,
      );
      const deadlines = new Map<string, Date[]>();
      for (const a of activities) {
        const upcoming = options.upcomingDeadlines ? await options.upcomingDeadlines(a.id) : null; // throws while Temporal is away: the step is retried
        if (!upcoming) continue;
        const from = asOf.getTime() + upcoming.clockOffsetMs;
        deadlines.set(a.id, upcoming.deadlines.map((d) => new Date(d)).filter((d) => d.getTime() >= from && d.getTime() < from + TWO_WEEKS));
      }
      const open: { activity_id: string; level: number; body: GovernanceBody }[] = await dataSource.query(
        `SELECT activity_id, level, body FROM follow_up_event WHERE kind = 'escalation' AND resolved_at IS NULL`,
      );
      const week = localDate(asOf.getTime());
      for (const person of people) {
        const actor = { userId: person.id, roles: person.roles as UserRole[], partyId: person.party_id };
        const mine = activities.filter((a) => answersFor(actor, { ownerId: a.owner_id, leadPartyId: a.lead_party_id }));
        const bodies = (Object.entries(BODY_MEMBERS) as [GovernanceBody, string][]).filter(([, role]) => person.roles.includes(role)).map(([b]) => b);
        const lines = mine.flatMap((a) => (deadlines.get(a.id) ?? []).map((dueAt) => ({ title: a.title, dueAt })));
        const escalations = open
          .filter((e) => mine.some((a) => a.id === e.activity_id) || bodies.includes(e.body))
          .map((e) => ({ title: activities.find((a) => a.id === e.activity_id)?.title ?? '', level: e.level, body: e.body }));
        if (lines.length === 0 && escalations.length === 0) continue;
        const link = (options.publicUrl ?? 'http://localhost:3000').replace(/\/$/, '');
        const message = digestText(asOf, lines, escalations, link);
        await dataSource
          .createQueryBuilder()
          .insert()
          .into(Notification)
          .values({
            recipientUserId: person.id,
            dedupeKey: `digest:${week}`,
            kind: 'digest',
            activityId: null,
            subject: message.subject,
            bodyText: message.text,
            link,
            emailStatus: person.notify_by_email === 'immediate' ? 'not_wanted' : 'pending',
          })
          .orIgnore() // one digest per person and week (no activity: unique over recipient and key), however often this step is retried
          .execute();
      }
      // Every digest of the week whose e-mail is still to go, also those written by an earlier attempt.
      const pending = await dataSource
        .getRepository(Notification)
        .find({ select: { id: true }, where: { dedupeKey: `digest:${week}`, emailStatus: 'pending' } });
      const written = pending.map((n) => n.id);
      if (written.length && options.startMail) await options.startMail(written);
      return written.length;
    },

    async sendNotificationEmail(notificationId: string): Promise<'sent' | 'already-sent' | 'mail-off' | 'not-wanted'> {
      const notifications = dataSource.getRepository(Notification);
      const n = await notifications.findOne({ where: { id: notificationId } });
      if (!n || n.emailStatus === 'sent') return 'already-sent';
      if (n.emailStatus === 'not_wanted') return 'not-wanted';
      if (!mailer) {
        await notifications.update({ id: n.id, emailStatus: 'pending' }, { emailStatus: 'off' });
        return 'mail-off';
      }
      const user = await dataSource.getRepository(User).findOneOrFail({ where: { id: n.recipientUserId } });
      await notifications.increment({ id: n.id }, 'emailAttempts', 1);
      try {
        await mailer.send({
          to: user.email,
          subject: n.subject,
          text: n.bodyText,
          html: toHtml({ subject: n.subject, text: n.bodyText }, n.link),
          messageId: `<${n.id}@samverkan>`,
        });
      } catch (error) {
        await notifications.update({ id: n.id }, { emailLastError: String((error as Error).message ?? error).slice(0, 1000) });
        throw error; // Temporal retries with back-off
      }
      await notifications.update({ id: n.id }, { emailStatus: 'sent', emailSentAt: new Date(), emailLastError: null });
      return 'sent';
    },

    async markEmailFailed(notificationId: string, reason: string): Promise<void> {
      await dataSource
        .getRepository(Notification)
        .update({ id: notificationId, emailStatus: 'pending' }, { emailStatus: 'failed', emailLastError: reason.slice(0, 1000) });
    },
  };
}
