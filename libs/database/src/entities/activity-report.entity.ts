import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ReportStatus } from '@app/domain';
import { Activity } from './activity.entity';

export interface MilestoneUpdate {
  milestoneId: string;
  status: 'open' | 'done';
}

/** A lägesrapport: an owner's progress report on an activity. Never personal data about citizens. */
@Entity({ name: 'activity_report' })
@Index('activity_report_idempotency_key_unique', ['idempotencyKey'], { unique: true, where: '"idempotency_key" IS NOT NULL' })
@Index('activity_report_activity_submitted', ['activityId', 'submittedAt'])
@Check('activity_report_status_known', `"status" IN ('on_track', 'at_risk', 'off_track')`)
@Check('activity_report_progress_range', '"progress" BETWEEN 0 AND 100')
@Check('activity_report_summary_present', `length(btrim("summary")) > 0`)
export class ActivityReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

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

  /** The client's Idempotency-Key: a retried post with the same key returns this report. */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;
}
