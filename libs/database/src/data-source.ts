import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * The one description of the database, used by the API, the worker, the tests and the TypeORM CLI.
 * Schema changes only ever come from the committed migrations (`synchronize` is off everywhere).
 */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+, so no extension (and no superuser) is needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    extra: {
      max: Number(process.env.DATABASE_POOL_SIZE ?? 20),
      application_name: 'samverkan',
      // A database host that drops packets, or a pool that stays full, ends in an error (answered 503
      // DATABASE_UNAVAILABLE) after this long instead of a request that hangs.
      connectionTimeoutMillis: Number(process.env.DATABASE_CONNECT_TIMEOUT_MS ?? 10_000),
    },
  };
}

/** Used by the TypeORM CLI (`npm run migration:generate`, `migration:run`, `migration:revert`). */
export default new DataSource(
  dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres:samverkan@127.0.0.1:54320/samverkan'),
);
