import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { AgreementsModule } from '../agreements/agreements.module';
import { ActivitiesModule } from '../activities/activities.module';
import { GoalAreasController } from './goal-areas.controller';
import { GoalAreasService } from './goal-areas.service';

@Module({
  imports: [DatabaseModule, AgreementsModule, ActivitiesModule],
  controllers: [GoalAreasController],
  providers: [GoalAreasService],
})
export class GoalAreasModule {}
