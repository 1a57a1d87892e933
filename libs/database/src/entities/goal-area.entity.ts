import { Check, Column, Entity, Index, JoinColumn, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agreement } from './agreement.entity';
import { Activity } from './activity.entity';

/** A målområde of an agreement, identified by a letter code. */
@Entity({ name: 'goal_area' })
@Index('goal_area_agreement_code_unique', ['agreementId', 'code'], { unique: true })
@Check('goal_area_code_letter', `"code" ~ '^[A-Z]$'`)
export class GoalArea {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @ManyToOne(() => Agreement, (a) => a.goalAreas, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement: Agreement;

  @Column({ type: 'char', length: 1 })
  code: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  subtitle: string | null;

  @ManyToMany(() => Activity, (a) => a.goalAreas)
  activities: Activity[];
}
