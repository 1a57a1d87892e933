import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { TemporalModule } from '@app/temporal';
import { AgreementsModule } from '../agreements/agreements.module';
import { ActivitiesController } from './activities.controller';
import { ActivityLifecycleController } from './activity-lifecycle.controller';
import { UsersController } from '../users/users.controller';
import { ActivitiesService } from './activities.service';
import { ActivityEditingController, FollowUpSettingsController } from './activity-editing.controller';
import { ActivityEditingService } from './activity-editing.service';
import { FollowUpRevisionSweep } from './follow-up-revision-sweep.service';

@Module({
  imports: [DatabaseModule, AgreementsModule, TemporalModule],
  controllers: [ActivitiesController, ActivityLifecycleController, ActivityEditingController, FollowUpSettingsController, UsersController],
  providers: [ActivitiesService, ActivityEditingService, FollowUpRevisionSweep],
  exports: [ActivitiesService, ActivityEditingService],
})
export class ActivitiesModule {}
