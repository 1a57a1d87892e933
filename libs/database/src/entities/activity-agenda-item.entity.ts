import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { PhaseKind } from '@app/domain';
import { Activity } from './activity.entity';

export type AgendaItemKind = 'deadline' | 'reminder' | 'escalation';

/**
 * What an activity's workflow has coming (its next deadlines, reminders and escalations), written by
 * its sync step on every change, in the order the workflow gives. Read by the calendar feeds, the
 * digest and the activity page, so that no request asks the workflows one by one. Temporal decides;
 * this is what it decided, as of `activity.agenda_synced_at`.
 */
@Entity({ name: 'activity_agenda_item' })
@Index('activity_agenda_item_agreement_at', ['agreementId', 'at'])
@Check('activity_agenda_item_kind_known', `"kind" IN ('deadline', 'reminder', 'escalation')`)
export class ActivityAgendaItem {
  @PrimaryColumn({ name: 'activity_id', type: 'uuid' })
  activityId: string;

  @PrimaryColumn({ type: 'smallint' })
  position: number;

  @ManyToOne(() => Activity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activity_id' })
  activity: Activity;

  /** Filled from the activity by a trigger; row-level security keys on it. */
  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @Column({ type: 'text' })
  kind: AgendaItemKind;

  /** On the workflow's clock (business time; see activity.clock_offset_ms for simulations). */
  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  phase: PhaseKind;

  @Column({ type: 'smallint', nullable: true })
  level: number | null;
}
