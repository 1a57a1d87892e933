import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agreement } from './agreement.entity';
import { Party } from './party.entity';
import { User } from './user.entity';

/**
 * An OpenID Connect identity provider of one party organisation of an agreement (the municipality's
 * Entra ID, the police's, …), registered by the agreement's administrator. People sign in through it
 * by verified e-mail, within `allowedDomains`, and only when they are members of the agreement
 * already: the provider says who someone is, never what they may do. The client secret is stored
 * encrypted (AES-256-GCM, key derived from JWT_SECRET) and never returned by the API.
 */
@Entity({ name: 'oidc_connection' })
@Index('oidc_connection_agreement', ['agreementId'])
export class OidcConnection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @ManyToOne(() => Agreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement: Agreement;

  @Column({ name: 'party_id', type: 'uuid' })
  partyId: string;

  @ManyToOne(() => Party, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'party_id' })
  party: Party;

  /** Shown on the sign-in page as "Logga in med <displayName>". */
  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ type: 'text' })
  issuer: string;

  @Column({ name: 'client_id', type: 'text' })
  clientId: string;

  /** `v1:<iv>:<tag>:<ciphertext>`, base64url; see oidc-secret.ts. */
  @Column({ name: 'client_secret_encrypted', type: 'text', select: false })
  clientSecretEncrypted: string;

  /** Lower-case e-mail domains whose people may sign in through this provider. */
  @Column({ name: 'allowed_domains', type: 'text', array: true })
  allowedDomains: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * One sign-in through a provider, from its start to the hand-over of our tokens: the state, nonce and
 * PKCE verifier (kept here, never in the browser), the hash of the cookie binding it to the browser
 * that started it, and, once the provider has answered, the hash of the one-time code the web app
 * exchanges for tokens. Short-lived and used once. Belongs to no tenant: only sign-in work, across
 * tenants, reads it (row-level security shows a request none).
 */
@Entity({ name: 'oidc_sign_in' })
@Index('oidc_sign_in_state_unique', ['stateHash'], { unique: true })
@Index('oidc_sign_in_handoff_unique', ['handoffHash'], { unique: true })
export class OidcSignIn {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  @ManyToOne(() => OidcConnection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'connection_id' })
  connection: OidcConnection;

  @Column({ name: 'state_hash', type: 'text' })
  stateHash: string;

  @Column({ name: 'browser_hash', type: 'text' })
  browserHash: string;

  @Column({ type: 'text' })
  nonce: string;

  @Column({ name: 'code_verifier', type: 'text' })
  codeVerifier: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** When the provider's answer came back (the state is then used up, whatever the outcome). */
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'user_id' })
  user: User | null;

  @Column({ name: 'handoff_hash', type: 'text', nullable: true })
  handoffHash: string | null;

  @Column({ name: 'handoff_expires_at', type: 'timestamptz', nullable: true })
  handoffExpiresAt: Date | null;

  @Column({ name: 'handed_off_at', type: 'timestamptz', nullable: true })
  handedOffAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
