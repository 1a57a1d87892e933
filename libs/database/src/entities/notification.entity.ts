import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

export type NotificationKind = 'reminder' | 'escalation' | 'acknowledged' | 'correction' | 'digest' | 'owner_assigned';
export type EmailStatus = 'pending' | 'sent' | 'failed' | 'not_wanted' | 'off';

/**
 * One message to one person, in the in-app inbox and (unless they chose digest only) by e-mail.
 * `dedupe_key` names the event within its activity (`event:<follow-up row key>`, `acknowledged:<id>`,
 * `correction:<deadline key>`), or within the agreement for what belongs to no activity (`digest:<week>`).
 * Unique over (recipient, activity, dedupe key), or (recipient, agreement, dedupe key) without an activity: an event reaches a person once per activity however
 * often the step that writes it is retried, and two activities' events at the same instant are two.
 */
@Entity({ name: 'notification' })
@Index('notification_recipient_activity_event_unique', ['recipientUserId', 'activityId', 'dedupeKey'], { unique: true, where: '"activity_id" IS NOT NULL' })
@Index('notification_recipient_agreement_event_unique', ['recipientUserId', 'agreementId', 'dedupeKey'], { unique: true, where: '"activity_id" IS NULL' })
@Index('notification_recipient_unread', ['recipientUserId', 'readAt', 'createdAt'])
@Index('notification_email_status', ['emailStatus'])
@Index('notification_dedupe_key', ['dedupeKey'])
@Check('notification_kind_known', `"kind" IN ('reminder', 'escalation', 'acknowledged', 'correction', 'digest', 'owner_assigned')`)
@Check('notification_email_status_known', `"email_status" IN ('pending', 'sent', 'failed', 'not_wanted', 'off')`)
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'recipient_user_id', type: 'uuid' })
  recipientUserId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_user_id' })
  recipient: User;

  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey: string;

  @Column({ type: 'text' })
  kind: NotificationKind;

  /**
   * The agreement the message is about: from the activity (a trigger fills it), or set by the writer
   * for what belongs to no activity (a digest is one agreement's). Row-level security keys on it.
   */
  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @Column({ name: 'activity_id', type: 'uuid', nullable: true })
  activityId: string | null;

  @Column({ type: 'text' })
  subject: string;

  @Column({ name: 'body_text', type: 'text' })
  bodyText: string;

  @Column({ type: 'text' })
  link: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ name: 'email_status', type: 'text', default: 'pending' })
  emailStatus: EmailStatus;

  @Column({ name: 'email_attempts', type: 'int', default: 0 })
  emailAttempts: number;

  @Column({ name: 'email_last_error', type: 'text', nullable: true })
  emailLastError: string | null;

  @Column({ name: 'email_sent_at', type: 'timestamptz', nullable: true })
  emailSentAt: Date | null;
}
