import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { AgreementAdminController } from './agreement-admin.controller';
import { AgreementAdminService } from './agreement-admin.service';
import { CouncilMeetingsService } from './council-meetings.service';

@Module({ imports: [DatabaseModule, AuditModule, AgreementsModule], controllers: [AgreementAdminController], providers: [AgreementAdminService, CouncilMeetingsService] })
export class AgreementAdminModule {}
