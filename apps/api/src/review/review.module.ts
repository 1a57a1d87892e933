import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { TemporalModule } from '@app/temporal';
import { ActivitiesModule } from '../activities/activities.module';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditController } from '../audit/audit.controller';
import { ReviewController } from './review.controller';
import { ReviewService } from './review.service';

@Module({
  imports: [DatabaseModule, TemporalModule, AgreementsModule, ActivitiesModule],
  controllers: [ReviewController, AuditController],
  providers: [ReviewService],
})
export class ReviewModule {}
