import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agreement } from './agreement.entity';
import { User } from './user.entity';

export type PasswordTokenPurpose = 'invitation' | 'reset';

/**
 * A one-time link that lets a person set their password: an invitation (sent by an agreement's
 * administrator, valid 7 days) or a password reset (asked for by the person, valid 1 hour). Only the
 * token's SHA-256 is stored; the token itself is in the e-mail and nowhere else. Used once
 * (`used_at`); a newer link of the same person and purpose ends the older ones (`revoked_at`).
 * Tokens belong to a person, not to one tenant: only work across tenants reads them (row-level
 * security shows a request none, as for refresh tokens).
 */
@Entity({ name: 'password_token' })
@Index('password_token_hash_unique', ['tokenHash'], { unique: true })
@Index('password_token_user', ['userId'])
@Check('password_token_purpose_known', `"purpose" IN ('invitation', 'reset')`)
export class PasswordToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: User;

  @Column({ type: 'text' })
  purpose: PasswordTokenPurpose;

  /** The agreement whose administrator sent the invitation; null for a reset. */
  @Column({ name: 'agreement_id', type: 'uuid', nullable: true })
  agreementId: string | null;

  @ManyToOne(() => Agreement, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'agreement_id' })
  agreement: Agreement | null;

  /** SHA-256 (hex) of the token. */
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** Who sent it (an administrator); null for a reset the person asked for. */
  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
