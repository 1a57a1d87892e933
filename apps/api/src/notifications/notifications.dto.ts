import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { Notification } from '@app/database';
import type { SignedInUser } from '../auth/auth.decorators';
import { SLUG } from '../agreements/agreement.dto';
import { PagingQuery } from '../common/paging.dto';

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
  @ApiProperty({ enum: ['reminder', 'escalation', 'acknowledged', 'correction', 'digest', 'owner_assigned'] }) kind: string;
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
