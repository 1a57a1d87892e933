import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One write: who, when, what, and the values before and after. Append-only: a trigger in the
 * database refuses UPDATE and DELETE. No foreign keys, so the trail outlives what it speaks of.
 */
@Entity({ name: 'audit_entry' })
@Index('audit_entry_activity_at', ['activityId', 'at'])
@Index('audit_entry_actor_at', ['actorUserId', 'at'])
@Index('audit_entry_agreement_at', ['agreementId', 'at'])
@Index('audit_entry_at', ['at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** Null for the system itself (seeding, workflows). */
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ name: 'actor_email', type: 'text', nullable: true })
  actorEmail: string | null;

  /** What was done, e.g. `activity.pause`, `report.submit`, `escalation.acknowledge`. */
  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId: string;

  /** The agreement (tenant) it happened in; null for the platform's own (a municipality made). Filled from the activity when not given. */
  @Column({ name: 'agreement_id', type: 'uuid', nullable: true })
  agreementId: string | null;

  @Column({ name: 'activity_id', type: 'uuid', nullable: true })
  activityId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown;
}
