import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agreement } from './agreement.entity';

export type PlanImportStatus = 'queued' | 'running' | 'done' | 'failed';

/** One problem of one row of an imported plan (row 1 is the header). */
export interface PlanImportError {
  row: number;
  column: string;
  message: string;
}

/**
 * One upload of an agreement's plan (XLSX or CSV), imported in the background by its Temporal
 * workflow: the rows as parsed, and the progress (`done` of `total` rows handled, `failed` of them
 * refused, each refusal in `errors`). Good rows are written, each activity whole or not at all; a dry
 * run writes nothing and reports the same.
 */
@Entity({ name: 'plan_import' })
@Index('plan_import_agreement_created', ['agreementId', 'createdAt'])
@Check('plan_import_status_known', `"status" IN ('queued', 'running', 'done', 'failed')`)
@Check('plan_import_format_known', `"format" IN ('xlsx', 'csv')`)
export class PlanImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @ManyToOne(() => Agreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement: Agreement;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @Column({ name: 'created_by_email', type: 'text', nullable: true })
  createdByEmail: string | null;

  @Column({ name: 'file_name', type: 'text' })
  fileName: string;

  @Column({ type: 'text' })
  format: 'xlsx' | 'csv';

  @Column({ name: 'dry_run', type: 'boolean', default: false })
  dryRun: boolean;

  @Column({ type: 'text', default: 'queued' })
  status: PlanImportStatus;

  @Column({ type: 'int', default: 0 })
  total: number;

  @Column({ type: 'int', default: 0 })
  done: number;

  @Column({ type: 'int', default: 0 })
  failed: number;

  @Column({ type: 'int', default: 0 })
  created: number;

  @Column({ type: 'int', default: 0 })
  updated: number;

  @Column({ type: 'int', default: 0 })
  unchanged: number;

  /** How many of `rows` the workflow has handled (its chunks are retried from here). */
  @Column({ type: 'int', default: 0 })
  processed: number;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  errors: PlanImportError[];

  /** The well-formed rows, as parsed from the file (checked against the agreement by the workflow). */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  rows: unknown[];

  @Column({ type: 'text', nullable: true })
  problem: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
