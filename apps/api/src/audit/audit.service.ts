import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry } from '@app/database';
import type { SignedInUser } from '../auth/auth.decorators';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  activityId?: string | null;
  /** The agreement it happened in; taken from the activity when there is one. */
  agreementId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends to the audit trail; pass the transaction's manager to write it with the change itself. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(actor: SignedInUser | null, entry: AuditRecord, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(AuditEntry, {
      actorUserId: actor?.userId ?? null,
      actorEmail: actor?.email ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      activityId: entry.activityId ?? null,
      ...(entry.agreementId ? { agreementId: entry.agreementId } : {}),
      before: (entry.before ?? null) as object,
      after: (entry.after ?? null) as object,
    });
  }
}
