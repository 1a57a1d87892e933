import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ActivityInterceptorsFactory, bundleWorkflowCode, NativeConnection, Worker, WorkerOptions, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { ActivityLifecycleSteps } from '@app/workflows/activity-lifecycle/activity-lifecycle.steps';
import { DataSource } from 'typeorm';
import { stepDuration } from '@app/metrics';
import { createActivityLifecycleSteps } from './steps/activity-lifecycle.steps';
import { createPlanImportSteps } from './steps/plan-import.steps';
import { createNotificationSteps, Mailer } from '@app/notifications';
import type { NotificationSteps } from '@app/workflows/notifications/deliver-notification.steps';

/** The workflow entry file: TypeScript source in development and tests, compiled JS under dist/. */
export function workflowsEntry(): string {
  const dir = resolve(__dirname, '..', '..', '..', 'workflows');
  const js = join(dir, 'index.js');
  return existsSync(js) ? js : join(dir, 'index.ts');
}

/**
 * Bundles the workflow code once (webpack). The workflows import the pure `@app/domain` library, so
 * its alias is taught to the bundler; in the compiled build the imports are relative already.
 */
export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  const root = resolve(__dirname, '..', '..', '..');
  return bundleWorkflowCode({
    workflowsPath: workflowsEntry(),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} } as never,
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = {
        ...(config.resolve.alias as Record<string, string>),
        '@app/domain': join(root, 'libs', 'domain', 'src'),
        '@app/workflows': join(root, 'workflows'),
      };
      return config;
    },
  });
}

export interface LifecycleWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  workflowBundle?: WorkflowBundleWithSourceMap;
  /**
   * Workflows kept in memory between their tasks. Idle activity workflows sleep for weeks, so a
   * small cache is enough: evicted ones are replayed from history on their next timer.
   */
  maxCachedWorkflows?: number;
  /** Steps run at once (default 100). */
  maxConcurrentSteps?: number;
  /** Workflow tasks run at once (default 40). */
  maxConcurrentWorkflowTasks?: number;
  /** Outgoing mail; null or absent: mail is off (the inbox still fills). */
  mailer?: Mailer | null;
  publicUrl?: string;
  /** Starts the e-mail workflows of new notifications. */
  startMail?: (notificationIds: string[]) => Promise<void>;
  /** For the Monday digest: an activity's upcoming deadlines as its workflow sees them. */
  upcomingDeadlines?: (activityId: string) => Promise<{ deadlines: string[]; clockOffsetMs: number } | null>;
  /** Tests only: wraps the notification steps (to fail one on purpose). */
  wrapNotificationSteps?: (steps: NotificationSteps) => NotificationSteps;
  /** Tests only: wraps the steps (to fail or hang one on purpose). */
  wrapSteps?: (steps: ActivityLifecycleSteps) => ActivityLifecycleSteps;
  /** Tests only: other worker options. */
  overrides?: Partial<WorkerOptions>;
}

/** A worker that runs the activity lifecycle workflows and their steps. */
export async function createLifecycleWorker(options: LifecycleWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows()),
    activities: {
      ...(options.wrapSteps ?? ((s) => s))(createActivityLifecycleSteps(options.dataSource, { publicUrl: options.publicUrl, startMail: options.startMail })),
      ...(options.wrapNotificationSteps ?? ((s) => s))(
        createNotificationSteps(options.dataSource, options.mailer ?? null, {
          publicUrl: options.publicUrl,
          startMail: options.startMail,
          upcomingDeadlines: options.upcomingDeadlines,
        }),
      ),
      ...createPlanImportSteps(options.dataSource),
    },
    maxCachedWorkflows: options.maxCachedWorkflows ?? 500,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentSteps ?? 100,
    maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTasks ?? 40,
    interceptors: { activity: [timeSteps] },
    ...options.overrides,
  });
}

/** Times every step attempt by its name and outcome (samverkan_step_duration_seconds). */
const timeSteps: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      const end = stepDuration.startTimer({ step: ctx.info.activityType });
      try {
        const result = await next(input);
        end({ outcome: 'ok' });
        return result;
      } catch (error) {
        end({ outcome: 'error' });
        throw error;
      }
    },
  },
});
