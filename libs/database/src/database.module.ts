import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Environment } from '@app/config';
import { dataSourceOptions } from './data-source';
import { ENTITIES } from './entities';
import { scopedPg } from './tenant-scope';

/**
 * The TypeORM connection of the API and the worker, configured from the validated environment. Its
 * connections are put in the current tenant scope (`tenant-scope.ts`): row-level security sees to it
 * that a request reads and writes only its agreements' rows.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({ ...dataSourceOptions(env.DATABASE_URL), driver: scopedPg, retryAttempts: 3 }),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}
