import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/**
 * A municipality (kommun): the tenant. It owns its agreements (one agreement has one municipality,
 * the lead party of the agreement); what its people may see comes from their memberships of those
 * agreements (`membership`).
 */
@Entity({ name: 'municipality' })
@Index('municipality_key_unique', ['key'], { unique: true })
@Check('municipality_key_slug', `"key" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
export class Municipality {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stable slug, e.g. `vasteras`, `exempelby`. */
  @Column({ type: 'text' })
  key: string;

  /** As the municipality calls itself: `Västerås stad`, `Exempelby kommun`. */
  @Column({ type: 'text' })
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A municipality's administrator: made by the platform operator with the municipality, before it has
 * an agreement. May create the municipality's agreements (and is their first administrator member).
 */
@Entity({ name: 'municipality_administrator' })
export class MunicipalityAdministrator {
  @PrimaryColumn({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => Municipality, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'municipality_id' })
  municipality: Municipality;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
