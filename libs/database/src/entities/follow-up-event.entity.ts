import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AgendaItemKind, GovernanceBody, PhaseKind } from '@app/domain';
import { Activity } from './activity.entity';
import { User } from './user.entity';

/**
 * A deadline, reminder or escalation that has fired, written by the activity's workflow. Dashboards
 * read these rows, never workflow history. `key` makes each write idempotent: Temporal may retry the
 * step that writes it, and the row is still written once. Unique over (activity, key): a key names
 * the phase, kind and due instant (and a delmål's id) but not the activity, so two activities with
 * the same plan have the same keys, and each its own rows.
 */
@Entity({ name: 'follow_up_event' })
@Index('follow_up_event_activity_key_unique', ['activityId', 'key'], { unique: true })
@Index('follow_up_event_open', ['kind', 'resolvedAt'])
@Index('follow_up_event_recipient', ['recipientUserId'])
@Check('follow_up_event_kind_known', `"kind" IN ('deadline', 'reminder', 'escalation')`)
@Check('follow_up_event_phase_known', `"phase" IN ('short', 'medium', 'long')`)
@Check('follow_up_event_outcome_known', `"outcome" IS NULL OR "outcome" IN ('met', 'missed')`)
@Check('follow_up_event_body_known', `"body" IS NULL OR "body" IN ('operational', 'strategic', 'safety-council')`)
@Check('follow_up_event_escalation_has_level', `("kind" = 'escalation') = ("level" IS NOT NULL AND "body" IS NOT NULL)`)
@Check('follow_up_event_level_range', `"level" IS NULL OR "level" BETWEEN 1 AND 9`)
export class FollowUpEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The agreement (tenant) the row belongs to: filled from the activity by a trigger; row-level security keys on it. */
  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @Column({ name: 'activity_id', type: 'uuid' })
  activityId: string;

  @ManyToOne(() => Activity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activity_id' })
  activity: Activity;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  kind: AgendaItemKind;

  @Column({ type: 'text' })
  phase: PhaseKind;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  /** When the workflow fired it (workflow time). */
  @Column({ name: 'fired_at', type: 'timestamptz' })
  firedAt: Date;

  /** When the row reached the database (database clock). */
  @Column({ name: 'written_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  writtenAt: Date;

  @Column({ type: 'int', nullable: true })
  level: number | null;

  /** For escalations: the body it went to. */
  @Column({ type: 'text', nullable: true })
  body: GovernanceBody | null;

  /** Who it is for: the activity's owner at the time it fired. */
  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true })
  recipientUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'recipient_user_id' })
  recipient: User | null;

  /** For deadlines: whether a report came in time. */
  @Column({ type: 'text', nullable: true })
  outcome: 'met' | 'missed' | null;

  /** For reminders and escalations: the deadline they are about. */
  @Column({ name: 'deadline_key', type: 'text', nullable: true })
  deadlineKey: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  /** For escalations: when leadership acknowledged it, who, and what they said. */
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy: string | null;

  @Column({ name: 'acknowledgement', type: 'text', nullable: true })
  acknowledgement: string | null;
}
