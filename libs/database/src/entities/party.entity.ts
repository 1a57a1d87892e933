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
}
