import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { AgreementsModule } from '../agreements/agreements.module';
import { ActivitiesController } from './activities.controller';
import { ActivitiesService } from './activities.service';

@Module({
  imports: [DatabaseModule, AgreementsModule],
  controllers: [ActivitiesController],
  providers: [ActivitiesService],
  exports: [ActivitiesService],
})
export class ActivitiesModule {}
