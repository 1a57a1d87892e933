import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PlatformRole } from '@app/domain';

/**
 * A person: staff at one of the parties (never a citizen). What they may see and do in an agreement
 * comes from their memberships (`membership`); the person row itself grants nothing but sign-in and,
 * for the platform's own operators, `platform_roles`.
 */
@Entity({ name: 'app_user' })
@Index('app_user_email_unique', ['email'], { unique: true })
@Index('app_user_calendar_token_hash_unique', ['calendarTokenHash'], { unique: true })
@Check('app_user_notify_by_email_known', `"notify_by_email" IN ('immediate', 'digest', 'both')`)
@Check('app_user_email_lowercase', `"email" = lower("email") AND "email" LIKE '%_@_%'`)
@Check('app_user_platform_roles_known', `"platform_roles" <@ ARRAY['platform-operator']::text[]`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  email: string;

  /** platform-operator: creates municipalities and their first administrators; sees no follow-up. */
  @Column({ name: 'platform_roles', type: 'text', array: true, default: () => `'{}'` })
  platformRoles: PlatformRole[];

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
   * Moves on (+1) whenever platform roles, password, deactivation or any membership change: triggers in
   * the database do it, whoever writes the row (migrations SignInHardening, Tenancy). An access token carries the version
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
