import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Municipality } from './municipality.entity';
import { GoalArea } from './goal-area.entity';
import { Party } from './party.entity';
import { Area } from './area.entity';
import type { EscalationStep } from '@app/domain';

export interface AgreementPrinciple {
  key: string;
  title: string;
  text: string;
}

/** A samverkansöverenskommelse: one municipality's agreement for one period. */
@Entity({ name: 'agreement' })
@Check('agreement_valid_period', '"valid_to" > "valid_from"')
@Check('agreement_key_slug', `"key" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
export class Agreement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stable slug, e.g. `vasteras-2023-2027`. */
  @Column({ type: 'text', unique: true })
  key: string;

  @Column({ type: 'text' })
  title: string;

  /** The municipality (tenant) that owns the agreement. */
  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @ManyToOne(() => Municipality, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'municipality_id' })
  owner: Municipality;

  /** The municipality's name as the agreement's text gives it (`Västerås`). */
  @Column({ type: 'text' })
  municipality: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_to', type: 'date' })
  validTo: string;

  @Column({ type: 'text' })
  purpose: string;

  @Column({ name: 'long_term_goal', type: 'text' })
  longTermGoal: string;

  @Column({ name: 'time_perspectives', type: 'text', nullable: true })
  timePerspectives: string | null;

  @Column({ name: 'geographic_focus', type: 'text', nullable: true })
  geographicFocus: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  principles: AgreementPrinciple[];

  /** Reminders before each deadline, ISO-8601 durations. */
  @Column({ name: 'reminder_offsets', type: 'text', array: true, default: () => `'{P7D,P1D}'` })
  reminderOffsets: string[];

  /**
   * How a missed deadline climbs: operational leadership, samverkansledning, Trygghetsrådet.
   * Null means the defaults (3, 10 and 21 days; see DEFAULT_FOLLOW_UP_SETTINGS).
   */
  @Column({ name: 'escalation_ladder', type: 'jsonb', nullable: true })
  escalationLadder: EscalationStep[] | null;

  @OneToMany(() => Party, (p) => p.agreement)
  parties: Party[];

  @OneToMany(() => GoalArea, (g) => g.agreement)
  goalAreas: GoalArea[];

  @OneToMany(() => Area, (a) => a.agreement)
  areas: Area[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
