import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DataSource, IsNull } from 'typeorm';
import { Environment } from '@app/config';
import { Activity, Notification } from '@app/database';
import { createMailer } from '@app/notifications';
import { ActivityLifecycleClient, ensureWeeklyDigestSchedule, NotificationMailClient, TemporalClientService } from '@app/temporal';
import { createLifecycleWorker } from '@app/temporal/lifecycle-worker';
import { HEARTBEAT_EVERY_MS, heartbeatFile, removeHeartbeat, writeHeartbeat } from './heartbeat';

let polling = false;
/**
 * Whether this process's Temporal worker has begun to poll its task queue: from then on a step or a
 * workflow task may be running, and a stop waits for them (onApplicationShutdown); before it, nothing
 * has run that a stop could cut short.
 */
export const temporalWorkerPolling = (): boolean => polling;

/**
 * Runs the Temporal worker for the activity lifecycle workflows, and makes sure every active activity
 * has its workflow (the seeded ones, and any created while Temporal was away).
 */
@Injectable()
export class LifecycleWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LifecycleWorkerService.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;
  private sweep?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private readonly heartbeatFile = heartbeatFile();
  /** Aborted at shutdown: ends the start-up's waiting for Temporal. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly env: Environment,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: ActivityLifecycleClient,
    private readonly mail: NotificationMailClient,
    private readonly temporal: TemporalClientService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.connection = await this.connect();
    const mailer = createMailer(this.env.SMTP_URL, this.env.MAIL_FROM);
    if (!mailer) this.logger.warn('E-mail is off (no SMTP_URL): notifications go to the in-app inbox only');
    this.worker = await createLifecycleWorker({
      connection: this.connection,
      namespace: this.env.TEMPORAL_NAMESPACE,
      taskQueue: this.env.TEMPORAL_TASK_QUEUE,
      dataSource: this.dataSource,
      maxCachedWorkflows: this.env.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentSteps: this.env.WORKER_MAX_CONCURRENT_STEPS,
      maxConcurrentWorkflowTasks: this.env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      mailer,
      publicUrl: this.env.PUBLIC_URL,
      startMail: (ids) => this.mail.start(ids),
      upcomingDeadlines: (activityId) => this.lifecycle.upcomingDeadlines(activityId),
    });
    polling = true;
    this.running = this.worker.run().catch((error: unknown) => {
      this.logger.error(`The Temporal worker stopped: ${error instanceof Error ? error.stack : String(error)}`);
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
    this.logger.log(`Polling task queue "${this.env.TEMPORAL_TASK_QUEUE}" on ${this.env.TEMPORAL_ADDRESS}`);
    this.startHeartbeat();
    const active = await this.dataSource.getRepository(Activity).find({ select: { id: true }, where: { status: 'active' } });
    // In the background, many at a time, and through Temporal being away (with back-off): the worker
    // polls already, and one UNAVAILABLE must not end it.
    void this.startActive(active.map((a) => a.id));
    const digest = await ensureWeeklyDigestSchedule(this.temporal.client, this.env.TEMPORAL_TASK_QUEUE);
    this.logger.log(`Weekly digest schedule (Mondays 08:00 Europe/Stockholm): ${digest}`);
    // Every few minutes: start the e-mail workflows of notifications, and the follow-up workflows of
    // activities created in the last day, that could not be started when Temporal was away. (Starting
    // one that runs or has ended is a no-op.)
    const pendingMail = () => this.startPendingMail().catch((e: Error) => this.logger.warn(`Could not start pending e-mails: ${e.message}`));
    const sweep = async () => {
      await pendingMail();
      await this.startRecentActivities().catch((e: Error) => this.logger.warn(`Could not start the workflows of new activities: ${e.message}`));
    };
    await pendingMail();
    this.sweep = setInterval(sweep, 5 * 60_000);
    this.sweep.unref();
  }

  /** For container health checks (healthcheck.ts): a file rewritten while the Temporal worker is RUNNING. */
  private startHeartbeat(): void {
    const file = this.heartbeatFile;
    if (!file) return;
    try {
      writeHeartbeat(file, this.worker?.getState() ?? 'INITIALIZED');
    } catch (error) {
      throw new Error(`WORKER_HEARTBEAT_FILE: cannot write ${file}: ${(error as Error).message}`, { cause: error });
    }
    let failing = false;
    this.heartbeat = setInterval(() => {
      const state = this.worker?.getState();
      if (state !== 'RUNNING') return; // let the file grow old: the check fails
      try {
        writeHeartbeat(file, state);
        failing = false;
      } catch (error) {
        if (!failing) this.logger.warn(`Could not write the heartbeat file ${file}: ${(error as Error).message}`);
        failing = true;
      }
    }, HEARTBEAT_EVERY_MS);
    this.heartbeat.unref();
    this.logger.log(`Heartbeat every ${HEARTBEAT_EVERY_MS / 1000} s in ${file}`);
  }

  private async startActive(ids: string[]): Promise<void> {
    let warnedAt = 0;
    const began = Date.now();
    try {
      await this.lifecycle.ensureStarted(ids, {
        untilAvailable: true,
        signal: this.stopping.signal,
        onProgress: (n) => n % 1000 === 0 && n < ids.length && this.logger.log(`Started or found ${n} of ${ids.length} follow-up workflows`),
        onUnavailable: (pause) => {
          if (Date.now() - warnedAt < 30_000) return;
          warnedAt = Date.now();
          this.logger.warn(`Temporal does not answer while the follow-up workflows are started; trying again (next in ${pause} ms)`);
        },
      });
      this.logger.log(`Every active activity (${ids.length}) has its follow-up workflow (${((Date.now() - began) / 1000).toFixed(1)} s)`);
      // Workflows from before the agenda table write theirs now, so that every reader finds it in PostgreSQL.
      const unwritten = await this.dataSource.getRepository(Activity).find({ select: { id: true }, where: { status: 'active', agendaSyncedAt: IsNull() } });
      if (unwritten.length) {
        await this.lifecycle.refreshAgendas(unwritten.map((a) => a.id), { untilAvailable: true, signal: this.stopping.signal });
        this.logger.log(`${unwritten.length} follow-up workflows wrote their agenda to PostgreSQL`);
      }
    } catch (error) {
      if (!this.stopping.signal.aborted) this.logger.error(`Could not start the follow-up workflows: ${(error as Error).message}`);
    }
  }

  private async startRecentActivities(): Promise<void> {
    const recent = await this.dataSource
      .getRepository(Activity)
      .createQueryBuilder('a')
      .select('a.id')
      .where(`a.status = 'active' AND a.created_at > now() - interval '1 day'`)
      .getMany();
    await this.lifecycle.ensureStarted(recent.map((a) => a.id));
  }

  private async startPendingMail(): Promise<void> {
    const pending = await this.dataSource.getRepository(Notification).find({ select: { id: true }, where: { emailStatus: 'pending' } });
    if (pending.length) await this.mail.start(pending.map((n) => n.id));
  }

  private async connect(): Promise<NativeConnection> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await NativeConnection.connect({ address: this.env.TEMPORAL_ADDRESS });
      } catch (error) {
        if (attempt >= 30) throw error;
        this.logger.warn(`Temporal at ${this.env.TEMPORAL_ADDRESS} does not answer yet (${String(error)}); retrying`);
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.sweep);
    clearInterval(this.heartbeat);
    if (this.heartbeatFile) removeHeartbeat(this.heartbeatFile);
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close();
  }
}
