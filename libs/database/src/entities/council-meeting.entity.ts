import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agreement } from './agreement.entity';

/**
 * A meeting of Trygghetsrådet (3–4 a year). An escalation that reaches the council becomes an item
 * on the agenda of its next meeting that is not cancelled. A cancelled meeting keeps its row, with
 * when and why, for the audit trail; two meetings that are not cancelled never share a date.
 */
@Entity({ name: 'council_meeting' })
@Index('council_meeting_agreement_date_unique', ['agreementId', 'date'], { unique: true, where: '"cancelled_at" IS NULL' })
@Check('council_meeting_cancel_reason', '("cancelled_at" IS NULL) = ("cancel_reason" IS NULL)')
export class CouncilMeeting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @ManyToOne(() => Agreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement: Agreement;

  @Column({ type: 'date' })
  date: string;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;
}
