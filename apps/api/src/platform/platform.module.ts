import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { AuditModule } from '../audit/audit.module';
import { PlatformController } from './platform.controller';

@Module({ imports: [DatabaseModule, AuditModule], controllers: [PlatformController] })
export class PlatformModule {}
