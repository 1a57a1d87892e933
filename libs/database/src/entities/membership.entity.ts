import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { UserRole } from '@app/domain';
import { Agreement } from './agreement.entity';
import { Party } from './party.entity';
import { User } from './user.entity';

/**
 * Where access comes from: a person, in one agreement, for one of its parties (or none, for the
 * cross-party bodies), with roles there. A police coordinator whose local police area serves two
 * municipalities is one person with two memberships, with different roles in each. The party must be
 * one of the agreement's own (a trigger says so). Any change moves the person's token
 * version on, so a changed membership is in force at the next request (a trigger does it).
 */
@Entity({ name: 'membership' })
@Index('membership_user_agreement_unique', ['userId', 'agreementId'], { unique: true })
@Index('membership_agreement', ['agreementId'])
@Check(
  'membership_roles_known',
  `"roles" <@ ARRAY['owner', 'coordinator', 'operational', 'strategic', 'council', 'admin']::text[]`,
)
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: User;

  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @ManyToOne(() => Agreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement: Agreement;

  @Column({ name: 'party_id', type: 'uuid', nullable: true })
  partyId: string | null;

  @ManyToOne(() => Party, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'party_id' })
  party: Party | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  roles: UserRole[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
