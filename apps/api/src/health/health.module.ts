import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { TemporalModule } from '@app/temporal';
import { HealthController } from './health.controller';

@Module({ imports: [DatabaseModule, TemporalModule], controllers: [HealthController] })
export class HealthModule {}
