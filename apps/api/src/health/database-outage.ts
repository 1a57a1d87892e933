import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutageTracker } from '../common/outage-tracker';
import { within } from '../common/within';

/**
 * The API's one record of whether PostgreSQL is away: the exception filter and the health check tell
 * it of failures, and while PostgreSQL is away it asks every second whether it answers again, so that
 * the log says "PostgreSQL is unavailable" once and "PostgreSQL is back" once per outage.
 */
@Injectable()
export class DatabaseOutage extends OutageTracker implements OnModuleDestroy {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super('PostgreSQL', new Logger('PostgreSQL'), { probe: () => within(2000, dataSource.query('SELECT 1')), probeEveryMs: 1000 });
  }

  onModuleDestroy(): void {
    this.stop();
  }
}
