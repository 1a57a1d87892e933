/**
 * The worker process is killed (SIGKILL) in the middle of an escalation ladder and a new one is
 * started: on the real Temporal dev server and PostgreSQL, with a ladder measured in seconds. Nothing
 * that fell due while no worker ran is lost, and nothing is written twice.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { projectRoot, spawnManaged, TS_NODE_ARGS } from '@app/devstack';
import { activityLifecycleWorkflow } from '@app/workflows/activity-lifecycle/activity-lifecycle.workflow';
import { lifecycleWorkflowId, stateQuery } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { createSecondsFixture, EventRow, followUpEvents } from '../support/lifecycle-fixture';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { testEnv } from '../support/test-env';

const LADDER_S = [2, 4, 6];

describe('a worker process killed in the middle of a ladder', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let connection: Connection;
  const taskQueue = `kill-${randomUUID()}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url)).initialize();
    connection = await Connection.connect({ address: testEnv('temporalAddress') });
  });
  afterAll(async () => {
    await connection?.close();
    await ds?.destroy();
    await db?.drop();
  });

  /** Starts a worker process and resolves once it polls. */
  async function workerProcess() {
    const worker = spawnManaged('worker', process.execPath, [...TS_NODE_ARGS, 'test/support/worker-process.ts'], {
      cwd: projectRoot(),
      env: { ...process.env, DATABASE_URL: db.url, TEMPORAL_ADDRESS: testEnv('temporalAddress'), TEMPORAL_TASK_QUEUE: taskQueue },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      worker.child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('worker running') && resolve());
      void worker.exited.then((code) => reject(new Error(`the worker process exited (${code}) before it ran`)));
    });
    return worker;
  }

  it('loses nothing that fell due while no worker ran, and writes nothing twice', async () => {
    const { activityId } = await createSecondsFixture(ds, 'PT4S', {
      reminderOffsets: ['PT1S'],
      escalationLadder: LADDER_S.map((s, i) => ({ level: i + 1, body: (['operational', 'strategic', 'safety-council'] as const)[i], after: `PT${s}S` })),
    });
    const first = await workerProcess();
    const client = new Client({ connection });
    const handle = await client.workflow.start(activityLifecycleWorkflow, {
      workflowId: lifecycleWorkflowId(activityId),
      taskQueue,
      args: [{ activityId, simulatedStart: '2024-06-03T10:00:00+02:00' }],
    });
    try {
      // Kill the worker once the first deadline's ladder has begun to climb.
      for (let i = 0; i < 200; i++) {
        if ((await followUpEvents(ds, activityId)).some((r) => r.kind === 'escalation' && r.level === 1)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      first.child.kill('SIGKILL');
      await first.exited;
      const killedAt = Date.now();
      await new Promise((r) => setTimeout(r, 6000)); // several deadlines, reminders and escalations fall due with no worker
      const second = await workerProcess();
      try {
        const { clockOffsetMs = 0 } = await handle.query(stateQuery);
        const due = (r: { due_at: Date }) => r.due_at.getTime();
        // Everything due up to a moment 8 s after the new worker started (business time) must be
        // written; give a loaded machine up to 40 s to catch up before judging.
        const horizon = Date.now() + 8000 + clockOffsetMs;
        const complete = (rows: EventRow[]) => {
          const deadlines = rows.filter((r) => r.kind === 'deadline');
          const expected = deadlines.length ? Math.floor((horizon - due(deadlines[0])) / 4000) + 1 : Infinity;
          return deadlines.filter((d) => due(d) <= horizon).length >= expected &&
            deadlines.filter((d) => due(d) + 6000 <= horizon).every((d) => rows.filter((r) => r.deadline_key === d.key && r.kind === 'escalation').length === 3);
        };
        let rows = await followUpEvents(ds, activityId);
        for (const until = Date.now() + 40_000; !complete(rows) && Date.now() < until; rows = await followUpEvents(ds, activityId)) {
          await new Promise((r) => setTimeout(r, 500));
        }
        const deadlines = rows.filter((r) => r.kind === 'deadline' && due(r) <= horizon);

        // Every deadline up to the horizon is there, 4 s apart, none missing.
        const expected = Math.floor((horizon - due(deadlines[0])) / 4000) + 1;
        expect(deadlines.length).toBe(expected);
        deadlines.slice(1).forEach((d, i) => expect(due(d) - due(deadlines[i])).toBe(4000));
        // Among them, some fell due while no worker ran.
        expect(deadlines.some((d) => due(d) - clockOffsetMs > killedAt && due(d) - clockOffsetMs < killedAt + 6000)).toBe(true);
        // Each deadline's ladder up to the horizon: every step exactly once, at its exact offset.
        for (const d of deadlines) {
          const ladder = rows.filter((r) => r.deadline_key === d.key && r.kind === 'escalation' && due(r) <= horizon);
          const reached = LADDER_S.filter((s) => due(d) + s * 1000 <= horizon);
          expect([d.key, ladder.map((r) => (due(r) - due(d)) / 1000).sort((a, b) => a - b)]).toEqual([d.key, reached]);
        }
        expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
      } finally {
        await second.stop();
      }
    } finally {
      await handle.terminate('test finished').catch(() => undefined);
    }
  });
});
