import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, LogLevel, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { Logger } from 'nestjs-pino';
import { ConfigurationError, validateEnvironment } from '@app/config';
import { runMigrations } from '@app/database';
import { WorkerModule } from './worker.module';

/** The Temporal worker: an application context with no HTTP server. */
async function bootstrap(): Promise<void> {
  process.env.SAMVERKAN_APP ??= 'worker';
  const env = validateEnvironment(process.env);
  // The Temporal SDK's own log lines, as JSON through pino like everything else.
  const log = pino({ level: env.LOG_LEVEL, base: { app: 'worker' } });
  const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'trace',
    DEBUG: 'debug',
    INFO: 'info',
    WARN: 'warn',
    ERROR: 'error',
  };
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry) => log[levels[entry.level]]({ context: 'Temporal', ...entry.meta }, entry.message)),
  });
  await runMigrations(env.DATABASE_URL); // a no-op when the API has migrated already
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : `The worker could not start: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
