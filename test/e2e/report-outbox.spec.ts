/**
 * The report outbox at scale (issue 17): two API instances on one database sweep it side by side and
 * never deliver a row twice; an activity whose workflow does not answer waits its own back-off without
 * holding the others back; the pending reports of one activity reach its workflow in one update (from
 * the outbox, and when posts come while an update is on its way); and a report the workflow refuses
 * after its 202 is undone whole, and its writer told. A real worker, the test Temporal dev server, a
 * real PostgreSQL, two real APIs; what each workflow received is read from its history.
 */
import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { dataSourceOptions, seedAgreement } from '@app/database';
import { ActivityLifecycleClient } from '@app/temporal';
import { lifecycleWorkflowId } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { ReportDeliveryService } from '../../apps/api/src/reports/report-delivery.service';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { signedIn, startTestApi, TEST_PASSWORD } from '../support/test-api';
import { testEnv } from '../support/test-env';
import { RunningTestWorker, startTestWorker } from '../support/test-worker';
import { untilPlanLoaded } from '../support/workflow-state';

describe('the report outbox: claimed, backed off, coalesced, and undone on refusal', () => {
  const taskQueue = `report-outbox-${randomUUID()}`;
  const address = testEnv('temporalAddress');
  let db: TestDatabase;
  let ds: DataSource;
  let worker: RunningTestWorker;
  let connection: Connection;
  let client: Client;
  let apiA: INestApplication;
  let apiB: INestApplication;
  let activities: { id: string; key: string }[];

  const sweeperA = () => apiA.get(ReportDeliveryService);
  const sweeperB = () => apiB.get(ReportDeliveryService);
  const handle = (activityId: string) => client.workflow.getHandle(lifecycleWorkflowId(activityId));

  /** Reports saved as a post leaves them when Temporal did not take them at once: in the outbox, due now. */
  const savePending = async (activityId: string, count: number, tag: string): Promise<string[]> => {
    const ids: string[] = [];
    for (let k = 0; k < count; k++) {
      const [r] = await ds.query(`INSERT INTO activity_report (activity_id, status, progress, summary) VALUES ($1, 'on_track', $2, $3) RETURNING id`, [
        activityId,
        10 + k,
        `${tag}: rapport ${k + 1}.`,
      ]);
      await ds.query(`INSERT INTO workflow_delivery (report_id, activity_id) VALUES ($1, $2)`, [r.id, activityId]);
      ids.push(r.id);
    }
    return ids;
  };

  /** Each successful report update the workflow took, in order: the report ids it carried. */
  const reportUpdates = async (activityId: string): Promise<string[][]> => {
    const history = await handle(activityId).fetchHistory();
    const accepted = new Map<string, string[]>();
    const updates: string[][] = [];
    for (const event of history.events ?? []) {
      const input = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
      if (input?.name === 'submitReport') accepted.set(String(event.eventId), [defaultPayloadConverter.fromPayload<{ reportId: string }>(input.args!.payloads![0]).reportId]);
      if (input?.name === 'submitReports') {
        accepted.set(String(event.eventId), defaultPayloadConverter.fromPayload<{ reportId: string }[]>(input.args!.payloads![0]).map((r) => r.reportId));
      }
      const completed = event.workflowExecutionUpdateCompletedEventAttributes;
      if (completed?.outcome?.success && accepted.has(String(completed.acceptedEventId))) updates.push(accepted.get(String(completed.acceptedEventId))!);
    }
    return updates;
  };

  const pendingOf = async (ids: string[]) =>
    (await ds.query(`SELECT count(*)::int AS n FROM workflow_delivery WHERE report_id = ANY($1::uuid[]) AND delivered_at IS NULL`, [ids]))[0].n as number;

  /** Replaces the activity's run by one on a task queue no worker polls: its workflow stops answering. */
  const makeStuck = async (activityId: string) => {
    await handle(activityId).terminate('test: a workflow that does not answer');
    await client.workflow.start('activityLifecycleWorkflow', { workflowId: lifecycleWorkflowId(activityId), taskQueue: `nobody-polls-${randomUUID()}`, args: [{ activityId }] });
  };
  const makeAnswerAgain = async (activityId: string) => {
    await handle(activityId).terminate('test: answers again');
    expect(await apiA.get(ActivityLifecycleClient).start(activityId)).toBe(true);
    await untilPlanLoaded(handle(activityId));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url)).initialize();
    await seedAgreement(ds, undefined, { today: '2026-11-23', password: TEST_PASSWORD });
    worker = await startTestWorker(address, taskQueue, ds);
    connection = await Connection.connect({ address });
    client = new Client({ connection });
    process.env.TEMPORAL_TASK_QUEUE = taskQueue;
    // The sweeps' own timers out of the way after their first round: the tests sweep when they mean to.
    process.env.REPORT_DELIVERY_INTERVAL_MS = '600000';
    apiA = await startTestApi({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: address });
    apiB = await startTestApi({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: address });
    activities = await ds.query(`SELECT id, key FROM activity WHERE status = 'active' ORDER BY key`);
    await apiA.get(ActivityLifecycleClient).ensureStarted(activities.map((a) => a.id));
    for (const a of activities) await untilPlanLoaded(handle(a.id));
  });
  afterAll(async () => {
    await apiA?.close();
    await apiB?.close();
    await worker?.stop();
    await connection?.close();
    await ds?.destroy();
    await db?.drop();
    delete process.env.TEMPORAL_TASK_QUEUE;
    delete process.env.REPORT_DELIVERY_INTERVAL_MS;
  });

  it('two APIs sweeping at once deliver every row once, each activity’s reports in one update, oldest first', async () => {
    const some = activities.slice(0, 8);
    expect(some).toHaveLength(8);
    const saved = new Map<string, string[]>();
    for (const a of some) saved.set(a.id, await savePending(a.id, 3, 'Två API'));
    const all = [...saved.values()].flat();

    for (let round = 0; round < 10 && (await pendingOf(all)) > 0; round++) {
      await Promise.all([sweeperA().sweep(), sweeperB().sweep(), sweeperA().sweep(), sweeperB().sweep()]);
    }
    expect(await pendingOf(all)).toBe(0);

    for (const a of some) {
      const mine = saved.get(a.id)!;
      const updates = (await reportUpdates(a.id)).filter((u) => u.some((id) => mine.includes(id)));
      // One update carried all three, in the order they were saved; nothing reached the workflow twice.
      expect([a.key, updates]).toEqual([a.key, [mine]]);
    }
  });

  it('a workflow that does not answer holds back only its own reports, which wait a back-off that grows', async () => {
    const [stuck, ...others] = activities.slice(8, 12);
    await makeStuck(stuck.id);
    const stuckReports = await savePending(stuck.id, 2, 'Fast');
    const otherReports = (await Promise.all(others.map((a) => savePending(a.id, 2, 'Rörlig')))).flat();

    const started = Date.now();
    const first = await sweeperA().sweep();
    expect(first.heldBack).toBe(1);
    expect(await pendingOf(otherReports)).toBe(0);
    // The others were delivered while the stuck one was still waiting for its deadline (5 s).
    const [{ last }] = await ds.query(`SELECT max(delivered_at) AS last FROM workflow_delivery WHERE report_id = ANY($1::uuid[])`, [otherReports]);
    expect(new Date(last).getTime() - started).toBeLessThan(4000);

    const rowsOf = async () =>
      (await ds.query(`SELECT attempts, next_attempt_at FROM workflow_delivery WHERE report_id = ANY($1::uuid[]) ORDER BY created_at`, [stuckReports])) as {
        attempts: number;
        next_attempt_at: Date;
      }[];
    const afterFirst = await rowsOf();
    expect(afterFirst.map((r) => r.attempts)).toEqual([1, 1]);
    const firstGap = afterFirst[0].next_attempt_at.getTime() - Date.now();
    expect(firstGap).toBeGreaterThan(0); // not due again at once

    // Neither API tries it again before its time: no instance retries it every round.
    await Promise.all([sweeperA().sweep(), sweeperB().sweep()]);
    expect((await rowsOf()).map((r) => r.attempts)).toEqual([1, 1]);

    // Its time comes (moved forward here, instead of waiting): tried once more, then a longer pause.
    await ds.query(`UPDATE workflow_delivery SET next_attempt_at = now() WHERE report_id = ANY($1::uuid[])`, [stuckReports]);
    const triedAt = Date.now();
    await sweeperB().sweep();
    const afterSecond = await rowsOf();
    expect(afterSecond.map((r) => r.attempts)).toEqual([2, 2]);
    expect(afterSecond[0].next_attempt_at.getTime() - triedAt).toBeGreaterThan(2000);

    // Its workflow answers again: its reports follow, both in one update.
    await makeAnswerAgain(stuck.id);
    await ds.query(`UPDATE workflow_delivery SET next_attempt_at = now() WHERE report_id = ANY($1::uuid[])`, [stuckReports]);
    await sweeperA().sweep();
    expect(await pendingOf(stuckReports)).toBe(0);
    expect((await reportUpdates(stuck.id)).filter((u) => u.some((id) => stuckReports.includes(id)))).toEqual([stuckReports]);
  });

  it('posts that come while an update to their activity is on its way join the next one', async () => {
    const owner = await signedIn(apiA, 'polis@samverkan.example'); // owns mbu
    const [mbu] = await ds.query(`SELECT id FROM activity WHERE key = 'mbu'`);
    const before = (await reportUpdates(mbu.id)).length;
    const posts = await Promise.all(
      Array.from({ length: 8 }, (_, k) => owner.post('/api/activities/mbu/reports').send({ status: 'on_track', progress: 20 + k, summary: `Samtidig rapport ${k + 1}.` })),
    );
    expect(posts.map((p) => p.status)).toEqual(Array(8).fill(201));
    const ids = posts.map((p) => p.body.report.id as string);
    const updates = (await reportUpdates(mbu.id)).slice(before);
    // Every report reached the workflow exactly once, in fewer updates than posts.
    expect(updates.flat().sort()).toEqual([...ids].sort());
    expect(updates.length).toBeLessThan(8);
  });

  it('a report its workflow refuses after the 202 is undone whole, and its writer is told why', async () => {
    const mimer = await signedIn(apiA, 'mimer@samverkan.example'); // owns boendemiljo
    const admin = await signedIn(apiA, 'admin@samverkan.example');
    const [activity] = await ds.query(`SELECT id FROM activity WHERE key = 'boendemiljo'`);
    const [milestone] = await ds.query(
      `SELECT m.id, m.status FROM milestone m JOIN phase p ON p.id = m.phase_id WHERE p.activity_id = $1 AND p.kind = 'long' ORDER BY m.position LIMIT 1`,
      [activity.id],
    );
    const flipped = milestone.status === 'done' ? 'open' : 'done';

    // The workflow does not answer when the report is posted: saved, and 202.
    await makeStuck(activity.id);
    const res = await mimer
      .post('/api/activities/boendemiljo/reports')
      .send({ status: 'on_track', progress: 100, summary: 'Sista insatsen genomförd.', milestones: [{ milestoneId: milestone.id, status: flipped }] })
      .expect(202);
    const reportId = res.body.report.id as string;
    expect((await ds.query(`SELECT status FROM milestone WHERE id = $1`, [milestone.id]))[0].status).toBe(flipped);

    // Meanwhile the activity is completed (its last phase), before the outbox delivers the report.
    await makeAnswerAgain(activity.id);
    await admin.post('/api/activities/boendemiljo/phases/long/complete').expect(200);
    await ds.query(`UPDATE workflow_delivery SET next_attempt_at = now() WHERE report_id = $1`, [reportId]);
    await sweeperB().sweep();

    expect(await ds.query(`SELECT id FROM activity_report WHERE id = $1`, [reportId])).toEqual([]);
    expect(await ds.query(`SELECT id FROM workflow_delivery WHERE report_id = $1`, [reportId])).toEqual([]);
    expect((await ds.query(`SELECT status FROM milestone WHERE id = $1`, [milestone.id]))[0].status).toBe(milestone.status);
    const [audit] = await ds.query(`SELECT actor_user_id, after FROM audit_entry WHERE action = 'report.refused' AND entity_id = $1`, [reportId]);
    expect(audit.actor_user_id).toBeNull();
    expect(audit.after.reason).toMatch(/completed/);
    const [mimerUser] = await ds.query(`SELECT id FROM app_user WHERE email = 'mimer@samverkan.example'`);
    const notes = await ds.query(`SELECT recipient_user_id, kind, subject, body_text FROM notification WHERE dedupe_key = $1`, [`report-refused:${reportId}`]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ recipient_user_id: mimerUser.id, kind: 'correction', subject: expect.stringContaining('togs inte emot') });
    expect(notes[0].body_text).toMatch(/aktiviteten är avslutad/);
    expect(notes[0].body_text).toContain('Sista insatsen genomförd.');
    // The writer sees it in their inbox.
    const inbox = await mimer.get('/api/notifications').expect(200);
    expect(JSON.stringify(inbox.body)).toContain('togs inte emot');

    // A second sweep (or the other API) finds nothing left to undo.
    await Promise.all([sweeperA().sweep(), sweeperB().sweep()]);
    expect(await ds.query(`SELECT id FROM notification WHERE dedupe_key = $1`, [`report-refused:${reportId}`])).toHaveLength(1);
  });
});
