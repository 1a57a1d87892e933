/**
 * Editing an activity, its delmål, and its agreement's reminder offsets and escalation ladder, through
 * HTTP against a real Temporal dev server with a real worker and a real PostgreSQL, with both demo
 * tenants seeded: each change is audited, reaches the running workflows, and bad input is a 4xx that
 * changes nothing.
 */
import { DataSource } from 'typeorm';
import { Client } from '@temporalio/client';
import { addDuration, dueInstant, fromWallClock, localDate, previousWorkingDay, startOfLocalDay } from '@app/domain';
import { lifecycleWorkflowId, stateQuery } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { useLiveApi } from '../support/live-api';
import { startTestWorker } from '../support/test-worker';
import { testEnv } from '../support/test-env';

const VASTERAS = 'vasteras-2023-2027';
const EXEMPELBY = 'exempelby-2025-2028';
/** When a delmål dated `date` is due: the end of that (working) day in Sweden. */
const dueAt = (date: string) => new Date(dueInstant(startOfLocalDay(date), true)).toISOString();

describe('editing activities, delmål and follow-up settings (real Temporal and worker)', () => {
  const live = useLiveApi('2026-11-23', { agreements: 'demo' });
  let ds: DataSource;
  let client: Client;
  let admin: Awaited<ReturnType<typeof live.as>>;
  let activityId: string;

  const workflowState = (id: string) => client.workflow.getHandle(lifecycleWorkflowId(id)).query(stateQuery);
  const deadlines = async (id: string) => (await workflowState(id)).upcoming.filter((i) => i.kind === 'deadline').map((i) => i.at);
  const audit = (action: string, entityId: string) =>
    ds.query(`SELECT actor_email, before, after, agreement_id FROM audit_entry WHERE action = $1 AND entity_id = $2 ORDER BY at`, [action, entityId]);
  const until = async (check: () => Promise<boolean>, what: string) => {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Not within 20 s: ${what}`);
  };

  beforeAll(async () => {
    ({ ds, client } = live);
    admin = await live.as('admin@samverkan.example');
    const res = await admin.get(`/api/activities/feriepraktik?agreement=${VASTERAS}`).expect(200);
    activityId = res.body.id;
    await until(async () => (await workflowState(activityId)).status === 'active', 'the workflow has loaded its plan');
    // The dates used below lie within the long phase, which is current.
    const long = res.body.phases.find((p: { kind: string }) => p.kind === 'long');
    expect(long.startDate <= '2027-03-15' && '2027-04-12' <= long.targetDate).toBe(true);
    expect(res.body.phase).toBe('long');
  });

  it('edits title, description and co-operating parties, with an audit entry', async () => {
    const res = await admin
      .patch(`/api/activities/feriepraktik?agreement=${VASTERAS}`)
      .send({ title: 'Feriepraktik för unga i Bäckby', description: 'Sommarjobb via kommunen och Mimer.', cooperatingParties: ['mimer', 'police'] })
      .expect(200);
    expect(res.body).toMatchObject({ title: 'Feriepraktik för unga i Bäckby', description: 'Sommarjobb via kommunen och Mimer.', followUpRevision: 'unchanged' });
    expect(res.body.cooperatingParties.map((p: { key: string }) => p.key).sort()).toEqual(['mimer', 'police']);
    const [entry] = await audit('activity.edit', activityId);
    expect(entry.actor_email).toBe('admin@samverkan.example');
    expect(entry.before.title).toBe('Feriepraktik');
    expect(entry.after).toEqual({ title: 'Feriepraktik för unga i Bäckby', description: 'Sommarjobb via kommunen och Mimer.', cooperatingParties: ['mimer', 'police'] });
    // None at all, and the coordinator of the lead party may edit too.
    const coordinator = await live.as('stad.samordnare@samverkan.example');
    const none = await coordinator.patch(`/api/activities/${activityId}`).send({ cooperatingParties: [] }).expect(200);
    expect(none.body.cooperatingParties).toEqual([]);
    // A coordinator of another party may not.
    const police = await live.as('polis.samordnare@samverkan.example');
    expect((await police.patch(`/api/activities/${activityId}?agreement=${VASTERAS}`).send({ title: 'Polisens titel' }).expect(403)).body.message).toMatch(/coordinator of the party that leads/);
  });

  it('adds, moves and removes a delmål; each reaches the workflow and is audited; a report that named it keeps its title', async () => {
    const base = `/api/activities/feriepraktik/phases/long/milestones?agreement=${VASTERAS}`;
    const added = await admin.post(base).send({ title: 'Hundra platser tillsatta', dueDate: '2027-03-15' }).expect(201);
    expect(added.body.followUpRevision).toBe('delivered');
    const milestone = added.body.phases.find((p: { kind: string }) => p.kind === 'long').milestones.find((m: { title: string }) => m.title === 'Hundra platser tillsatta');
    expect(milestone).toMatchObject({ dueDate: '2027-03-15', status: 'open' });
    expect(await deadlines(activityId)).toContain(dueAt('2027-03-15'));
    expect(added.body.workflow.upcoming).toContainEqual({ kind: 'deadline', at: dueAt('2027-03-15'), phase: 'long' });

    // The owner reports it done, before it is moved and removed.
    const owner = await live.as('stad@samverkan.example');
    await owner.post(`/api/activities/${activityId}/reports`).send({ status: 'on_track', progress: 50, summary: 'Platserna är tillsatta.', milestones: [{ milestoneId: milestone.id, status: 'done' }] }).expect(201);

    const moved = await admin.patch(`/api/activities/feriepraktik/phases/long/milestones/${milestone.id}?agreement=${VASTERAS}`).send({ dueDate: '2027-04-12' }).expect(200);
    expect(moved.body.followUpRevision).toBe('delivered');
    const after = await deadlines(activityId);
    expect(after).toContain(dueAt('2027-04-12'));
    expect(after).not.toContain(dueAt('2027-03-15'));
    const [edit] = await audit('activity.milestone-edit', milestone.id);
    expect([edit.before.dueDate, edit.after.dueDate]).toEqual(['2027-03-15', '2027-04-12']);

    const removed = await admin.delete(`/api/activities/${activityId}/phases/long/milestones/${milestone.id}`).expect(200);
    expect(removed.body.phases.find((p: { kind: string }) => p.kind === 'long').milestones.map((m: { id: string }) => m.id)).not.toContain(milestone.id);
    expect(await deadlines(activityId)).not.toContain(dueAt('2027-04-12'));
    const [removal] = await audit('activity.milestone-remove', milestone.id);
    expect(removal.before).toMatchObject({ title: 'Hundra platser tillsatta', dueDate: '2027-04-12', phase: 'long' });
    const [added1] = await audit('activity.milestone-add', milestone.id);
    expect(added1.after).toMatchObject({ title: 'Hundra platser tillsatta', dueDate: '2027-03-15' });
    const timeline = (await admin.get(`/api/activities/${activityId}/timeline`).expect(200)).body.map((t: { text: string }) => t.text);
    expect(timeline).toContainEqual(expect.stringContaining('Delmål klart: Hundra platser tillsatta (borttaget).'));
    expect(timeline).toEqual(expect.arrayContaining(['Delmål lades till: Hundra platser tillsatta', 'Delmål togs bort: Hundra platser tillsatta']));
    // Gone: a second removal is a 404.
    await admin.delete(`/api/activities/${activityId}/phases/long/milestones/${milestone.id}`).expect(404);
  });

  it('refuses bad input with a 4xx that names the field, and changes nothing', async () => {
    const before = await ds.query(`SELECT m.id, m.title, m.due_date::text FROM milestone m JOIN phase p ON p.id = m.phase_id WHERE p.activity_id = $1 ORDER BY m.id`, [activityId]);
    const [activity] = await ds.query(`SELECT title, description FROM activity WHERE id = $1`, [activityId]);
    const base = `/api/activities/${activityId}/phases/long/milestones`;
    const outside = await admin.post(base).send({ title: 'Efter fasen', dueDate: '2027-06-15' }).expect(400);
    expect(outside.body.details[0].field).toMatch(/dueDate/);
    expect(outside.body.message).toMatch(/outside the long phase/);
    const shortPhase = await admin.post(`/api/activities/${activityId}/phases/short/milestones`).send({ title: 'I fel fas', dueDate: '2026-12-15' });
    expect(shortPhase.status).toBe(400);
    expect((await admin.post(base).send({ title: 'Inget sådant datum', dueDate: '2023-02-30' }).expect(400)).body.details[0].field).toBe('dueDate');
    expect((await admin.post(base).send({ title: 'Utan datum' }).expect(400)).body.message).toMatch(/dueDate is required/);
    expect((await admin.post(base).send({ title: 'Okänt fält', dueDate: '2027-03-15', priority: 'hög' }).expect(400)).body.message).toMatch(/priority/);
    await admin.post(`/api/activities/${activityId}/phases/later/milestones`).send({ title: 'Okänd fas', dueDate: '2027-03-15' }).expect(400);
    await admin.patch(`${base}/00000000-0000-4000-8000-000000000000`).send({ title: 'Ingen sådan' }).expect(404);
    await admin.patch(`${base}/inte-ett-id`).send({ title: 'Ingen sådan' }).expect(404);
    // A party of another agreement (Exempelby's housing company) is no party here.
    const party = await admin.patch(`/api/activities/${activityId}`).send({ cooperatingParties: ['housing'] }).expect(400);
    expect(party.body.message).toMatch(/"housing" is not a party of vasteras-2023-2027/);
    await admin.patch(`/api/activities/${activityId}`).send({ cooperatingParties: ['city'] }).expect(400); // the lead party
    await admin.patch(`/api/activities/${activityId}`).send({}).expect(400);
    await admin.patch(`/api/activities/${activityId}`).send({ title: 'Ny', colour: 'blå' }).expect(400);
    expect(await ds.query(`SELECT m.id, m.title, m.due_date::text FROM milestone m JOIN phase p ON p.id = m.phase_id WHERE p.activity_id = $1 ORDER BY m.id`, [activityId])).toEqual(before);
    expect(await ds.query(`SELECT title, description FROM activity WHERE id = $1`, [activityId])).toEqual([activity]);
  });

  it('another tenant’s activity and agreement are a 404, exactly as unknown ones, and nothing changes', async () => {
    const other = await live.as('admin@exempelby.example');
    const [before] = await ds.query(`SELECT a.title, g.reminder_offsets FROM activity a JOIN agreement g ON g.id = a.agreement_id WHERE a.id = $1`, [activityId]);
    const milestones = await ds.query(`SELECT m.id FROM milestone m JOIN phase p ON p.id = m.phase_id WHERE p.activity_id = $1`, [activityId]);
    const unknown = (await other.patch(`/api/activities/00000000-0000-4000-8000-000000000001`).send({ title: 'Annan kommun' }).expect(404)).body;
    const foreign = (await other.patch(`/api/activities/${activityId}`).send({ title: 'Annan kommun' }).expect(404)).body;
    expect(foreign.message.replace(activityId, 'ID')).toBe(unknown.message.replace('00000000-0000-4000-8000-000000000001', 'ID'));
    await other.post(`/api/activities/${activityId}/phases/long/milestones`).send({ title: 'Annan kommun', dueDate: '2027-03-15' }).expect(404);
    if (milestones[0]) {
      await other.patch(`/api/activities/${activityId}/phases/long/milestones/${milestones[0].id}`).send({ title: 'Annan kommun' }).expect(404);
      await other.delete(`/api/activities/${activityId}/phases/long/milestones/${milestones[0].id}`).expect(404);
    }
    await other.get(`/api/agreements/${VASTERAS}/follow-up-settings`).expect(404);
    await other.put(`/api/agreements/${VASTERAS}/follow-up-settings`).send({ reminderOffsets: ['P2D'], escalationLadder: [] }).expect(404);
    const [after] = await ds.query(`SELECT a.title, g.reminder_offsets FROM activity a JOIN agreement g ON g.id = a.agreement_id WHERE a.id = $1`, [activityId]);
    expect(after).toEqual(before);
    expect(await ds.query(`SELECT m.id FROM milestone m JOIN phase p ON p.id = m.phase_id WHERE p.activity_id = $1`, [activityId])).toEqual(milestones);
  });

  it('reminder offsets and the ladder: checked as at seeding, changed by the administrator only, and every running workflow of the agreement hears of it', async () => {
    const url = `/api/agreements/${VASTERAS}/follow-up-settings`;
    const current = (await admin.get(url).expect(200)).body;
    expect(current).toEqual({ agreement: VASTERAS, reminderOffsets: ['P7D', 'P1D'], escalationLadder: expect.any(Array) });
    // Rules of the seed (followUpSettingsProblems): levels climb one at a time, durations are positive, bodies known.
    const refused = [
      { reminderOffsets: ['P7D'], escalationLadder: [{ level: 2, body: 'operational', after: 'P3D' }] },
      { reminderOffsets: ['P0D'], escalationLadder: current.escalationLadder },
      { reminderOffsets: ['en vecka'], escalationLadder: current.escalationLadder },
      { reminderOffsets: ['P7D'], escalationLadder: [{ level: 1, body: 'kommunfullmäktige', after: 'P3D' }] },
      { reminderOffsets: ['P7D'], escalationLadder: [{ level: 1, body: 'operational', after: 'P3D', extra: true }] },
      { reminderOffsets: ['P7D'] },
    ];
    for (const body of refused) {
      const res = await admin.put(url).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
      expect(res.body.message).toBeTruthy();
    }
    expect((await admin.put(url).send(refused[0]).expect(400)).body.details[0].field).toBe('escalationLadder[0].level');
    const same = { reminderOffsets: current.reminderOffsets, escalationLadder: current.escalationLadder };
    expect((await (await live.as('ledning@samverkan.example')).put(url).send(same).expect(403)).body.message).toMatch(/administrator of the agreement/);
    expect((await admin.get(url).expect(200)).body).toEqual(current);

    const exempelbyActivity = (await ds.query(`SELECT a.id FROM activity a JOIN agreement g ON g.id = a.agreement_id WHERE g.key = $1 AND a.status = 'active' LIMIT 1`, [EXEMPELBY]))[0].id;
    const exempelbyBefore = (await workflowState(exempelbyActivity)).upcoming;
    const ladder = [
      { level: 1, body: 'operational', after: 'P2D' },
      { level: 2, body: 'strategic', after: 'P5D' },
    ];
    const changed = await admin.put(url).send({ reminderOffsets: ['P3D'], escalationLadder: ladder }).expect(200);
    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM activity a JOIN agreement g ON g.id = a.agreement_id WHERE g.key = $1 AND a.status = 'active'`, [VASTERAS]);
    expect(changed.body).toEqual({ agreement: VASTERAS, reminderOffsets: ['P3D'], escalationLadder: ladder, workflowsToTell: count });
    // Every running workflow of the agreement hears of it (the sweep, bounded), and its marks clear.
    await until(
      async () => (await ds.query(`SELECT count(*)::int AS n FROM activity WHERE follow_up_revised_at IS NOT NULL`))[0].n === 0,
      'every workflow of Västerås has heard of the new settings',
    );
    const ids: string[] = (await ds.query(`SELECT a.id FROM activity a JOIN agreement g ON g.id = a.agreement_id WHERE g.key = $1 AND a.status = 'active'`, [VASTERAS])).map((r: { id: string }) => r.id);
    for (const id of ids) {
      const state = await workflowState(id);
      const deadlinesAt = state.upcoming.filter((i) => i.kind === 'deadline').map((i) => Date.parse(i.at));
      const reminders = state.upcoming.filter((i) => i.kind === 'reminder');
      // Each reminder is for the day three days before a deadline (P3D from its end), at 08:00 Swedish time
      // on that day or the working day before it; none seven or one.
      const threeDaysBefore = (d: number) => {
        const [year, month, day] = previousWorkingDay(localDate(addDuration(d, 'P3D', -1))).split('-').map(Number);
        return fromWallClock({ year, month, day, hour: 8, minute: 0, second: 0, millisecond: 0 });
      };
      for (const r of reminders) expect([id, deadlinesAt.some((d) => threeDaysBefore(d) === Date.parse(r.at))]).toEqual([id, true]);
    }
    // Exempelby's workflows are not Västerås's business.
    expect((await workflowState(exempelbyActivity)).upcoming).toEqual(exempelbyBefore);
    const [entry] = await ds.query(`SELECT actor_email, before, after FROM audit_entry WHERE action = 'agreement.follow-up-settings'`);
    expect(entry).toMatchObject({ actor_email: 'admin@samverkan.example', before: { reminderOffsets: ['P7D', 'P1D'] }, after: { reminderOffsets: ['P3D'], escalationLadder: ladder } });
    const [agreement] = await ds.query(`SELECT reminder_offsets, escalation_ladder FROM agreement WHERE key = $1`, [VASTERAS]);
    expect(agreement).toEqual({ reminder_offsets: ['P3D'], escalation_ladder: ladder });
  });

  it('a delmål moved while its workflow cannot be reached is kept in PostgreSQL and reaches the workflow once it can', async () => {
    // No worker: Temporal takes the update but nothing applies it, so the API's call runs out of time.
    const [long] = await ds.query(`SELECT id FROM phase WHERE activity_id = $1 AND kind = 'long'`, [activityId]);
    const [m] = await ds.query(`INSERT INTO milestone (phase_id, position, title, due_date) VALUES ($1, 99, 'Utvärdering klar', '2027-05-10') RETURNING id`, [long.id]);
    await live.worker.stop();
    try {
      const moved = await admin.patch(`/api/activities/${activityId}/phases/long/milestones/${m.id}`).send({ dueDate: '2027-05-17' }).expect(200);
      expect(moved.body.followUpRevision).toBe('pending');
      const [row] = await ds.query(`SELECT m.due_date::text AS due, a.follow_up_revised_at FROM milestone m, activity a WHERE m.id = $1 AND a.id = $2`, [m.id, activityId]);
      expect(row.due).toBe('2027-05-17');
      expect(row.follow_up_revised_at).not.toBeNull();
    } finally {
      live.worker = await startTestWorker(testEnv('temporalAddress'), live.taskQueue, ds);
    }
    // The sweep sends what PostgreSQL holds now: the workflow has the delmål on its new date, and the mark clears.
    await until(async () => (await deadlines(activityId)).includes(dueAt('2027-05-17')), 'the sweep has told the workflow');
    expect(await deadlines(activityId)).not.toContain(dueAt('2027-05-10'));
    await until(async () => (await ds.query(`SELECT follow_up_revised_at FROM activity WHERE id = $1`, [activityId]))[0].follow_up_revised_at === null, 'its mark is cleared');
  });

  it('never answers a garbage body with a 5xx: every refusal is a 4xx that says what is wrong', async () => {
    let state = 20261202;
    const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const oneOf = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const scalars: unknown[] = [null, true, 0, -3, 2.5, 1e300, '', '   ', 'P', 'P0D', 'P3D', 'PT1H', 'P1Y2M', '2023-02-30', '2027-03-15', '99999-01-01', 'city', 'housing', 'operational', 'safety-council', 'ö'.repeat(600), 'x'.repeat(6000), '\u0000'];
    const garbage = (depth: number): unknown => {
      const r = random();
      if (depth > 2 || r < 0.55) return oneOf(scalars);
      if (r < 0.8) return Array.from({ length: Math.floor(random() * 4) }, () => garbage(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [oneOf(['level', 'body', 'after', 'title', 'x']), garbage(depth + 1)]));
    };
    const fields = ['title', 'description', 'cooperatingParties', 'dueDate', 'reminderOffsets', 'escalationLadder', 'phase', 'id'];
    const [long] = await ds.query(`SELECT m.id FROM milestone m JOIN phase p ON p.id = m.phase_id WHERE p.activity_id = $1 AND p.kind = 'long' LIMIT 1`, [activityId]);
    const targets: ['patch' | 'post' | 'put', string][] = [
      ['patch', `/api/activities/${activityId}`],
      ['post', `/api/activities/${activityId}/phases/long/milestones`],
      ['patch', `/api/activities/${activityId}/phases/long/milestones/${long.id}`],
      ['put', `/api/agreements/${VASTERAS}/follow-up-settings`],
    ];
    for (let i = 0; i < 240; i++) {
      const [method, url] = oneOf(targets);
      const body = random() < 0.15 ? garbage(0) : Object.fromEntries(Array.from({ length: 1 + Math.floor(random() * 3) }, () => [oneOf(fields), garbage(1)]));
      const res = await admin[method](url).set('Content-Type', 'application/json').send(JSON.stringify(body));
      expect([method, url, body, res.status < 500]).toEqual([method, url, body, true]);
      if (res.status >= 400) expect([url, body, typeof res.body.message]).toEqual([url, body, 'string']);
    }
  });
});
