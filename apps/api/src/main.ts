import 'reflect-metadata';
import { ConfigurationError, validateEnvironment } from '@app/config';
import { acrossTenants, Activity, runMigrations, seedDemo } from '@app/database';
import { ActivityLifecycleClient } from '@app/temporal';
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
    const results = await seedDemo(app.get(DataSource));
    for (const result of results) {
      logger.log(
        result.created
          ? `Seeded agreement ${result.agreement} and ${result.usersCreated} demo users (${result.membershipsCreated} memberships)`
          : `Agreement ${result.agreement} is already there; nothing seeded`,
        'Seed',
      );
    }
    if (results.some((r) => r.created)) {
      // The seeded activities become active now: start their follow-up workflows (a no-op for any
      // that run already). The worker, started beside the API, may have looked before the seed was
      // there; if Temporal is away, the worker's sweep starts them.
      // The API's own start-up work, for every agreement: across tenants on purpose.
      const active = await acrossTenants(() => app.get(DataSource).getRepository(Activity).find({ select: { id: true }, where: { status: 'active' } }));
      await app
        .get(ActivityLifecycleClient)
        .ensureStarted(active.map((a) => a.id))
        .then((n) => logger.log(`Started the follow-up workflows of ${n} activities`, 'Seed'))
        .catch((e: Error) => logger.warn(`Could not start the follow-up workflows yet (${e.message}); the worker will`, 'Seed'));
    }
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
