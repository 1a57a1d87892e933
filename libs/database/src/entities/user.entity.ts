import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { UserRole } from '@app/domain';
import { Party } from './party.entity';

/** A member of staff at one of the parties (never a citizen). */
@Entity({ name: 'app_user' })
@Index('app_user_email_unique', ['email'], { unique: true })
@Index('app_user_calendar_token_hash_unique', ['calendarTokenHash'], { unique: true })
@Check('app_user_notify_by_email_known', `"notify_by_email" IN ('immediate', 'digest', 'both')`)
@Check('app_user_email_lowercase', `"email" = lower("email") AND "email" LIKE '%_@_%'`)
@Check(
  'app_user_roles_known',
  `"roles" <@ ARRAY['owner', 'coordinator', 'operational', 'strategic', 'council', 'admin']::text[]`,
)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'party_id', type: 'uuid', nullable: true })
  partyId: string | null;

  @ManyToOne(() => Party, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'party_id' })
  party: Party | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  roles: UserRole[];

  /** bcrypt hash; null for a user who signs in some other way (or not yet). Never sent out. */
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  /** immediate: each reminder and escalation by e-mail; digest: Monday's summary only; both. */
  @Column({ name: 'notify_by_email', type: 'text', default: 'immediate' })
  notifyByEmail: 'immediate' | 'digest' | 'both';

  /**
   * SHA-256 (hex) of the secret in the user's calendar feed address; the secret itself is shown once,
   * when the address is made, and stored nowhere. A new address ends the old one.
   */
  @Column({ name: 'calendar_token_hash', type: 'text', nullable: true, select: false })
  calendarTokenHash: string | null;

  /** When the current calendar feed address was made; null: the person has none. */
  @Column({ name: 'calendar_feed_created_at', type: 'timestamptz', nullable: true })
  calendarFeedCreatedAt: Date | null;

  /**
   * Moves on (+1) whenever roles, party, password or deactivation change: a trigger in the database
   * does it, whoever writes the row (migration SignInHardening). An access token carries the version
   * it was issued at and is refused once the row's has moved on.
   */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  /** When the person was deactivated; null while they may sign in. Deactivating ends every sign-in at once. */
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
