import { Global, Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { AuditService } from './audit.service';

/** The audit trail writer, available to every module that writes. */
@Global()
@Module({ imports: [DatabaseModule], providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
