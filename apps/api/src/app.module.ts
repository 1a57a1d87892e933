import { Module } from '@nestjs/common';
import { ConfigModule, LoggingModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { TemporalModule } from '@app/temporal';
import { ActivitiesModule } from './activities/activities.module';
import { AuthModule } from './auth/auth.module';
import { AuditModule } from './audit/audit.module';
import { AgreementsModule } from './agreements/agreements.module';
import { GoalAreasModule } from './goal-areas/goal-areas.module';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PublicModule } from './public/public.module';
import { ReportsModule } from './reports/reports.module';
import { ReviewModule } from './review/review.module';
import { PlatformModule } from './platform/platform.module';
import { PeopleModule } from './people/people.module';
import { PlanIoModule } from './plan-io/plan-io.module';
import { OidcModule } from './oidc/oidc.module';
import { AgreementAdminModule } from './agreement-admin/agreement-admin.module';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    TemporalModule,
    AuthModule,
    AuditModule,
    HealthModule,
    AgreementsModule,
    GoalAreasModule,
    ActivitiesModule,
    ReportsModule,
    ReviewModule,
    NotificationsModule,
    PublicModule,
    PlatformModule,
    PeopleModule,
    PlanIoModule,
    OidcModule,
    AgreementAdminModule,
  ],
})
export class AppModule {}
