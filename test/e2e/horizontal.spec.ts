/**
 * Horizontal (issue 17, point 5): two API instances and two worker processes on one PostgreSQL and
 * one Temporal. Reports are posted to both APIs while a ladder climbs, and one worker is killed
 * (SIGKILL) in the middle of it. Every report reaches its workflow once, every follow-up row and
 * notification is written once, and every e-mail is sent once (caught by the test SMTP server).
 * The APIs run in this process (each its own Nest application, outbox sweep and Temporal client);
 * the workers are processes, so one can be killed.
 */
import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Activity, dataSourceOptions, seedAgreement } from '@app/database';
import { ManagedProcess, projectRoot, spawnManaged, TS_NODE_ARGS } from '@app/devstack';
import { ActivityLifecycleClient } from '@app/temporal';
import { activityLifecycleWorkflow } from '@app/workflows/activity-lifecycle/activity-lifecycle.workflow';
import { lifecycleWorkflowId } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { createSecondsFixture, followUpEvents } from '../support/lifecycle-fixture';
import { startTestApi, TEST_PASSWORD } from '../support/test-api';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { testEnv } from '../support/test-env';
import { useTestSmtp } from '../support/test-smtp';

const LADDER_S = [2, 4, 6];
const PUBLIC_URL = 'http://samverkan.test';

async function until<T>(what: string, probe: () => Promise<T | false | null | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The report ids in the Updates a workflow accepted (submitReport and submitReports), over all its
 * runs (it continues as new: the test server suggests it after a few events), oldest first.
 */
async function acceptedReportIds(client: Client, activityId: string): Promise<string[]> {
  const workflowId = lifecycleWorkflowId(activityId);
  const runs: string[][] = [];
  for (let runId: string | undefined = undefined, guard = 0; guard < 100; guard++) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const ids: string[] = [];
    for (const event of history.events ?? []) {
      const input = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
      if (!input || !['submitReport', 'submitReports'].includes(input.name ?? '')) continue;
      for (const payload of input.args?.payloads ?? []) {
        const arg = JSON.parse(Buffer.from(payload.data!).toString('utf8'));
        for (const report of Array.isArray(arg) ? arg : [arg]) ids.push(report.reportId);
      }
    }
    runs.unshift(ids);
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    if (!runId) break;
  }
  return runs.flat();
}

describe('two APIs and two workers on one PostgreSQL and one Temporal', () => {
  const smtp = useTestSmtp();
  const taskQueue = `horizontal-${randomUUID()}`;
  let db: TestDatabase;
  let ds: DataSource;
  let connection: Connection;
  let client: Client;
  const apis: INestApplication[] = [];
  const workers: ManagedProcess[] = [];

  function workerProcess(): Promise<ManagedProcess> {
    const worker = spawnManaged('worker', process.execPath, [...TS_NODE_ARGS, 'test/support/worker-process.ts'], {
      cwd: projectRoot(),
      env: { ...process.env, DATABASE_URL: db.url, TEMPORAL_ADDRESS: testEnv('temporalAddress'), TEMPORAL_TASK_QUEUE: taskQueue, SMTP_URL: smtp.url, PUBLIC_URL },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    workers.push(worker);
    return new Promise((resolve, reject) => {
      worker.child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('worker running') && resolve(worker));
      void worker.exited.then((code) => reject(new Error(`a worker process exited (${code}) before it ran`)));
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url)).initialize();
    await seedAgreement(ds, undefined, { today: '2026-11-23', password: TEST_PASSWORD });
    connection = await Connection.connect({ address: testEnv('temporalAddress') });
    client = new Client({ connection });
    await Promise.all([workerProcess(), workerProcess()]);
    process.env.TEMPORAL_TASK_QUEUE = taskQueue;
    process.env.PUBLIC_URL = PUBLIC_URL;
    for (let i = 0; i < 2; i++) apis.push(await startTestApi({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: testEnv('temporalAddress') }));
  }, 180_000);

  afterAll(async () => {
    for (const a of (await ds?.getRepository(Activity).find()) ?? []) {
      await client?.workflow.getHandle(lifecycleWorkflowId(a.id)).terminate('tests done').catch(() => undefined);
    }
    for (const api of apis) await api.close();
    for (const w of workers) await w.stop(10_000);
    await connection?.close();
    await ds?.destroy();
    await db?.drop();
    delete process.env.TEMPORAL_TASK_QUEUE;
    delete process.env.PUBLIC_URL;
  });

  it('delivers every report once, writes every row and notification once and sends every mail once, with a worker killed mid-ladder', async () => {
    const active: { id: string; key: string; email: string }[] = await ds.query(
      `SELECT a.id, a.key, u.email FROM activity a JOIN app_user u ON u.id = a.owner_id WHERE a.status = 'active' ORDER BY a.key`,
    );
    expect(active.length).toBeGreaterThanOrEqual(8);
    await apis[0].get(ActivityLifecycleClient).ensureStarted(active.map((a) => a.id));
    const fixture = await createSecondsFixture(ds, 'PT4S', {
      reminderOffsets: ['PT1S'],
      escalationLadder: LADDER_S.map((s, i) => ({ level: i + 1, body: (['operational', 'strategic', 'safety-council'] as const)[i], after: `PT${s}S` })),
    });
    await client.workflow.start(activityLifecycleWorkflow, {
      workflowId: lifecycleWorkflowId(fixture.activityId),
      taskQueue,
      args: [{ activityId: fixture.activityId, simulatedStart: '2024-06-03T10:00:00+02:00' }],
    });

    // Each owner signs in once (at the first API); the token serves at both.
    const tokens = new Map<string, string>();
    for (const email of new Set(active.map((a) => a.email))) {
      const res = await request(apis[0].getHttpServer()).post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
      tokens.set(email, res.body.accessToken);
    }
    const statuses: number[] = [];
    const round = (n: number) =>
      Promise.all(
        active.map(async (a, i) => {
          const api = apis[(i + n) % 2];
          const res = await request(api.getHttpServer())
            .post(`/api/activities/${a.key}/reports`)
            .set('Authorization', `Bearer ${tokens.get(a.email)}`)
            .send({ status: (i + n) % 5 === 0 ? 'off_track' : 'on_track', progress: 10 * (n + 1), summary: `Runda ${n + 1} för ${a.key}.` });
          statuses.push(res.status);
        }),
      );

    await round(0);
    await round(1);
    // Kill one worker once the fixture's first ladder has begun to climb; post more at once.
    await until('the first escalation', async () => (await followUpEvents(ds, fixture.activityId)).some((r) => r.kind === 'escalation' && r.level === 1), 60_000);
    workers[0].child.kill('SIGKILL');
    await workers[0].exited;
    await round(2);
    await round(3);
    expect(statuses.filter((s) => s !== 201 && s !== 202)).toEqual([]);
    expect(statuses.length).toBe(active.length * 4);

    // Every report reaches its workflow (the outbox drains), through the worker that is left.
    await until('the outbox to drain', async () => (await ds.query(`SELECT count(*)::int AS n FROM workflow_delivery WHERE delivered_at IS NULL`))[0].n === 0, 120_000);
    const reports: { id: string; activity_id: string; attempts: number }[] = await ds.query(
      `SELECT r.id, r.activity_id, d.attempts FROM activity_report r JOIN workflow_delivery d ON d.report_id = r.id ORDER BY r.submitted_at`,
    );
    expect(reports.length).toBe(active.length * 4);
    for (const a of active) {
      const mine = reports.filter((r) => r.activity_id === a.id);
      const accepted = await acceptedReportIds(client, a.id);
      // None lost: every report reached its workflow, whichever API took it.
      expect([a.key, mine.filter((r) => !accepted.includes(r.id)).map((r) => r.id)]).toEqual([a.key, []]);
      // Never sent by both APIs: a report reaches its workflow more than once only when a send of it
      // failed (its deadline passed while the killed worker's tasks moved over) and was tried again;
      // the workflow applies a report id once (test/workflow/report-batch.spec.ts).
      const twice = mine.filter((r) => accepted.filter((id) => id === r.id).length > 1);
      expect([a.key, twice.filter((r) => r.attempts === 0).map((r) => r.id)]).toEqual([a.key, []]);
    }

    // The ladder went on with one worker: each deadline whose ladder is due has its three steps once.
    const horizon = Date.now();
    const { clockOffsetMs = 0 } = await client.workflow.getHandle(lifecycleWorkflowId(fixture.activityId)).query<{ clockOffsetMs?: number }>('state');
    await until(
      'the ladder of the deadlines due before the kill',
      async () => {
        const rows = await followUpEvents(ds, fixture.activityId);
        const deadlines = rows.filter((r) => r.kind === 'deadline' && r.due_at.getTime() + 7000 <= horizon + clockOffsetMs);
        return deadlines.length >= 2 && deadlines.every((d) => rows.filter((r) => r.deadline_key === d.key && r.kind === 'escalation').length === 3);
      },
      60_000,
    );
    const rows = await followUpEvents(ds, fixture.activityId);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    for (const d of rows.filter((r) => r.kind === 'deadline' && r.due_at.getTime() + 7000 <= horizon + clockOffsetMs)) {
      const ladder = rows.filter((r) => r.deadline_key === d.key && r.kind === 'escalation');
      expect([d.key, ladder.map((r) => r.level).sort()]).toEqual([d.key, [1, 2, 3]]);
    }

    // Notifications once each (recipient, event), and each mail sent once: one SMTP message per notification sent.
    await until('the e-mails to go out', async () => (await ds.query(`SELECT count(*)::int AS n FROM notification WHERE email_status = 'pending'`))[0].n === 0, 120_000);
    await new Promise((r) => setTimeout(r, 1000)); // a duplicate would arrive now
    const notifications: { id: string; recipient_user_id: string; dedupe_key: string; activity_id: string | null; email_status: string }[] = await ds.query(
      `SELECT id, recipient_user_id, dedupe_key, activity_id, email_status FROM notification`,
    );
    expect(notifications.length).toBeGreaterThan(0);
    const events = notifications.map((n) => `${n.recipient_user_id}|${n.activity_id}|${n.dedupe_key}`);
    expect(new Set(events).size).toBe(events.length);
    const sent = notifications.filter((n) => n.email_status === 'sent').map((n) => `<${n.id}@samverkan>`).sort();
    expect(sent.length).toBeGreaterThan(0);
    const mailed = smtp.messages.map((m) => m.messageId).sort();
    expect(mailed).toEqual(sent);
  }, 600_000);
});
