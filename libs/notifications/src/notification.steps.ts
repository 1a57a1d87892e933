import { DataSource } from 'typeorm';
import { agendaDeadlines, Notification, readAgendas, User } from '@app/database';
import type { NotificationSteps } from '@app/workflows/notifications/deliver-notification.steps';
import { Mailer } from './mailer';
import { digestText, toHtml } from './swedish-texts';
import { answersFor, BODY_MEMBERS, localDate, memberOf } from '@app/domain';
import type { GovernanceBody, SignedInPerson, UserRole } from '@app/domain';
import { activityLink, agreementLink } from './notification-writer';

export interface DigestOptions {
  publicUrl?: string;
  /**
   * The activity's upcoming deadlines as its workflow sees them (ISO instants), and its clock offset:
   * asked only of a workflow that has not written its agenda to PostgreSQL yet.
   */
  upcomingDeadlines?: (activityId: string) => Promise<{ deadlines: string[]; clockOffsetMs: number } | null>;
  startMail?: (notificationIds: string[]) => Promise<void>;
}

const TWO_WEEKS = 14 * 86_400_000;

/** The steps of the e-mail workflows. Sending checks the row first: a retry after success sends nothing. */
export function createNotificationSteps(dataSource: DataSource, mailer: Mailer | null, options: DigestOptions = {}): NotificationSteps {
  return {
    async prepareWeeklyDigests(asOfIso: string): Promise<number> {
      const asOf = new Date(asOfIso);
      const publicUrl = options.publicUrl ?? 'http://localhost:3000';
      // One digest per (person, agreement): every membership, with that agreement's roles and party.
      const memberships: { user_id: string; agreement_id: string; roles: UserRole[]; party_id: string | null; notify_by_email: string }[] = await dataSource.query(
        `SELECT m.user_id, m.agreement_id, m.roles, m.party_id, u.notify_by_email
           FROM membership m JOIN app_user u ON u.id = m.user_id
          WHERE u.deactivated_at IS NULL
          ORDER BY m.user_id, m.agreement_id`,
      );
      type AgreementRow = { id: string; key: string; title: string; municipality: string; valid_from: string; valid_to: string };
      const agreements = new Map<string, AgreementRow>(
        ((await dataSource.query(`SELECT id, key, title, municipality, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to FROM agreement`)) as AgreementRow[]).map((a) => [a.id, a]),
      );
      const activities: { id: string; key: string; title: string; agreement_id: string; owner_id: string | null; lead_party_id: string }[] = await dataSource.query(
        `SELECT id, key, title, agreement_id, owner_id, lead_party_id FROM activity WHERE status = 'active'`,
      );
      const activityById = new Map(activities.map((a) => [a.id, a]));
      // From the agendas the workflows wrote, in one query. One not written yet (a workflow from before
      // the agenda table) is asked of its workflow; that throws while Temporal is away, and the step is retried.
      const agendas = await readAgendas(dataSource, activities.map((a) => a.id));
      const deadlines = new Map<string, Date[]>();
      for (const a of activities) {
        const agenda = agendas.get(a.id);
        const upcoming = agenda?.synced
          ? { deadlines: agendaDeadlines(agenda), clockOffsetMs: agenda.clockOffsetMs }
          : options.upcomingDeadlines
            ? await options.upcomingDeadlines(a.id)
            : null;
        if (!upcoming) continue;
        const from = asOf.getTime() + upcoming.clockOffsetMs;
        deadlines.set(a.id, upcoming.deadlines.map((d) => new Date(d)).filter((d) => d.getTime() >= from && d.getTime() < from + TWO_WEEKS));
      }
      const open: { activity_id: string; agreement_id: string; level: number; body: GovernanceBody }[] = await dataSource.query(
        `SELECT activity_id, agreement_id, level, body FROM follow_up_event WHERE kind = 'escalation' AND resolved_at IS NULL ORDER BY due_at, key`,
      );
      const people = new Map<string, SignedInPerson>();
      for (const m of memberships) {
        const person = people.get(m.user_id) ?? { userId: m.user_id, memberships: [] };
        person.memberships.push({ agreementId: m.agreement_id, roles: m.roles, partyId: m.party_id });
        people.set(m.user_id, person);
      }
      const week = localDate(asOf.getTime());
      for (const m of memberships) {
        const agreement = agreements.get(m.agreement_id);
        if (!agreement) continue;
        const actor = memberOf(people.get(m.user_id)!, m.agreement_id);
        const mine = activities.filter(
          (a) => a.agreement_id === m.agreement_id && answersFor(actor, { agreementId: a.agreement_id, ownerId: a.owner_id, leadPartyId: a.lead_party_id }),
        );
        const bodies = (Object.entries(BODY_MEMBERS) as [GovernanceBody, UserRole][]).filter(([, role]) => actor.roles.includes(role)).map(([b]) => b);
        const link = (key: string) => activityLink(publicUrl, agreement.key, key);
        const lines = mine.flatMap((a) => (deadlines.get(a.id) ?? []).map((dueAt) => ({ title: a.title, dueAt, link: link(a.key) })));
        const escalations = open
          .filter((e) => e.agreement_id === m.agreement_id && activityById.get(e.activity_id)?.agreement_id === m.agreement_id)
          .filter((e) => mine.some((a) => a.id === e.activity_id) || bodies.includes(e.body))
          .map((e) => {
            const a = activityById.get(e.activity_id)!;
            return { title: a.title, level: e.level, body: e.body, link: link(a.key) };
          });
        if (lines.length === 0 && escalations.length === 0) continue;
        const home = `${agreementLink(publicUrl, agreement.key)}/mina`;
        const message = digestText(asOf, { title: agreement.title, municipality: agreement.municipality, validFrom: agreement.valid_from, validTo: agreement.valid_to }, lines, escalations, home);
        await dataSource
          .createQueryBuilder()
          .insert()
          .into(Notification)
          .values({
            recipientUserId: m.user_id,
            agreementId: m.agreement_id, // a digest has no activity: it names its agreement itself
            dedupeKey: `digest:${week}`,
            kind: 'digest',
            activityId: null,
            subject: message.subject,
            bodyText: message.text,
            link: home,
            emailStatus: m.notify_by_email === 'immediate' ? 'not_wanted' : 'pending',
          })
          .orIgnore() // one digest per person, agreement and week (no activity: unique over recipient, agreement and key), however often this step is retried
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
