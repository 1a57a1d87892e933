import { createHash, randomBytes } from 'node:crypto';
import { Body, Controller, Get, Header, HttpCode, NotFoundException, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DataSource, In, IsNull } from 'typeorm';
import { Environment } from '@app/config';
import { acrossTenants, Notification, scopeTo, User } from '@app/database';
import { answersForSql, isUuid, localDate } from '@app/domain';
import type { Membership } from '@app/domain';
import { activityLink } from '@app/notifications';
import { ActivityLifecycleClient } from '@app/temporal';
import { CurrentUser, Public } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import { ApiError } from '../common/api-error';
import { AgreementScopeQuery, SLUG } from '../agreements/agreement.dto';
import { AgreementsService } from '../agreements/agreements.service';
import { AllDayEvent, renderCalendar } from './icalendar';
import { PagingQuery } from '../common/paging.dto';

/** The secret of a calendar feed address as stored: its SHA-256, never the secret. */
const feedSecretHash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

export class CalendarFeedStateDto {
  @ApiProperty({ description: 'Whether you have a calendar feed address now' }) active: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) createdAt: string | null;
  @ApiProperty() message: string;
}

export class CalendarFeedAddressDto {
  @ApiProperty({ description: 'The secret address; shown this once and stored nowhere' }) url: string;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['reminder', 'escalation', 'acknowledged', 'correction', 'digest'] }) kind: string;
  @ApiProperty({ description: 'Key of the agreement the notification is about (a digest is one agreement’s)', example: 'vasteras-2023-2027' }) agreement: string;
  @ApiProperty({ description: 'Title of that agreement' }) agreementTitle: string;
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
  @ApiProperty() link: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) readAt: string | null;
  @ApiProperty({ enum: ['pending', 'sent', 'failed', 'not_wanted', 'off'], description: 'What became of the e-mail' }) email: string;

  static from(n: Notification, user: SignedInUser): NotificationDto {
    const membership = user.memberships.find((m) => m.agreementId === n.agreementId);
    return {
      id: n.id,
      kind: n.kind,
      agreement: membership?.agreementKey ?? '',
      agreementTitle: membership?.agreementTitle ?? '',
      subject: n.subject,
      text: n.bodyText,
      link: n.link,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
      email: n.emailStatus,
    };
  }
}

export class NotificationListDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty() total: number;
  @ApiProperty() unread: number;
}

/**
 * The inbox's optional filter: without `agreement`, every notification of the person across all their
 * agreements (each item names its agreement); with it, that one agreement's only.
 */
export class InboxQuery extends PagingQuery {
  @ApiPropertyOptional({ description: 'Only the notifications of this one of your agreements; without it, those of all your agreements', example: 'vasteras-2023-2027' })
  @IsOptional()
  @Matches(SLUG, { message: 'agreement must be an agreement key such as vasteras-2023-2027' })
  agreement?: string;
}

export class NotificationSettingsDto {
  @ApiProperty({ enum: ['immediate', 'digest', 'both'], description: 'E-mail each reminder and escalation, only the Monday digest, or both' })
  @IsIn(['immediate', 'digest', 'both'], { message: 'email must be immediate, digest or both' })
  email: 'immediate' | 'digest' | 'both';
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
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

  @Get('notifications')
  @ApiOperation({
    summary: 'My notifications, unread first, then newest first',
    description:
      'Those of all my agreements, each naming its agreement (`agreement`, `agreementTitle`); `?agreement=<key>` shows one agreement’s only.',
  })
  @ApiOkResponse({ type: NotificationListDto })
  async list(@CurrentUser() user: SignedInUser, @Query() q: InboxQuery): Promise<NotificationListDto> {
    const agreementIds = await this.inboxAgreements(user, q.agreement);
    const repo = this.dataSource.getRepository(Notification);
    if (agreementIds.length === 0) return { items: [], total: 0, unread: 0 };
    const [rows, total] = await repo
      .createQueryBuilder('n')
      .where('n.recipient_user_id = :id', { id: user.userId })
      .andWhere('n.agreement_id IN (:...agreementIds)', { agreementIds })
      .orderBy('n.read_at IS NULL', 'DESC')
      .addOrderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(q.limit)
      .offset(q.offset)
      .getManyAndCount();
    const unread = await repo.count({ where: { recipientUserId: user.userId, agreementId: In(agreementIds), readAt: IsNull() } });
    return { items: rows.map((n) => NotificationDto.from(n, user)), total, unread };
  }

  @Get('notifications/unread-count')
  @ApiOperation({ summary: 'How many of my notifications are unread (of all my agreements, or of `?agreement=` only)' })
  async unreadCount(@CurrentUser() user: SignedInUser, @Query() q: AgreementScopeQuery): Promise<{ unread: number }> {
    const agreementIds = await this.inboxAgreements(user, q.agreement);
    if (agreementIds.length === 0) return { unread: 0 };
    return {
      unread: await this.dataSource.getRepository(Notification).count({ where: { recipientUserId: user.userId, agreementId: In(agreementIds), readAt: IsNull() } }),
    };
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all my notifications read (of all my agreements, or of `?agreement=` only)' })
  async readAll(@CurrentUser() user: SignedInUser, @Query() q: AgreementScopeQuery): Promise<{ marked: number }> {
    const agreementIds = await this.inboxAgreements(user, q.agreement);
    if (agreementIds.length === 0) return { marked: 0 };
    const result = await this.dataSource
      .getRepository(Notification)
      .update({ recipientUserId: user.userId, agreementId: In(agreementIds), readAt: IsNull() }, { readAt: new Date() });
    return { marked: result.affected ?? 0 };
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiOkResponse({ type: NotificationDto })
  async read(@CurrentUser() user: SignedInUser, @Param('id') id: string): Promise<NotificationDto> {
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

  @Get('notifications/email-problems')
  @ApiOperation({ summary: 'E-mails of one agreement that failed or are being retried (its administrators)' })
  async emailProblems(@CurrentUser() user: SignedInUser, @Query() q: AgreementScopeQuery) {
    const agreement = await this.agreements.resolveFor(user, q.agreement);
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

  @Put('me/notification-settings')
  @ApiOperation({ summary: 'Choose immediate e-mail, the Monday digest only, or both' })
  async settings(@CurrentUser() user: SignedInUser, @Body() dto: NotificationSettingsDto): Promise<NotificationSettingsDto> {
    // The person's own row, and an audit entry of no agreement (a setting of the person, not of one of
    // their agreements; a tenant-scoped connection may write only rows of an agreement): across
    // tenants on purpose, touching nothing but the signed-in person's row.
    await acrossTenants(() => this.dataSource.transaction(async (em) => {
      const before = await em.findOneOrFail(User, { where: { id: user.userId }, select: { id: true, notifyByEmail: true }, lock: { mode: 'pessimistic_write' } });
      await em.update(User, { id: user.userId }, { notifyByEmail: dto.email });
      await this.audit.record(user, { action: 'user.notification-settings', entityType: 'user', entityId: user.userId, before: { email: before.notifyByEmail }, after: { email: dto.email } }, em);
   }));
    return { email: dto.email };
  }

  @Get('me/calendar-feed')
  @ApiOperation({
    summary: 'Whether I have a calendar feed address, and since when',
    description: 'The address itself is secret and stored only as a hash, so it is shown once, by POST /api/me/calendar-feed, which makes a new one.',
  })
  @ApiOkResponse({ type: CalendarFeedStateDto })
  async calendarFeed(@CurrentUser() user: SignedInUser): Promise<CalendarFeedStateDto> {
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

  @Post('me/calendar-feed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make my calendar feed a new secret address, shown this once (an old one stops working)' })
  @ApiOkResponse({ type: CalendarFeedAddressDto })
  async rotateFeed(@CurrentUser() user: SignedInUser): Promise<CalendarFeedAddressDto> {
    // As with the settings: the person's own row and an audit entry of no agreement, across tenants on purpose.
    const token = await acrossTenants(async () => {
      const made = await this.rotate(user.userId);
      // The audit trail says that the address changed, never the secret itself.
      await this.audit.record(user, { action: 'user.calendar-feed-rotated', entityType: 'user', entityId: user.userId });
      return made;
    });
    return { url: this.feedUrl(token) };
  }

  @Public()
  @Get('calendar/:file')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({ summary: 'A calendar feed (iCalendar) of one user’s deadlines; the address is the secret' })
  async calendar(@Param('file') file: string): Promise<StreamableFile> {
    const token = /^([A-Za-z0-9_-]{20,100})\.ics$/.exec(file)?.[1];
    // Who the secret belongs to is found across tenants (nobody is signed in yet), and their
    // memberships with them; from then on the request sees only those agreements.
    const found = token
      ? await acrossTenants(async () => {
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
        })
      : null;
    if (!found) throw new NotFoundException('No such calendar feed. Make a new feed address in Samverkan (POST /api/me/calendar-feed).');
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
    // Asked of every workflow at once. While Temporal is away this is a 503, never a feed without
    // deadlines (a calendar would delete them).
    const upcoming = await Promise.all(mine.map((a) => this.lifecycle.upcomingDeadlines(a.id)));
    const events: AllDayEvent[] = [];
    for (const [i, a] of mine.entries()) {
      for (const at of upcoming[i]?.deadlines ?? []) {
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
    return new StreamableFile(Buffer.from(renderCalendar(`Samverkan – ${user.name}`, events), 'utf8'));
  }

  private async rotate(userId: string): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.dataSource.getRepository(User).update({ id: userId }, { calendarTokenHash: feedSecretHash(token), calendarFeedCreatedAt: new Date() });
    return token;
  }

  private feedUrl(token: string): string {
    return `${this.env.PUBLIC_URL!.replace(/\/$/, '')}/api/calendar/${token}.ics`;
  }
}
