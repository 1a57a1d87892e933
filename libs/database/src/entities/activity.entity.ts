import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ActivityStatus, PhaseKind } from '@app/domain';
import { Agreement } from './agreement.entity';
import { GoalArea } from './goal-area.entity';
import { Party } from './party.entity';
import { Phase } from './phase.entity';
import { User } from './user.entity';

/** An aktivitet of the agreement. It may serve several goal areas. */
@Entity({ name: 'activity' })
@Index('activity_agreement_key_unique', ['agreementId', 'key'], { unique: true })
@Index('activity_agreement_external_id_unique', ['agreementId', 'externalId'], { unique: true })
@Index('activity_owner', ['ownerId'])
@Index('activity_lead_party', ['leadPartyId'])
@Index('activity_status', ['status'])
@Check('activity_key_slug', `"key" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check('activity_status_known', `"status" IN ('active', 'completed', 'cancelled')`)
@Check('activity_escalation_level_range', '"escalation_level" BETWEEN 0 AND 9')
@Check('activity_current_phase_known', `"current_phase" IN ('short', 'medium', 'long')`)
export class Activity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @ManyToOne(() => Agreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement: Agreement;

  /** Stable slug, unique within the agreement, e.g. `familjer-riskzon`. */
  @Column({ type: 'text' })
  key: string;

  /**
   * The activity's id in the agreement's own spreadsheet (plan import and export), unique within the
   * agreement. A writer that leaves it out gets the key (a trigger fills it in).
   */
  @Column({ name: 'external_id', type: 'text' })
  externalId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ name: 'lead_party_id', type: 'uuid' })
  leadPartyId: string;

  @ManyToOne(() => Party, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_party_id' })
  leadParty: Party;

  @ManyToMany(() => Party)
  @JoinTable({
    name: 'activity_cooperating_party',
    joinColumn: { name: 'activity_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'party_id', referencedColumnName: 'id' },
  })
  cooperatingParties: Party[];

  @ManyToMany(() => GoalArea, (g) => g.activities)
  @JoinTable({
    name: 'activity_goal_area',
    joinColumn: { name: 'activity_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'goal_area_id', referencedColumnName: 'id' },
  })
  goalAreas: GoalArea[];

  /** The aktivitetsansvarig. */
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'owner_id' })
  owner: User | null;

  @Column({ type: 'text', default: 'active' })
  status: ActivityStatus;

  @Column({ name: 'current_phase', type: 'text', default: 'short' })
  currentPhase: PhaseKind;

  /** Kept up to date by the activity's workflow, for dashboards. */
  @Column({ name: 'next_deadline_at', type: 'timestamptz', nullable: true })
  nextDeadlineAt: Date | null;

  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel: number;

  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  @Column({ name: 'pause_reason', type: 'text', nullable: true })
  pauseReason: string | null;

  @OneToMany(() => Phase, (p) => p.activity)
  phases: Phase[];

  /**
   * Set when its delmål or its agreement's follow-up settings changed here and its workflow has not
   * been told yet (`reviseFollowUp`); cleared once it has. The API's sweep tells those it finds set.
   */
  @Column({ name: 'follow_up_revised_at', type: 'timestamptz', nullable: true })
  followUpRevisedAt: Date | null;

  /** When its workflow last wrote its agenda (activity_agenda_item); null until it has. */
  @Column({ name: 'agenda_synced_at', type: 'timestamptz', nullable: true })
  agendaSyncedAt: Date | null;

  /** Simulations only: the workflow's business time minus real time (0 in production). */
  @Column({ name: 'clock_offset_ms', type: 'bigint', default: 0, transformer: { to: (v?: number) => v, from: (v: string | null) => (v === null ? 0 : Number(v)) } })
  clockOffsetMs: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
