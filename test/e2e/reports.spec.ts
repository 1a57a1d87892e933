/**
 * Progress reports: saved with their outbox record in one transaction, delivered to the workflow at
 * once, or (Temporal down) answered 202 and delivered exactly once when Temporal is back.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Activity, dataSourceOptions, seedAgreement } from '@app/database';
import { dataDir, freePortOutsideEphemeralRange, RunningTemporal, startTemporalDevServer } from '@app/devstack';
import { ActivityLifecycleClient } from '@app/temporal';
import { lifecycleWorkflowId, stateQuery } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { signedIn, startTestApi } from '../support/test-api';
import { RunningTestWorker, startTestWorker } from '../support/test-worker';
import { untilPlanLoaded } from '../support/workflow-state';

describe('progress reports (own Temporal dev server, stopped and started again)', () => {
  const taskQueue = `reports-${randomUUID()}`;
  const dbFile = dataDir('test', `temporal-${process.pid}-reports.sqlite`);
  let port: number;
  let temporal: RunningTemporal;
  let db: TestDatabase;
  let ds: DataSource;
  let worker: RunningTestWorker | undefined;
  let app: INestApplication;
  let polis: ReturnType<typeof request.agent>;
  let stad: ReturnType<typeof request.agent>;

  const startTemporal = async () => {
    temporal = await startTemporalDevServer({ dbFile, port, headless: true });
  };
  const stateOf = async (key: string) => {
    const connection = await Connection.connect({ address: temporal.address });
    try {
      const [a] = await ds.getRepository(Activity).find({ where: { key } });
      return await new Client({ connection }).workflow.getHandle(lifecycleWorkflowId(a.id)).query(stateQuery);
    } finally {
      await connection.close();
    }
  };

  beforeAll(async () => {
    port = await freePortOutsideEphemeralRange(); // Temporal binds ports of its own that the OS picks
    rmSync(dbFile, { force: true });
    await startTemporal();
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url)).initialize();
    await seedAgreement(ds, undefined, { today: '2026-11-23' });
    worker = await startTestWorker(temporal.address, taskQueue, ds);
    process.env.TEMPORAL_TASK_QUEUE = taskQueue;
    process.env.REPORT_DELIVERY_INTERVAL_MS = '200';
    app = await startTestApi({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: temporal.address });
    polis = await signedIn(app, 'polis@samverkan.example'); // owns mbu and skjutningar
    stad = await signedIn(app, 'stad@samverkan.example'); // owns feriepraktik
    const active = await ds.getRepository(Activity).find();
    await app.get(ActivityLifecycleClient).ensureStarted(active.map((a) => a.id));
    // Let the first workflow the tests report on load its plan, so that a busy machine does not slow the
    // first report past the API's 5 s deadline (a 202 where the test expects 201).
    await untilPlanLoaded(() => stateOf('mbu'));
  });
  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await temporal?.stop();
    await ds?.destroy();
    await db?.drop();
    rmSync(dbFile, { force: true });
    delete process.env.TEMPORAL_TASK_QUEUE;
    delete process.env.REPORT_DELIVERY_INTERVAL_MS;
  });

  it('takes a report: 201 with the new workflow state, and reminds that reports hold no personal data', async () => {
    const [milestone] = await ds.query(
      `SELECT m.id FROM milestone m JOIN phase p ON p.id = m.phase_id JOIN activity a ON a.id = p.activity_id WHERE a.key = 'mbu' AND p.kind = 'short'`,
    );
    const res = await polis
      .post('/api/activities/mbu/reports')
      .send({ status: 'on_track', progress: 40, summary: 'Besök i två förskolor genomförda.', milestones: [{ milestoneId: milestone.id, status: 'done' }] })
      .expect(201);
    expect((await ds.query(`SELECT status FROM milestone WHERE id = $1`, [milestone.id]))[0].status).toBe('done');
    const [audit] = await ds.query(`SELECT action, actor_email, after FROM audit_entry WHERE entity_id = $1`, [res.body.report.id]);
    expect(audit).toMatchObject({ action: 'report.submit', actor_email: 'polis@samverkan.example', after: { progress: 40, milestones: [{ status: 'done' }] } });
    expect(res.body).toMatchObject({ delivery: 'delivered', report: { status: 'on_track', progress: 40 } });
    expect(res.body.workflow.lastReportAt).not.toBeNull();
    expect(res.body.notice).toMatch(/personuppgifter/);
    const list = await polis.get('/api/activities/mbu/reports').expect(200);
    expect(list.body.map((r: { id: string }) => r.id)).toContain(res.body.report.id);
  });

  it('stores a report posted twice with one Idempotency-Key once', async () => {
    const key = randomUUID();
    const body = { status: 'at_risk', progress: 20, summary: 'Svårt att rekrytera feriepraktikanter i år.' };
    const first = await stad.post('/api/activities/feriepraktik/reports').set('Idempotency-Key', key).send(body).expect(201);
    const again = await stad.post('/api/activities/feriepraktik/reports').set('Idempotency-Key', key).send(body).expect(201);
    expect(again.body.report.id).toBe(first.body.report.id);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM activity_report WHERE idempotency_key = $1`, [key]);
    expect(n).toBe(1);
    // Per person and activity, and against the body: test/e2e/idempotency.spec.ts.
  });

  it('names what is wrong with a report, and saves nothing', async () => {
    const before = (await ds.query(`SELECT count(*)::int AS n FROM activity_report`))[0].n;
    const cases: [object, string][] = [
      [{ status: 'on_track', progress: 120, summary: 'ok då' }, 'progress'],
      [{ status: 'fine', progress: 10, summary: 'ok då' }, 'status'],
      [{ status: 'on_track', progress: 10 }, 'summary'],
      [{ status: 'on_track', progress: 10, summary: 'ok då', author: 'x' }, 'author'],
      [{ status: 'on_track', progress: 10, summary: 'ok då', milestones: [{ milestoneId: randomUUID(), status: 'done' }] }, 'milestones'],
    ];
    for (const [body, field] of cases) {
      const res = await polis.post('/api/activities/mbu/reports').send(body).expect(400);
      expect([field, res.body.message]).toEqual([field, expect.stringContaining(field)]);
    }
    await polis.post('/api/activities/mbu/reports').set('Idempotency-Key', 'not a key!').send({ status: 'on_track', progress: 1, summary: 'abc' }).expect(400);
    await polis.post('/api/activities/nowhere/reports').send({ status: 'on_track', progress: 1, summary: 'abc' }).expect(404);
    expect((await ds.query(`SELECT count(*)::int AS n FROM activity_report`))[0].n).toBe(before);
  });

  it('when the workflow refuses a report (its activity completed a moment ago), undoes all it wrote: 409, no report, milestones as before', async () => {
    const mimer = await signedIn(app, 'mimer@samverkan.example'); // owns boendemiljo
    const admin = await signedIn(app, 'admin@samverkan.example');
    // Seeded as of 2026-11-23 the activity is in its last phase, the long one: completing it completes the activity.
    await admin.post('/api/activities/boendemiljo/phases/long/complete').expect(200);
    expect((await stateOf('boendemiljo')).status).toBe('completed');
    // The race: the workflow is completed, the database has not heard yet.
    await ds.query(`UPDATE activity SET status = 'active' WHERE key = 'boendemiljo'`);
    const [milestone] = await ds.query(
      `SELECT m.id, m.status FROM milestone m JOIN phase p ON p.id = m.phase_id JOIN activity a ON a.id = p.activity_id WHERE a.key = 'boendemiljo' AND p.kind = 'long'`,
    );
    const count = async () => (await ds.query(`SELECT count(*)::int AS n FROM activity_report r JOIN activity a ON a.id = r.activity_id WHERE a.key = 'boendemiljo'`))[0].n;
    const reportsBefore = await count();
    const res = await mimer
      .post('/api/activities/boendemiljo/reports')
      .send({ status: 'on_track', progress: 100, summary: 'Allt klart.', milestones: [{ milestoneId: milestone.id, status: milestone.status === 'done' ? 'open' : 'done' }] })
      .expect(409);
    expect(res.body.message).toMatch(/completed/);
    expect(await count()).toBe(reportsBefore);
    expect((await ds.query(`SELECT status FROM milestone WHERE id = $1`, [milestone.id]))[0].status).toBe(milestone.status);
    const [refused] = await ds.query(`SELECT action FROM audit_entry WHERE action = 'report.refused' AND activity_id = (SELECT id FROM activity WHERE key = 'boendemiljo')`);
    expect(refused).toEqual({ action: 'report.refused' });
  });

  it('answers 202 while Temporal is stopped, and the report reaches the workflow exactly once when it is back', async () => {
    await worker!.stop();
    worker = undefined;
    await temporal.stop();

    const res = await polis
      .post('/api/activities/skjutningar/reports')
      .set('Idempotency-Key', 'skjutningar-offline-1')
      .send({ status: 'off_track', progress: 10, summary: 'Arbetet står still i väntan på ny samordnare.' })
      .expect(202);
    expect(res.body.delivery).toBe('pending');
    expect(res.body.message).toMatch(/sparad/);
    // A retry while still offline is the same report, still pending.
    const retry = await polis
      .post('/api/activities/skjutningar/reports')
      .set('Idempotency-Key', 'skjutningar-offline-1')
      .send({ status: 'off_track', progress: 10, summary: 'Arbetet står still i väntan på ny samordnare.' })
      .expect(202);
    expect(retry.body.report.id).toBe(res.body.report.id);

    await startTemporal(); // same port, same SQLite file: the workflows are still there
    worker = await startTestWorker(temporal.address, taskQueue, ds);
    let delivered = false;
    for (let i = 0; i < 150 && !delivered; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const [row] = await ds.query(`SELECT delivered_at FROM workflow_delivery WHERE report_id = $1`, [res.body.report.id]);
      delivered = row.delivered_at !== null;
    }
    expect(delivered).toBe(true);

    const state = await stateOf('skjutningar');
    // Applied once: one off-track report escalates to level 1; twice would have made it level 2.
    expect(state.escalationLevel).toBe(1);
    const rows = await ds.query(`SELECT key FROM follow_up_event WHERE key = $1`, [`off-track:${res.body.report.id}`]);
    expect(rows).toHaveLength(1);
  });
});
