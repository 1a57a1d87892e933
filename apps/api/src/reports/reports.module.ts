import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { TemporalModule } from '@app/temporal';
import { ActivitiesModule } from '../activities/activities.module';
import { HealthModule } from '../health/health.module';
import { ReportDeliveryService } from './report-delivery.service';
import { ReportRefusalService } from './report-refusal.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [DatabaseModule, TemporalModule, ActivitiesModule, HealthModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportDeliveryService, ReportRefusalService],
})
export class ReportsModule {}
