import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { CADENCE_AT_LEAST_A_DAY_SQL } from '@app/domain';
import type { PhaseKind } from '@app/domain';
import { Activity } from './activity.entity';
import { Milestone } from './milestone.entity';

/** One of an activity's three time perspectives, with its dates and follow-up cadence. */
@Entity({ name: 'phase' })
@Index('phase_activity_kind_unique', ['activityId', 'kind'], { unique: true })
@Check('phase_kind_known', `"kind" IN ('short', 'medium', 'long')`)
@Check('phase_dates_ordered', '"target_date" > "start_date"')
@Check('phase_follow_up_iso_duration', `"follow_up_every" ~ '^P(?!$)([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?$'`)
// Also at least a day, as the domain's `cadenceProblem` says. Added NOT VALID: a phase planned before
// the rule keeps its cadence (and its workflow runs on as it is); every new or changed row is checked.
@Check('phase_follow_up_at_least_a_day', CADENCE_AT_LEAST_A_DAY_SQL)
export class Phase {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'activity_id', type: 'uuid' })
  activityId: string;

  @ManyToOne(() => Activity, (a) => a.phases, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activity_id' })
  activity: Activity;

  @Column({ type: 'text' })
  kind: PhaseKind;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'target_date', type: 'date' })
  targetDate: string;

  /** Follow-up cadence as an ISO-8601 duration, e.g. `P4W`. */
  @Column({ name: 'follow_up_every', type: 'text' })
  followUpEvery: string;

  @OneToMany(() => Milestone, (m) => m.phase)
  milestones: Milestone[];
}
