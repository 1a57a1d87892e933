import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agreement } from './agreement.entity';

/**
 * A meeting of Trygghetsrådet (3–4 a year). An escalation that reaches the council becomes an item
 * on the agenda of its next meeting.
 */
@Entity({ name: 'council_meeting' })
@Index('council_meeting_agreement_date_unique', ['agreementId', 'date'], { unique: true })
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
}
