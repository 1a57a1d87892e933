import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Phase } from './phase.entity';

/** A delmål: a sub-goal of a phase, optionally with its own date. */
@Entity({ name: 'milestone' })
@Index('milestone_phase_position_unique', ['phaseId', 'position'], { unique: true })
@Check('milestone_status_known', `"status" IN ('open', 'done')`)
@Check('milestone_position_positive', '"position" >= 1')
export class Milestone {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'phase_id', type: 'uuid' })
  phaseId: string;

  @ManyToOne(() => Phase, (p) => p.milestones, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'phase_id' })
  phase: Phase;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'text', default: 'open' })
  status: 'open' | 'done';
}
