import { Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ActivityReport } from './activity-report.entity';

/**
 * The outbox: what an activity's workflow must receive, written in the same transaction as the report.
 * Delivered from here, and retried until Temporal has it; `delivered_at` marks it done.
 * `next_attempt_at` is when a sweep may take it: pushed past a delivery in flight (a lease, so two API
 * instances never deliver it at once) and, after a failure of its workflow, further each time (back-off).
 */
@Entity({ name: 'workflow_delivery' })
@Index('workflow_delivery_due', ['nextAttemptAt'], { where: '"delivered_at" IS NULL' })
@Index('workflow_delivery_pending_of_activity', ['activityId', 'createdAt'], { where: '"delivered_at" IS NULL' })
export class WorkflowDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'report_id', type: 'uuid', unique: true })
  reportId: string;

  @OneToOne(() => ActivityReport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report: ActivityReport;

  /** The agreement (tenant) the row belongs to: filled from the activity by a trigger; row-level security keys on it. */
  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @Column({ name: 'activity_id', type: 'uuid' })
  activityId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
