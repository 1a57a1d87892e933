import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { TemporalModule } from '@app/temporal';
import { NotificationsController } from './notifications.controller';

@Module({ imports: [DatabaseModule, TemporalModule], controllers: [NotificationsController] })
export class NotificationsModule {}
