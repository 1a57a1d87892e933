import { Module } from '@nestjs/common';
import { ConfigModule, LoggingModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { TemporalModule } from '@app/temporal';
import { LifecycleWorkerService } from './lifecycle-worker.service';

@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, TemporalModule],
  providers: [LifecycleWorkerService],
})
export class WorkerModule {}
