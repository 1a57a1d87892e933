import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agreement } from './agreement.entity';

/** A party (part) to an agreement: the city, the police, a housing company, the region … */
@Entity({ name: 'party' })
@Index('party_agreement_key_unique', ['agreementId', 'key'], { unique: true })
@Check('party_key_slug', `"key" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
export class Party {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @ManyToOne(() => Agreement, (a) => a.parties, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement: Agreement;

  /** Short key, unique within the agreement: `city`, `police`, `mimer`, `region`. */
  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  name: string;

  /** When the party joined the collaboration, as `YYYY-MM`. */
  @Column({ type: 'text', nullable: true })
  joined: string | null;

  /**
   * When an administrator retired the party: it stays on what names it (activities, memberships, the
   * audit trail) but leads no new activity and gets no new member (a trigger refuses both).
   */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;
}
