import { Body, Controller, Get, Header, HttpCode, NotFoundException, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { AgreementScopeQuery } from '../agreements/agreement.dto';
import { CalendarFeedAddressDto, CalendarFeedStateDto, InboxQuery, NotificationDto, NotificationListDto, NotificationSettingsDto } from './notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @ApiOperation({
    summary: 'My notifications, unread first, then newest first',
    description:
      'Those of all my agreements, each naming its agreement (`agreement`, `agreementTitle`); `?agreement=<key>` shows one agreement’s only.',
  })
  @ApiOkResponse({ type: NotificationListDto })
  list(@CurrentUser() user: SignedInUser, @Query() q: InboxQuery): Promise<NotificationListDto> {
    return this.notifications.list(user, q);
  }

  @Get('notifications/unread-count')
  @ApiOperation({ summary: 'How many of my notifications are unread (of all my agreements, or of `?agreement=` only)' })
  unreadCount(@CurrentUser() user: SignedInUser, @Query() q: AgreementScopeQuery): Promise<{ unread: number }> {
    return this.notifications.unreadCount(user, q.agreement);
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all my notifications read (of all my agreements, or of `?agreement=` only)' })
  readAll(@CurrentUser() user: SignedInUser, @Query() q: AgreementScopeQuery): Promise<{ marked: number }> {
    return this.notifications.readAll(user, q.agreement);
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiOkResponse({ type: NotificationDto })
  read(@CurrentUser() user: SignedInUser, @Param('id') id: string): Promise<NotificationDto> {
    return this.notifications.read(user, id);
  }

  @Get('notifications/email-problems')
  @ApiOperation({ summary: 'E-mails of one agreement that failed or are being retried (its administrators)' })
  emailProblems(@CurrentUser() user: SignedInUser, @Query() q: AgreementScopeQuery) {
    return this.notifications.emailProblems(user, q.agreement);
  }

  @Put('me/notification-settings')
  @ApiOperation({ summary: 'Choose immediate e-mail, the Monday digest only, or both' })
  settings(@CurrentUser() user: SignedInUser, @Body() dto: NotificationSettingsDto): Promise<NotificationSettingsDto> {
    return this.notifications.chooseEmail(user, dto);
  }

  @Get('me/calendar-feed')
  @ApiOperation({
    summary: 'Whether I have a calendar feed address, and since when',
    description: 'The address itself is secret and stored only as a hash, so it is shown once, by POST /api/me/calendar-feed, which makes a new one.',
  })
  @ApiOkResponse({ type: CalendarFeedStateDto })
  calendarFeed(@CurrentUser() user: SignedInUser): Promise<CalendarFeedStateDto> {
    return this.notifications.calendarFeedState(user);
  }

  @Post('me/calendar-feed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make my calendar feed a new secret address, shown this once (an old one stops working)' })
  @ApiOkResponse({ type: CalendarFeedAddressDto })
  async rotateFeed(@CurrentUser() user: SignedInUser): Promise<CalendarFeedAddressDto> {
    return { url: await this.notifications.rotateCalendarFeed(user) };
  }

  @Public()
  @Get('calendar/:file')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({ summary: 'A calendar feed (iCalendar) of one user’s deadlines; the address is the secret' })
  async calendar(@Param('file') file: string): Promise<StreamableFile> {
    const token = /^([A-Za-z0-9_-]{20,100})\.ics$/.exec(file)?.[1];
    const text = token ? await this.notifications.calendar(token) : null;
    if (text === null) throw new NotFoundException('No such calendar feed. Make a new feed address in Samverkan (POST /api/me/calendar-feed).');
    return new StreamableFile(Buffer.from(text, 'utf8'));
  }
}
