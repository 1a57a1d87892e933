import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/**
 * A refresh token, stored as its SHA-256 only; rotated on every use, revoked on logout. The tokens
 * one sign-in has been rotated through share a family: presenting one that was used already revokes
 * the whole family (someone else holds a copy).
 */
@Entity({ name: 'refresh_token' })
@Index('refresh_token_hash_unique', ['tokenHash'], { unique: true })
@Index('refresh_token_family', ['familyId'])
@Index('refresh_token_user', ['userId'])
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: User;

  /** The id of the first token of the sign-in, shared by every token rotated from it. */
  @Column({ name: 'family_id', type: 'uuid' })
  familyId: string;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
