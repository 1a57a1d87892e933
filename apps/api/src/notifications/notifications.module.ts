import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { TemporalModule } from '@app/temporal';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { NotificationsController } from './notifications.controller';

@Module({ imports: [DatabaseModule, TemporalModule, AuditModule, AgreementsModule], controllers: [NotificationsController] })
export class NotificationsModule {}
