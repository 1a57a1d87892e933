import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { TemporalModule } from '@app/temporal';
import { DatabaseOutage } from './database-outage';
import { HealthController } from './health.controller';

@Module({ imports: [DatabaseModule, TemporalModule], controllers: [HealthController], providers: [DatabaseOutage], exports: [DatabaseOutage] })
export class HealthModule {}
