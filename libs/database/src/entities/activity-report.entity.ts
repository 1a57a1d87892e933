import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ReportStatus } from '@app/domain';
import { Activity } from './activity.entity';
import { User } from './user.entity';

export interface MilestoneUpdate {
  milestoneId: string;
  status: 'open' | 'done';
}

/** A lägesrapport: an owner's progress report on an activity. Never personal data about citizens. */
@Entity({ name: 'activity_report' })
// An Idempotency-Key is unique per (person, activity): another person's key, or the same person's key on
// another activity, is another key. Old rows whose author is unknown (null) are outside the index.
@Index('activity_report_submitter_activity_idempotency_key_unique', ['submittedByUserId', 'activityId', 'idempotencyKey'], {
  unique: true,
  where: '"idempotency_key" IS NOT NULL',
})
@Index('activity_report_activity_submitted', ['activityId', 'submittedAt'])
@Check('activity_report_status_known', `"status" IN ('on_track', 'at_risk', 'off_track')`)
@Check('activity_report_progress_range', '"progress" BETWEEN 0 AND 100')
@Check('activity_report_summary_present', `length(btrim("summary")) > 0`)
export class ActivityReport {
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
  status: ReportStatus;

  @Column({ type: 'int' })
  progress: number;

  @Column({ type: 'text' })
  summary: string;

  @Column({ name: 'next_steps', type: 'text', nullable: true })
  nextSteps: string | null;

  @Column({ name: 'milestone_updates', type: 'jsonb', nullable: true })
  milestoneUpdates: MilestoneUpdate[] | null;

  /** Who submitted it; null for reports older than this column whose audit entry named no one, or a deleted user. */
  @Column({ name: 'submitted_by_user_id', type: 'uuid', nullable: true })
  submittedByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'submitted_by_user_id' })
  submittedBy: User | null;

  /**
   * The client's Idempotency-Key, unique per (submitter, activity): the same person retrying the same
   * post with the same key gets this report back.
   */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  /**
   * sha256 (hex) of the canonical JSON of the request body (status, progress, summary, nextSteps,
   * milestones) that came with the Idempotency-Key: the same key with another body is refused (422).
   * Null without a key, and for reports older than this column.
   */
  @Column({ name: 'idempotency_fingerprint', type: 'text', nullable: true })
  idempotencyFingerprint: string | null;

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;
}
