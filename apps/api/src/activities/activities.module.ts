import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { TemporalModule } from '@app/temporal';
import { AgreementsModule } from '../agreements/agreements.module';
import { ActivitiesController } from './activities.controller';
import { ActivityLifecycleController } from './activity-lifecycle.controller';
import { UsersController } from '../users/users.controller';
import { ActivitiesService } from './activities.service';

@Module({
  imports: [DatabaseModule, AgreementsModule, TemporalModule],
  controllers: [ActivitiesController, ActivityLifecycleController, UsersController],
  providers: [ActivitiesService],
  exports: [ActivitiesService],
})
export class ActivitiesModule {}
