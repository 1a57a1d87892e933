import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { Environment } from '@app/config';
import { acrossTenants, agendaDeadlines, Notification, readAgendas, scopeTo, User } from '@app/database';
import { answersForSql, isUuid, localDate } from '@app/domain';
import type { Membership } from '@app/domain';
import { activityLink } from '@app/notifications';
import { ActivityLifecycleClient } from '@app/temporal';
import type { SignedInUser } from '../auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import { ApiError } from '../common/api-error';
import { AgreementsService } from '../agreements/agreements.service';
import { AllDayEvent, renderCalendar } from './icalendar';
import { CalendarFeedStateDto, NotificationDto, NotificationListDto, NotificationSettingsDto } from './notifications.dto';

/** The secret of a calendar feed address as stored: its SHA-256, never the secret. */
const feedSecretHash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

export interface EmailProblemDto {
  id: string;
  to: string;
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

/**
 * A person's inbox, their e-mail choice and calendar feed, and an agreement's e-mail problems: every
 * query behind the notifications endpoints (the controller only maps HTTP to these).
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
    private readonly lifecycle: ActivityLifecycleClient,
    private readonly audit: AuditService,
    private readonly agreements: AgreementsService,
  ) {}

  /**
   * The agreements a request's notifications may come from: the one `?agreement=` names (it must be
   * one of the person's: else 400, as everywhere), else all the person's. The request's connection
   * already sees only those (row-level security); this is the application's own fence in front of it.
   */
  private async inboxAgreements(user: SignedInUser, key?: string): Promise<string[]> {
    if (key) return [(await this.agreements.resolveFor(user, key)).id];
    return user.memberships.map((m) => m.agreementId);
  }

  private unread(user: SignedInUser, agreementIds: string[]): Promise<number> {
    return this.dataSource.getRepository(Notification).count({ where: { recipientUserId: user.userId, agreementId: In(agreementIds), readAt: IsNull() } });
  }

  async list(user: SignedInUser, q: { agreement?: string; limit: number; offset: number }): Promise<NotificationListDto> {
    const agreementIds = await this.inboxAgreements(user, q.agreement);
    if (agreementIds.length === 0) return { items: [], total: 0, unread: 0 };
    const [rows, total] = await this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.recipient_user_id = :id', { id: user.userId })
      .andWhere('n.agreement_id IN (:...agreementIds)', { agreementIds })
      .orderBy('n.read_at IS NULL', 'DESC')
      .addOrderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(q.limit)
      .offset(q.offset)
      .getManyAndCount();
    return { items: rows.map((n) => NotificationDto.from(n, user)), total, unread: await this.unread(user, agreementIds) };
  }

  async unreadCount(user: SignedInUser, agreementKey?: string): Promise<{ unread: number }> {
    const agreementIds = await this.inboxAgreements(user, agreementKey);
    return { unread: agreementIds.length ? await this.unread(user, agreementIds) : 0 };
  }

  async readAll(user: SignedInUser, agreementKey?: string): Promise<{ marked: number }> {
    const agreementIds = await this.inboxAgreements(user, agreementKey);
    if (agreementIds.length === 0) return { marked: 0 };
    const result = await this.dataSource
      .getRepository(Notification)
      .update({ recipientUserId: user.userId, agreementId: In(agreementIds), readAt: IsNull() }, { readAt: new Date() });
    return { marked: result.affected ?? 0 };
  }

  async read(user: SignedInUser, id: string): Promise<NotificationDto> {
    if (!isUuid(id)) throw ApiError.invalid('id', `"${id}" is not a notification id`);
    const repo = this.dataSource.getRepository(Notification);
    const agreementIds = user.memberships.map((m) => m.agreementId);
    const n = agreementIds.length ? await repo.findOne({ where: { id, recipientUserId: user.userId, agreementId: In(agreementIds) } }) : null;
    if (!n) throw ApiError.notFound(`You have no notification ${id}.`);
    if (!n.readAt) {
      n.readAt = new Date();
      await repo.update({ id }, { readAt: n.readAt });
    }
    return NotificationDto.from(n, user);
  }

  /** The e-mails of one agreement that failed or are being retried; for its administrators. */
  async emailProblems(user: SignedInUser, agreementKey?: string): Promise<EmailProblemDto[]> {
    const agreement = await this.agreements.resolveFor(user, agreementKey);
    authorize(user, 'administer', { agreementId: agreement.id });
    const rows: { id: string; email: string; subject: string; email_status: string; email_attempts: number; email_last_error: string | null; created_at: Date }[] =
      await this.dataSource.query(
        `SELECT n.id, u.email, n.subject, n.email_status, n.email_attempts, n.email_last_error, n.created_at
           FROM notification n JOIN app_user u ON u.id = n.recipient_user_id
          WHERE n.agreement_id = $1 AND (n.email_status = 'failed' OR (n.email_status = 'pending' AND n.email_last_error IS NOT NULL))
          ORDER BY n.created_at DESC LIMIT 200`,
        [agreement.id],
      );
    return rows.map((r) => ({ id: r.id, to: r.email, subject: r.subject, status: r.email_status, attempts: r.email_attempts, lastError: r.email_last_error, createdAt: r.created_at.toISOString() }));
  }

  async chooseEmail(user: SignedInUser, dto: NotificationSettingsDto): Promise<NotificationSettingsDto> {
    // The person's own row, and an audit entry of no agreement (a setting of the person, not of one of
    // their agreements; a tenant-scoped connection may write only rows of an agreement): across
    // tenants on purpose, touching nothing but the signed-in person's row.
    await acrossTenants(() =>
      this.dataSource.transaction(async (em) => {
        const before = await em.findOneOrFail(User, { where: { id: user.userId }, select: { id: true, notifyByEmail: true }, lock: { mode: 'pessimistic_write' } });
        await em.update(User, { id: user.userId }, { notifyByEmail: dto.email });
        await this.audit.record(user, { action: 'user.notification-settings', entityType: 'user', entityId: user.userId, before: { email: before.notifyByEmail }, after: { email: dto.email } }, em);
      }),
    );
    return { email: dto.email };
  }

  async calendarFeedState(user: SignedInUser): Promise<CalendarFeedStateDto> {
    const found = await this.dataSource.getRepository(User).findOneOrFail({ where: { id: user.userId }, select: { id: true, calendarFeedCreatedAt: true } });
    const createdAt = found.calendarFeedCreatedAt?.toISOString() ?? null;
    return {
      active: createdAt !== null,
      createdAt,
      message: createdAt
        ? 'Du har en kalenderadress. Den visas bara när den skapas; skapa en ny (POST) om du behöver den igen – den gamla slutar då att fungera.'
        : 'Du har ingen kalenderadress än. Skapa en med POST /api/me/calendar-feed.',
    };
  }

  /** A new secret feed address (the old one stops working), returned this once. */
  async rotateCalendarFeed(user: SignedInUser): Promise<string> {
    // As with the settings: the person's own row and an audit entry of no agreement, across tenants on purpose.
    const token = await acrossTenants(async () => {
      const made = randomBytes(24).toString('base64url');
      await this.dataSource.getRepository(User).update({ id: user.userId }, { calendarTokenHash: feedSecretHash(made), calendarFeedCreatedAt: new Date() });
      // The audit trail says that the address changed, never the secret itself.
      await this.audit.record(user, { action: 'user.calendar-feed-rotated', entityType: 'user', entityId: user.userId });
      return made;
    });
    return `${this.env.PUBLIC_URL!.replace(/\/$/, '')}/api/calendar/${token}.ics`;
  }

  /** The iCalendar text of the feed whose secret is `token`, or null when no active person has it. */
  async calendar(token: string): Promise<string | null> {
    // Who the secret belongs to is found across tenants (nobody is signed in yet), and their
    // memberships with them; from then on the request sees only those agreements.
    const found = await acrossTenants(async () => {
      const user = await this.dataSource
        .getRepository(User)
        .createQueryBuilder('u')
        .where('u.calendar_token_hash = :hash AND u.deactivated_at IS NULL', { hash: feedSecretHash(token) })
        .getOne();
      if (!user) return null;
      const memberships: { agreement_id: string; party_id: string | null; roles: Membership['roles'] }[] = await this.dataSource.query(
        `SELECT agreement_id, party_id, roles FROM membership WHERE user_id = $1 ORDER BY agreement_id`,
        [user.id],
      );
      return { user, memberships: memberships.map((m): Membership => ({ agreementId: m.agreement_id, partyId: m.party_id, roles: m.roles })) };
    });
    if (!found) return null;
    const { user, memberships } = found;
    scopeTo(memberships.map((m) => m.agreementId), user.id);
    // The activities the person answers for, in each of their agreements (one rule: answersForSql).
    const conditions: string[] = [];
    const params: (string | null)[] = [];
    for (const m of memberships) {
      const answering = answersForSql({ userId: user.id, agreementId: m.agreementId, roles: m.roles, partyId: m.partyId }, 'a', params.length + 1);
      conditions.push(answering.sql);
      params.push(...answering.params);
    }
    const mine: { id: string; key: string; title: string; agreement_key: string }[] = conditions.length
      ? await this.dataSource.query(
          `SELECT a.id, a.key, a.title, ag.key AS agreement_key
             FROM activity a JOIN agreement ag ON ag.id = a.agreement_id
            WHERE a.status = 'active' AND (${conditions.join(' OR ')})
            ORDER BY a.title, ag.key`,
          params,
        )
      : [];
    // From the agendas the workflows wrote (one query). One not written yet (a workflow from before
    // the agenda table, in the moment before the worker asks it to) is asked of its workflow; while
    // Temporal is away that is a 503, never a feed without those deadlines (a calendar would delete them).
    const agendas = await readAgendas(this.dataSource, mine.map((a) => a.id));
    const upcoming = await Promise.all(
      mine.map(async (a) => {
        const agenda = agendas.get(a.id);
        return agenda?.synced ? agendaDeadlines(agenda) : ((await this.lifecycle.upcomingDeadlines(a.id))?.deadlines ?? []);
      }),
    );
    const events: AllDayEvent[] = [];
    for (const [i, a] of mine.entries()) {
      for (const at of upcoming[i]) {
        const date = localDate(Date.parse(at) - 1); // due at the end of that day
        events.push({
          uid: `${a.id}-${at}@samverkan`,
          date,
          summary: `Lägesrapport: ${a.title}`,
          description: `Uppföljning av ”${a.title}” ska vara inne senast denna dag. Lämna rapporten i Samverkan.`,
          url: activityLink(this.env.PUBLIC_URL!, a.agreement_key, a.key),
        });
      }
    }
    return renderCalendar(`Samverkan – ${user.name}`, events);
  }
}
