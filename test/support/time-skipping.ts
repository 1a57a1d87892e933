import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { findTool } from '@app/devstack';
import { bundleWorkflows, createLifecycleWorker, LifecycleWorkerOptions } from '@app/temporal/lifecycle-worker';
import { createTestDatabase, TestDatabase } from './test-database';

/** Temporal's time-skipping test server (from .tools/ or PATH), and the workflow bundle, once per file. */
export async function startTimeSkipping(): Promise<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap }> {
  const [env, bundle] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: findTool('temporal-test-server') } },
    }),
    bundleWorkflows(),
  ]);
  return { env, bundle };
}

/** A clock for business time: the simulated date the workflow started at, advanced by the server. */
export class SimulatedClock {
  private constructor(
    private readonly env: TestWorkflowEnvironment,
    private readonly offsetMs: number,
  ) {}

  /** Call right before starting a workflow with `simulatedStart: start`. */
  static async starting(env: TestWorkflowEnvironment, start: string): Promise<SimulatedClock> {
    return new SimulatedClock(env, Date.parse(start) - (await env.currentTimeMs()));
  }

  async now(): Promise<number> {
    return (await this.env.currentTimeMs()) + this.offsetMs;
  }

  /** Lets the server skip ahead until the business clock reads `iso` (firing every timer on the way). */
  async sleepUntil(iso: string): Promise<void> {
    const ms = Date.parse(iso) - (await this.now());
    if (ms > 0) await this.env.sleep(ms);
  }
}

export interface TimeSkippingWorld {
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
  db: TestDatabase;
  /** The real steps write here. */
  ds: DataSource;
  /** A lifecycle worker on the time-skipping server, on `taskQueue`, with the real steps. */
  worker(taskQueue: string, options?: Partial<LifecycleWorkerOptions>): Promise<Worker>;
}

/** For one test file: the time-skipping server, the workflow bundle and a migrated database. */
export function useTimeSkippingWorld(): TimeSkippingWorld {
  const world = {
    worker: (taskQueue: string, options: Partial<LifecycleWorkerOptions> = {}) =>
      createLifecycleWorker({
        connection: world.env.nativeConnection,
        namespace: 'default',
        taskQueue,
        dataSource: world.ds,
        workflowBundle: world.bundle,
        ...options,
      }),
  } as TimeSkippingWorld;
  beforeAll(async () => {
    Object.assign(world, await startTimeSkipping());
    world.db = await createTestDatabase();
    world.ds = await new DataSource(dataSourceOptions(world.db.url)).initialize();
  });
  afterAll(async () => {
    await world.env?.teardown();
    await world.ds?.destroy();
    await world.db?.drop();
  });
  return world;
}
