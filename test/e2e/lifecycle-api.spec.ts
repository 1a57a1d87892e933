/**
 * Steering an activity's follow-up through HTTP, against a real Temporal dev server with a real
 * worker and a real PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Client } from '@temporalio/client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Activity } from '@app/database';
import { ActivityLifecycleClient } from '@app/temporal';
import { activityLifecycleWorkflow } from '@app/workflows/activity-lifecycle/activity-lifecycle.workflow';
import { lifecycleWorkflowId } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { useLiveApi } from '../support/live-api';
import { CONTINUE_AS_NEW_AFTER_EVENTS } from '../support/test-env';
import { recordHistory } from '../support/histories';
import { createSecondsFixture, followUpEvents } from '../support/lifecycle-fixture';

describe('activity lifecycle through the API (real Temporal dev server and worker)', () => {
  const live = useLiveApi('2026-11-23');
  let ds: DataSource;
  let app: INestApplication;
  let http: ReturnType<typeof request.agent>;
  let client: Client;
  let taskQueue: string;

  beforeAll(async () => {
    ({ ds, app, client, taskQueue } = live);
    http = await live.as('admin@samverkan.example');
  });

  it('every seeded activity has a running workflow, and its API answer shows what comes next', async () => {
    const ids = (await ds.getRepository(Activity).find()).map((a) => a.id);
    expect(ids).toHaveLength(16);
    for (const id of ids) {
      const d = await client.workflow.getHandle(lifecycleWorkflowId(id)).describe();
      expect(d.status.name).toBe('RUNNING');
    }
    let res = await http.get('/api/activities/mbu').expect(200);
    for (let i = 0; i < 50 && res.body.workflow?.status === 'starting'; i++) {
      await new Promise((r) => setTimeout(r, 100)); // the workflow is loading its plan
      res = await http.get('/api/activities/mbu').expect(200);
    }
    expect(res.body.workflow).toMatchObject({ phase: 'long', status: 'active', escalationLevel: 0 });
    expect(Date.parse(res.body.workflow.nextDeadline)).toBeGreaterThan(Date.now());
    expect(res.body.workflow.upcoming.length).toBeGreaterThan(0);
    expect(res.body.workflow.upcoming[0]).toEqual({ kind: expect.stringMatching(/deadline|reminder/), at: expect.any(String), phase: 'long' });
  });

  it('starting a workflow twice is a no-op', async () => {
    const [mbu] = await ds.getRepository(Activity).find({ where: { key: 'mbu' } });
    const before = await client.workflow.getHandle(lifecycleWorkflowId(mbu.id)).describe();
    await app.get(ActivityLifecycleClient).start(mbu.id);
    const after = await client.workflow.getHandle(lifecycleWorkflowId(mbu.id)).describe();
    expect(after.runId).toBe(before.runId);
  });

  it('pauses with a reason and resumes; what cannot apply is a 409 that says why', async () => {
    await http.post('/api/activities/skjutningar/pause').send({}).expect(400);
    const paused = await http.post('/api/activities/skjutningar/pause').send({ reason: 'Omorganisation hos polisen' }).expect(200);
    expect(paused.body.workflow.status).toBe('paused');
    expect(paused.body.workflow.paused.reason).toBe('Omorganisation hos polisen');
    const [row] = await ds.query(`SELECT pause_reason FROM activity WHERE key = 'skjutningar'`);
    expect(row.pause_reason).toBe('Omorganisation hos polisen');

    const again = await http.post('/api/activities/skjutningar/pause').send({ reason: 'igen' }).expect(409);
    expect(again.body.message).toMatch(/already paused/);
    const badReason = await http.post('/api/activities/skjutningar/resume').send({ reason: 'x' }).expect(400);
    expect(badReason.body.details[0].field).toBe('reason');
    const resumed = await http.post('/api/activities/skjutningar/resume').send({ reason: 'Ny organisation klar' }).expect(200);
    expect(resumed.body.workflow.status).toBe('active');
    const timeline = (await http.get('/api/activities/skjutningar/timeline').expect(200)).body.map((t: { text: string }) => t.text);
    expect(timeline).toEqual(expect.arrayContaining(['Pausad: Omorganisation hos polisen', 'Återupptagen: Ny organisation klar']));
    expect((await http.post('/api/activities/skjutningar/resume').expect(409)).body.message).toBe('The activity is not paused.');
    await http.post('/api/activities/no-such-activity/pause').send({ reason: 'test' }).expect(404);
  });

  it('cancels an activity with a reason: its follow-up ends, and nothing more applies', async () => {
    const noReason = await http.post('/api/activities/boendeinflytande/cancel').send({}).expect(400);
    expect(noReason.body.details[0].field).toBe('reason');
    const coordinator = await live.as('polis.samordnare@samverkan.example');
    await coordinator.post('/api/activities/nyrekrytering/cancel').send({ reason: 'Inte vårt beslut' }).expect(403);
    const cancelled = await http.post('/api/activities/boendeinflytande/cancel').send({ reason: 'Uppdraget har flyttats' }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', workflow: { status: 'cancelled', nextDeadline: null, upcoming: [] } });
    const again = await http.post('/api/activities/boendeinflytande/cancel').send({ reason: 'Igen' }).expect(409);
    expect(again.body.message).toBe('The activity is cancelled; its follow-up has ended and can no longer be changed.');
    const mimer = await live.as('mimer@samverkan.example');
    expect((await mimer.post('/api/activities/boendeinflytande/reports').send({ status: 'on_track', progress: 5, summary: 'Hej' }).expect(409)).body.message).toMatch(/cancelled/);
    const timeline = (await http.get('/api/activities/boendeinflytande/timeline').expect(200)).body.map((t: { text: string }) => t.text);
    expect(timeline).toContain('Aktiviteten avbröts: Uppdraget har flyttats');
    const keys = async (url: string) => (await http.get(url).expect(200)).body.items.map((a: { key: string }) => a.key);
    expect(await keys('/api/activities?party=mimer&activityStatus=cancelled')).toEqual(['boendeinflytande']);
    expect(await keys('/api/activities?party=mimer&activityStatus=active')).not.toContain('boendeinflytande');
    expect((await http.get('/api/activities?activityStatus=gone').expect(400)).body.message).toMatch(/activityStatus must be one of active, completed, cancelled/);
  });

  it('changes the plan of the current phase, and refuses to change a phase that is over', async () => {
    const bad = await http.put('/api/activities/uvas/plan').send({ phases: [{ kind: 'long', followUpEvery: 'monthly' }] }).expect(400);
    expect(bad.body.details[0].field).toBe('phases[0].followUpEvery');
    for (const subDay of ['PT1S', 'PT1H']) {
      const refused = await http.put('/api/activities/uvas/plan').send({ phases: [{ kind: 'long', followUpEvery: subDay }] }).expect(400);
      expect(refused.body.details).toEqual([{ field: 'phases[0].followUpEvery', message: expect.stringContaining(`must be at least a day (P1D): ${subDay} is 1`) }]);
    }
    const minute = await http.put('/api/activities/uvas/plan').send({ phases: [{ kind: 'long', followUpEvery: 'PT1M' }] }).expect(400);
    expect(minute.body.message).toBe('phases[0].followUpEvery: must be at least a day (P1D): PT1M is 1 minute; did you mean P1M, a month?');
    const over = await http.put('/api/activities/uvas/plan').send({ phases: [{ kind: 'short', followUpEvery: 'P2W' }] }).expect(409);
    expect(over.body.message).toMatch(/short phase is already over/);
    const ok = await http.put('/api/activities/uvas/plan').send({ phases: [{ kind: 'long', followUpEvery: 'P2W' }] }).expect(200);
    expect(ok.body.phases.find((p: { kind: string }) => p.kind === 'long').followUpEvery).toBe('P2W');
    const next = Date.parse(ok.body.workflow.nextDeadline);
    expect(next - Date.now()).toBeLessThan(15 * 86_400_000);
  });

  it('moves a phase’s dates within the agreement’s period, and names a date outside it', async () => {
    const outside = await http.put('/api/activities/uvas/plan').send({ phases: [{ kind: 'long', targetDate: '2027-09-01' }] }).expect(400);
    expect(outside.body.details[0].field).toBe('phases[0].targetDate');
    expect(outside.body.message).toMatch(/outside the agreement's period, 2023-06-01 to 2027-06-01/);
    const moved = await http.put('/api/activities/uvas/plan').send({ phases: [{ kind: 'long', targetDate: '2027-03-01' }] }).expect(200);
    expect(moved.body.phases.find((p: { kind: string }) => p.kind === 'long').targetDate).toBe('2027-03-01');
    // The new target date is a deadline now: due at the end of Monday 1 March 2027 (00:00 on 2 March in Sweden).
    const deadlines = moved.body.workflow.upcoming.filter((u: { kind: string }) => u.kind === 'deadline').map((u: { at: string }) => u.at);
    expect(deadlines.length).toBeGreaterThan(0);
    expect(deadlines).not.toContain('2027-06-01T22:00:00.000Z');
    const [{ target_date }] = await ds.query(`SELECT target_date::text FROM phase p JOIN activity a ON a.id = p.activity_id WHERE a.key = 'uvas' AND p.kind = 'long'`);
    expect(target_date).toBe('2027-03-01');
  });

  it('creates an activity whose workflow starts at once, and completes its phases', async () => {
    const created = await http
      .post('/api/activities')
      .send({ key: 'trygghetsvandringar', title: 'Trygghetsvandringar efter skjutning', goalAreas: ['C', 'G'], leadParty: 'police', cooperatingParties: ['city'] })
      .expect(201);
    expect(created.body).toMatchObject({ key: 'trygghetsvandringar', leadParty: { key: 'police' }, phase: 'short' });
    expect(created.body.phases.map((p: { kind: string }) => p.kind)).toEqual(['short', 'medium', 'long']);
    expect(['starting', 'active']).toContain(created.body.workflow.status);

    const dup = await http
      .post('/api/activities')
      .send({ key: 'trygghetsvandringar', title: 'Igen', goalAreas: ['C'], leadParty: 'police' })
      .expect(409);
    expect(dup.body.message).toMatch(/already has an activity with the key "trygghetsvandringar"/);
    const badArea = await http.post('/api/activities').send({ key: 'x-y', title: 'Något nytt', goalAreas: ['Q'], leadParty: 'police' }).expect(400);
    expect(badArea.body.details[0].field).toBe('goalAreas');
    await http.post('/api/activities').send({ key: 'x-y', title: 'Något nytt', goalAreas: ['A'], leadParty: 'police', extra: 1 }).expect(400);

    await http.post('/api/activities/trygghetsvandringar/phases/medium/complete').expect(409);
    await http.post('/api/activities/trygghetsvandringar/phases/later/complete').expect(400);
    const medium = await http.post('/api/activities/trygghetsvandringar/phases/short/complete').expect(200);
    expect(medium.body.phase).toBe('medium');
    expect(medium.body.workflow.phase).toBe('medium');
    await http.post('/api/activities/trygghetsvandringar/phases/medium/complete').expect(200);
    const done = await http.post('/api/activities/trygghetsvandringar/phases/long/complete').expect(200);
    expect(done.body.status).toBe('completed');
    const closed = await http.post('/api/activities/trygghetsvandringar/pause').send({ reason: 'för sent' }).expect(409);
    expect(closed.body.message).toMatch(/completed|not running/);
  });

  it('reassigns the owner, only to an owner at the lead or a co-operating party, and tells the new owner', async () => {
    await http.put('/api/activities/feriepraktik/owner').send({ ownerId: randomUUID() }).expect(400);
    const person = async (email: string) => (await ds.query(`SELECT id FROM app_user WHERE email = $1`, [email]))[0].id as string;
    // Feriepraktik is led by the city, with no co-operating party: the city's coordinator (no owner role),
    // Mimer's owner and a council member may not own it; each refusal says why, in Swedish.
    const coordinator = await http.put('/api/activities/feriepraktik/owner').send({ ownerId: await person('stad.samordnare@samverkan.example') }).expect(400);
    expect(coordinator.body.message).toMatch(/kan inte vara aktivitetsansvarig.*har inte rollen aktivitetsansvarig/);
    const mimer = await http.put('/api/activities/feriepraktik/owner').send({ ownerId: await person('mimer@samverkan.example') }).expect(400);
    expect(mimer.body.message).toMatch(/varken leder eller samverkar/);
    await http.put('/api/activities/feriepraktik/owner').send({ ownerId: await person('radet@samverkan.example') }).expect(400);
    // The same rule when an activity is created with an owner.
    const created = await http
      .post('/api/activities')
      .send({ key: 'radets-egen', title: 'Rådets egen aktivitet', goalAreas: ['C'], leadParty: 'city', ownerId: await person('radet@samverkan.example') })
      .expect(400);
    expect(created.body.message).toMatch(/har inte rollen aktivitetsansvarig/);

    await http.put('/api/activities/feriepraktik/owner').send({ ownerId: null }).expect(200);
    const stad = await person('stad@samverkan.example');
    const res = await http.put('/api/activities/feriepraktik/owner').send({ ownerId: stad }).expect(200);
    expect(res.body.owner.email).toBe('stad@samverkan.example');
    const told: { subject: string; body_text: string; kind: string }[] = await ds.query(
      `SELECT n.subject, n.body_text, n.kind FROM notification n JOIN activity a ON a.id = n.activity_id WHERE a.key = 'feriepraktik' AND n.recipient_user_id = $1 AND n.kind = 'owner_assigned'`,
      [stad],
    );
    expect(told).toEqual([{ kind: 'owner_assigned', subject: 'Du är aktivitetsansvarig för ”Feriepraktik”', body_text: expect.stringMatching(/har gjort dig aktivitetsansvarig för ”Feriepraktik”/) }]);
    // The timeline names who did it and what changed, old → new.
    const timeline = (await http.get('/api/activities/feriepraktik/timeline').expect(200)).body as { kind: string; text: string; by?: string | null }[];
    const owners = timeline.filter((t) => t.kind === 'change' && t.text.startsWith('Ny aktivitetsansvarig'));
    expect(owners.slice(-2)).toEqual([
      expect.objectContaining({ text: 'Ny aktivitetsansvarig: aktivitetsansvarig: Stina Stadsberg → ingen', by: 'Alva Administratör' }),
      expect.objectContaining({ text: 'Ny aktivitetsansvarig: aktivitetsansvarig: ingen → Stina Stadsberg', by: 'Alva Administratör' }),
    ]);
  });

  it('carries its whole state across continue-as-new: no deadline lost or fired twice', async () => {
    // A busy workflow (a deadline every 2 s, all missed, each climbing a ladder of seconds) reaches the
    // dev server's continue-as-new suggestion within seconds.
    const { activityId } = await createSecondsFixture(ds, 'PT2S', {
      reminderOffsets: ['PT1S'],
      escalationLadder: [
        { level: 1, body: 'operational', after: 'PT1S' },
        { level: 2, body: 'strategic', after: 'PT3S' },
        { level: 3, body: 'safety-council', after: 'PT5S' },
      ],
    });
    const handle = await client.workflow.start(activityLifecycleWorkflow, {
      workflowId: lifecycleWorkflowId(activityId),
      taskQueue,
      args: [{ activityId, simulatedStart: '2024-06-03T10:00:00+02:00' }],
    });
    const firstRunId = handle.firstExecutionRunId;
    const deadline = Date.now() + 45_000;
    let runId = firstRunId;
    while (runId === firstRunId && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      runId = (await handle.describe()).runId;
    }
    expect(runId).not.toBe(firstRunId); // it continued as new
    // … and keeps going in the new runs: wait for eight deadlines in all (16 s of its clock).
    const countDeadlines = async () => (await followUpEvents(ds, activityId)).filter((r) => r.kind === 'deadline').length;
    while ((await countDeadlines()) < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    await handle.terminate('test finished');

    const firstRun = await client.workflow.getHandle(handle.workflowId, firstRunId).fetchHistory();
    expect(firstRun.events!.length).toBeGreaterThanOrEqual(CONTINUE_AS_NEW_AFTER_EVENTS);
    recordHistory('a run that continued as new', firstRun); // for the replay test
    const rows = await followUpEvents(ds, activityId);
    const deadlines = rows.filter((r) => r.kind === 'deadline').map((r) => r.due_at.getTime());
    expect(deadlines.length).toBeGreaterThanOrEqual(8);
    // One deadline every two seconds, none missing and none twice, across the runs.
    for (let i = 1; i < deadlines.length; i++) expect(deadlines[i] - deadlines[i - 1]).toBe(2000);
    const ladders = rows.filter((r) => r.kind === 'escalation' && r.level === 1).map((r) => r.deadline_key);
    expect(new Set(ladders).size).toBe(ladders.length);
  });
});
