import { createHash, randomBytes } from 'node:crypto';
import { Body, Controller, Get, Header, HttpCode, NotFoundException, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn } from 'class-validator';
import { DataSource, IsNull } from 'typeorm';
import { Environment } from '@app/config';
import { Activity, Notification, User } from '@app/database';
import { answersForSql, isUuid, localDate } from '@app/domain';
import { activityLink } from '@app/notifications';
import { ActivityLifecycleClient } from '@app/temporal';
import { CurrentUser, Public } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import { ApiError } from '../common/api-error';
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
  @ApiProperty({ enum: ['reminder', 'escalation', 'acknowledged', 'correction'] }) kind: string;
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
  @ApiProperty() link: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) readAt: string | null;
  @ApiProperty({ enum: ['pending', 'sent', 'failed', 'not_wanted', 'off'], description: 'What became of the e-mail' }) email: string;

  static from(n: Notification): NotificationDto {
    return {
      id: n.id,
      kind: n.kind,
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
  ) {}

  @Get('notifications')
  @ApiOperation({ summary: 'My notifications, unread first, then newest first' })
  @ApiOkResponse({ type: NotificationListDto })
  async list(@CurrentUser() user: SignedInUser, @Query() q: PagingQuery): Promise<NotificationListDto> {
    const repo = this.dataSource.getRepository(Notification);
    const [rows, total] = await repo
      .createQueryBuilder('n')
      .where('n.recipient_user_id = :id', { id: user.userId })
      .orderBy('n.read_at IS NULL', 'DESC')
      .addOrderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(q.limit)
      .offset(q.offset)
      .getManyAndCount();
    const unread = await repo.count({ where: { recipientUserId: user.userId, readAt: IsNull() } });
    return { items: rows.map(NotificationDto.from), total, unread };
  }

  @Get('notifications/unread-count')
  @ApiOperation({ summary: 'How many of my notifications are unread' })
  async unreadCount(@CurrentUser() user: SignedInUser): Promise<{ unread: number }> {
    return { unread: await this.dataSource.getRepository(Notification).count({ where: { recipientUserId: user.userId, readAt: IsNull() } }) };
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  async readAll(@CurrentUser() user: SignedInUser): Promise<{ marked: number }> {
    const result = await this.dataSource.getRepository(Notification).update({ recipientUserId: user.userId, readAt: IsNull() }, { readAt: new Date() });
    return { marked: result.affected ?? 0 };
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiOkResponse({ type: NotificationDto })
  async read(@CurrentUser() user: SignedInUser, @Param('id') id: string): Promise<NotificationDto> {
    if (!isUuid(id)) throw ApiError.invalid('id', `"${id}" is not a notification id`);
    const repo = this.dataSource.getRepository(Notification);
    const n = await repo.findOne({ where: { id, recipientUserId: user.userId } });
    if (!n) throw ApiError.notFound(`You have no notification ${id}.`);
    if (!n.readAt) {
      n.readAt = new Date();
      await repo.update({ id }, { readAt: n.readAt });
    }
    return NotificationDto.from(n);
  }

  @Get('notifications/email-problems')
  @ApiOperation({ summary: 'E-mails that failed or are being retried (administrators)' })
  async emailProblems(@CurrentUser() user: SignedInUser) {
    authorize(user, 'administer');
    const rows: { id: string; email: string; subject: string; email_status: string; email_attempts: number; email_last_error: string | null; created_at: Date }[] =
      await this.dataSource.query(
        `SELECT n.id, u.email, n.subject, n.email_status, n.email_attempts, n.email_last_error, n.created_at
           FROM notification n JOIN app_user u ON u.id = n.recipient_user_id
          WHERE n.email_status = 'failed' OR (n.email_status = 'pending' AND n.email_last_error IS NOT NULL)
          ORDER BY n.created_at DESC LIMIT 200`,
      );
    return rows.map((r) => ({ id: r.id, to: r.email, subject: r.subject, status: r.email_status, attempts: r.email_attempts, lastError: r.email_last_error, createdAt: r.created_at.toISOString() }));
  }

  @Put('me/notification-settings')
  @ApiOperation({ summary: 'Choose immediate e-mail, the Monday digest only, or both' })
  async settings(@CurrentUser() user: SignedInUser, @Body() dto: NotificationSettingsDto): Promise<NotificationSettingsDto> {
    await this.dataSource.transaction(async (em) => {
      const before = await em.findOneOrFail(User, { where: { id: user.userId }, select: { id: true, notifyByEmail: true }, lock: { mode: 'pessimistic_write' } });
      await em.update(User, { id: user.userId }, { notifyByEmail: dto.email });
      await this.audit.record(user, { action: 'user.notification-settings', entityType: 'user', entityId: user.userId, before: { email: before.notifyByEmail }, after: { email: dto.email } }, em);
    });
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
    const token = await this.rotate(user.userId);
    // The audit trail says that the address changed, never the secret itself.
    await this.audit.record(user, { action: 'user.calendar-feed-rotated', entityType: 'user', entityId: user.userId });
    return { url: this.feedUrl(token) };
  }

  @Public()
  @Get('calendar/:file')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({ summary: 'A calendar feed (iCalendar) of one user’s deadlines; the address is the secret' })
  async calendar(@Param('file') file: string): Promise<StreamableFile> {
    const token = /^([A-Za-z0-9_-]{20,100})\.ics$/.exec(file)?.[1];
    const user = token
      ? await this.dataSource.getRepository(User).createQueryBuilder('u').where('u.calendar_token_hash = :hash', { hash: feedSecretHash(token) }).getOne()
      : null;
    if (!user) throw new NotFoundException('No such calendar feed. Make a new feed address in Samverkan (POST /api/me/calendar-feed).');
    const answering = answersForSql({ userId: user.id, roles: user.roles, partyId: user.partyId }, 'a', 1);
    const activities = await this.dataSource.query(
      `SELECT a.id, a.key, a.title FROM activity a WHERE a.status = 'active' AND ${answering.sql} ORDER BY a.title`,
      answering.params,
    );
    const mine = activities as Pick<Activity, 'id' | 'key' | 'title'>[];
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
          url: activityLink(this.env.PUBLIC_URL!, a.key),
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
