import 'reflect-metadata';
import { ConfigurationError, validateEnvironment } from '@app/config';
import { runMigrations, seedAgreement } from '@app/database';
import { DataSource } from 'typeorm';
import { Logger } from 'nestjs-pino';
import { createApiApp } from './create-app';

async function bootstrap(): Promise<void> {
  process.env.SAMVERKAN_APP ??= 'api';
  const env = validateEnvironment(process.env);
  const applied = await runMigrations(env.DATABASE_URL);
  const app = await createApiApp();
  const logger = app.get(Logger);
  if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`, 'Database');
  if (env.SEED_DEMO_DATA === 'true') {
    const result = await seedAgreement(app.get(DataSource));
    logger.log(
      result.created
        ? `Seeded agreement ${result.agreement} and ${result.usersCreated} demo users`
        : `Agreement ${result.agreement} is already there; nothing seeded`,
      'Seed',
    );
  }
  await app.listen(env.PORT, process.env.HOST ?? '0.0.0.0');
  logger.log(`API listening on http://localhost:${env.PORT}/api (docs at /api/docs)`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    console.error(error.message);
  } else {
    console.error('The API could not start:', error instanceof Error ? error.stack ?? error.message : error);
  }
  process.exit(1);
});
