import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, LogLevel, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { Logger } from 'nestjs-pino';
import { ConfigurationError, validateEnvironment } from '@app/config';
import { actAcrossTenantsByDefault, runMigrations } from '@app/database';
import { freePort } from '@app/devstack';
import { startWorkerMetricsServer } from './metrics-server';
import { temporalWorkerPolling } from './lifecycle-worker.service';
import { WorkerModule } from './worker.module';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The Temporal worker: an application context with no HTTP server. */
async function bootstrap(): Promise<void> {
  process.env.SAMVERKAN_APP ??= 'worker';
  // A stop asked for while we start (the launcher stopping everything, a container being stopped):
  // before the Temporal worker polls, nothing has run that it could cut short, so the process ends at
  // once (rather than after the start-up, whose bundling of the workflows alone takes seconds, while
  // the launcher waits with Temporal and PostgreSQL behind it). Once it polls, the stop is kept and
  // carried out once the application context exists. Nest's shutdown hooks take over from then on;
  // Temporal's own signal handling is off, so the one path (onApplicationShutdown) stops the worker,
  // and the process ends after it.
  let stopAsked: NodeJS.Signals | undefined;
  let startupLog: pino.Logger | undefined;
  const askStop = (signal: NodeJS.Signals) => {
    if (!temporalWorkerPolling()) {
      startupLog?.info({ context: 'Bootstrap' }, `Stopping at once (${signal} came while starting, before the worker polled)`);
      process.exit(0);
    }
    stopAsked ??= signal;
  };
  for (const signal of STOP_SIGNALS) process.on(signal, askStop);
  const env = validateEnvironment(process.env);
  // The Temporal SDK's own log lines, as JSON through pino like everything else.
  const log = (startupLog = pino({ level: env.LOG_LEVEL, base: { app: 'worker' } }));
  const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'trace',
    DEBUG: 'debug',
    INFO: 'info',
    WARN: 'warn',
    ERROR: 'error',
  };
  // With WORKER_METRICS_PORT, the SDK's own metrics go to a loopback port, served with ours there.
  const sdkMetricsPort = env.WORKER_METRICS_PORT ? await freePort() : null;
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry) => log[levels[entry.level]]({ context: 'Temporal', ...entry.meta }, entry.message)),
    shutdownSignals: [],
    ...(sdkMetricsPort ? { telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}` } } } } : {}),
  });
  if (env.WORKER_METRICS_PORT) {
    const host = process.env.HOST ?? '0.0.0.0';
    const access = { token: env.METRICS_TOKEN, production: env.NODE_ENV === 'production' };
    const server = await startWorkerMetricsServer(env.WORKER_METRICS_PORT, host, access, `http://127.0.0.1:${sdkMetricsPort}/metrics`);
    server.unref();
    log.info({ context: 'Bootstrap' }, `Metrics at http://localhost:${env.WORKER_METRICS_PORT}/metrics${access.token ? ' (bearer METRICS_TOKEN)' : access.production ? ' (off until METRICS_TOKEN is set)' : ''}`);
  }
  await runMigrations(env.DATABASE_URL); // a no-op when the API has migrated already
  // The worker's steps act for every agreement on purpose (a step is always about one activity, and
  // looks its recipients up within that activity's agreement): the one process that does.
  actAcrossTenantsByDefault();
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  for (const signal of STOP_SIGNALS) process.off(signal, askStop);
  if (stopAsked) {
    app.get(Logger).log(`Stopping (${stopAsked} came while starting)`, 'Bootstrap');
    await app.close();
    process.exit(0);
  }
  app.enableShutdownHooks([...STOP_SIGNALS]);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : `The worker could not start: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
