import { EntityManager } from 'typeorm';
import { recipientsOf } from '@app/domain';
import type { GovernanceBody, NotifiableEvent } from '@app/domain';
import type { UserRole } from '@app/domain';
import { Activity, Notification, NotificationKind } from '@app/database';
import { acknowledgedText, ComposedMessage, correctionText, escalationText, ownerAssignedText, reminderText } from './swedish-texts';

/**
 * Where a person opens an activity: its page in the web app, under its agreement (an activity key such
 * as `mbu` exists in several agreements, so the agreement is always named).
 */
export function activityLink(publicUrl: string, agreementKey: string, activityKey: string): string {
  return `${agreementLink(publicUrl, agreementKey)}/aktivitet/${encodeURIComponent(activityKey)}`;
}

/** The start of every in-app address within one agreement: `${publicUrl}/#/<agreementKey>`. */
export function agreementLink(publicUrl: string, agreementKey: string): string {
  return `${publicUrl.replace(/\/$/, '')}/#/${encodeURIComponent(agreementKey)}`;
}

/** A member of an agreement as the notifications see them: their membership's roles and party there. */
export interface AgreementMember {
  id: string;
  roles: UserRole[];
  partyId: string | null;
  notifyByEmail: string;
}

/**
 * The members of one agreement, with the roles and party of their membership there: the only people
 * an event of one of its activities can reach (besides its owner, who is one of them in practice).
 */
export async function membersOf(em: EntityManager, agreementId: string): Promise<AgreementMember[]> {
  const rows: { id: string; roles: UserRole[]; party_id: string | null; notify_by_email: string }[] = await em.query(
    `SELECT m.user_id AS id, m.roles, m.party_id, u.notify_by_email
       FROM membership m JOIN app_user u ON u.id = m.user_id
      WHERE m.agreement_id = $1
      ORDER BY m.user_id`,
    [agreementId],
  );
  return rows.map((r) => ({ id: r.id, roles: r.roles, partyId: r.party_id, notifyByEmail: r.notify_by_email }));
}

export interface FollowUpEventForNotice {
  key: string;
  kind: 'deadline' | 'reminder' | 'escalation';
  dueAt: Date;
  level: number | null;
  body: string | null;
}

/**
 * Writes the notifications an event causes, one per recipient, in the caller's transaction. The
 * recipients are found among the members of the activity's agreement (with their roles and party
 * there), and each row names that agreement. The
 * (recipient, activity, dedupe key) triple is unique, so writing the same event again writes nothing,
 * and the same event key of another activity is another event. Returns the ids of this event's
 * notifications still waiting for their e-mail.
 */
export async function writeNotifications(
  em: EntityManager,
  args: { activityId: string; dedupeKey: string; kind: NotificationKind; event: NotifiableEvent; compose: (link: string) => ComposedMessage; publicUrl: string },
): Promise<string[]> {
  const activity = await em.findOneOrFail(Activity, { where: { id: args.activityId }, relations: { agreement: true } });
  // Looked up within the activity's agreement only: nobody of another agreement is ever told.
  const people = await membersOf(em, activity.agreementId);
  const recipients = recipientsOf(args.event, people);
  if (recipients.length === 0) return [];
  const link = activityLink(args.publicUrl, activity.agreement.key, activity.key);
  const message = args.compose(link);
  const byId = new Map(people.map((p) => [p.id, p.notifyByEmail]));
  // The owner is told as before, also should they (no longer) be a member: their own choice of e-mail counts.
  for (const id of recipients.filter((r) => !byId.has(r))) {
    const [row]: { notify_by_email: string }[] = await em.query(`SELECT notify_by_email FROM app_user WHERE id = $1`, [id]);
    if (row) byId.set(id, row.notify_by_email);
  }
  await em
    .createQueryBuilder()
    .insert()
    .into(Notification)
    .values(
      recipients.map((recipientUserId) => ({
        recipientUserId,
        dedupeKey: args.dedupeKey,
        kind: args.kind,
        activityId: activity.id,
        agreementId: activity.agreementId,
        subject: message.subject,
        bodyText: message.text,
        link,
        emailStatus: byId.get(recipientUserId) === 'digest' ? ('not_wanted' as const) : ('pending' as const),
      })),
    )
    .orIgnore()
    .execute();
  const pending = await em.find(Notification, { select: { id: true }, where: { dedupeKey: args.dedupeKey, activityId: activity.id, emailStatus: 'pending' } });
  return pending.map((n) => n.id);
}

/** The dedupe key of a follow-up row's notifications: its key, unique within its activity (see `Notification`). */
export function followUpEventDedupeKey(rowKey: string): string {
  return `event:${rowKey}`;
}

/** The notifications of a fired reminder or escalation (deadlines themselves notify nobody). */
export async function notifyFollowUpEvent(em: EntityManager, activityId: string, row: FollowUpEventForNotice, publicUrl: string): Promise<string[]> {
  if (row.kind === 'deadline') return [];
  const activity = await em.findOneOrFail(Activity, { where: { id: activityId } });
  if (row.kind === 'reminder') {
    const deadlineDue = deadlineDueOf(row);
    return writeNotifications(em, {
      activityId,
      dedupeKey: followUpEventDedupeKey(row.key),
      kind: 'reminder',
      event: { kind: 'reminder', ownerId: activity.ownerId },
      compose: (link) => reminderText(activity, deadlineDue, link),
      publicUrl,
    });
  }
  const body = (row.body ?? 'operational') as GovernanceBody;
  const offTrack = row.key.startsWith('off-track:');
  return writeNotifications(em, {
    activityId,
    dedupeKey: followUpEventDedupeKey(row.key),
    kind: 'escalation',
    event: { kind: 'escalation', ownerId: activity.ownerId, leadPartyId: activity.leadPartyId, body, offTrack },
    compose: (link) => escalationText(activity, row.level ?? 1, body, offTrack ? 'off_track' : 'missed_deadline', deadlineDueOf(row), link),
    publicUrl,
  });
}

/** A reminder's or escalation's key starts with its deadline's key, which ends in the due instant. */
function deadlineDueOf(row: FollowUpEventForNotice): Date {
  const match = /:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)/.exec(row.key);
  return match ? new Date(match[1]) : row.dueAt;
}

/**
 * A missed deadline turned out met: the report was submitted in time and reached the follow-up late.
 * Everyone who was told of the deadline's escalations hears that it was in time after all, and so does
 * the owner. No escalation was sent yet: only the owner, who may have wondered.
 */
export async function notifyCorrection(
  em: EntityManager,
  activityId: string,
  correction: { deadlineKey: string; deadlineDueAt: Date; escalationKeys: string[]; submittedAt: Date },
  publicUrl: string,
): Promise<string[]> {
  const activity = await em.findOneOrFail(Activity, { where: { id: activityId } });
  const told: { recipient_user_id: string }[] = correction.escalationKeys.length
    ? await em.query(
        // Those told of its escalations who are still members of the activity's agreement.
        `SELECT DISTINCT n.recipient_user_id FROM notification n
          WHERE n.activity_id = $1 AND n.kind = 'escalation' AND n.dedupe_key = ANY($2)
            AND EXISTS (SELECT 1 FROM membership m WHERE m.user_id = n.recipient_user_id AND m.agreement_id = n.agreement_id)`,
        [activityId, correction.escalationKeys.map(followUpEventDedupeKey)],
      )
    : [];
  return writeNotifications(em, {
    activityId,
    dedupeKey: `correction:${correction.deadlineKey}`,
    kind: 'correction',
    event: { kind: 'correction', ownerId: activity.ownerId, told: told.map((t) => t.recipient_user_id) },
    compose: (link) => correctionText(activity, correction.deadlineDueAt, correction.submittedAt, told.length > 0, link),
    publicUrl,
  });
}

/** Tells the person just made the activity's owner (`assignedBy`: who did it); `changeId` (the audit entry) dedupes. */
export async function notifyOwnerAssigned(em: EntityManager, activityId: string, ownerId: string, assignedBy: string | null, changeId: string, publicUrl: string): Promise<string[]> {
  const activity = await em.findOneOrFail(Activity, { where: { id: activityId } });
  return writeNotifications(em, {
    activityId,
    dedupeKey: `owner-assigned:${changeId}`,
    kind: 'owner_assigned',
    event: { kind: 'owner_assigned', ownerId },
    compose: (link) => ownerAssignedText(activity, assignedBy, link),
    publicUrl,
  });
}

export async function notifyAcknowledged(em: EntityManager, escalationId: string, activityId: string, comment: string, publicUrl: string): Promise<string[]> {
  const activity = await em.findOneOrFail(Activity, { where: { id: activityId } });
  return writeNotifications(em, {
    activityId,
    dedupeKey: `acknowledged:${escalationId}`,
    kind: 'acknowledged',
    event: { kind: 'acknowledged', ownerId: activity.ownerId },
    compose: (link) => acknowledgedText(activity, comment, link),
    publicUrl,
  });
}
