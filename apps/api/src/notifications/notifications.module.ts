import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { TemporalModule } from '@app/temporal';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({ imports: [DatabaseModule, TemporalModule, AuditModule, AgreementsModule], controllers: [NotificationsController], providers: [NotificationsService] })
export class NotificationsModule {}
