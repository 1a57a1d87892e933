import { Module } from '@nestjs/common';
import { ActivityLifecycleClient } from './lifecycle-client';
import { NotificationMailClient } from './notification-mail-client';
import { TemporalClientService } from './temporal-client.service';

@Module({
  providers: [
    TemporalClientService,
    {
      provide: ActivityLifecycleClient,
      inject: [TemporalClientService],
      useFactory: (t: TemporalClientService) => new ActivityLifecycleClient(t.client, t.taskQueue),
    },
    {
      provide: NotificationMailClient,
      inject: [TemporalClientService],
      useFactory: (t: TemporalClientService) => new NotificationMailClient(t.client, t.taskQueue),
    },
  ],
  exports: [TemporalClientService, ActivityLifecycleClient, NotificationMailClient],
})
export class TemporalModule {}
