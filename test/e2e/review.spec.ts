/**
 * What samverkansledning reviews, and the audit trail, over HTTP with a real worker.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { useLiveApi } from '../support/live-api';
import { Activity } from '@app/database';

type Agent = ReturnType<typeof request.agent>;

describe('review: overview, escalations, timeline, my activities and the audit trail', () => {
  const live = useLiveApi('2026-11-23');
  let ds: DataSource;
  let polis: Agent, samordnare: Agent, operativ: Agent, radet: Agent, admin: Agent;

  beforeAll(async () => {
    ds = live.ds;
    [polis, samordnare, operativ, radet, admin] = await Promise.all(['polis', 'polis.samordnare', 'operativ', 'radet', 'admin'].map((u) => live.as(`${u}@samverkan.example`)));
  });

  it('shows an off-track report on Översikt, lets leadership acknowledge the escalation, and the owner sees it', async () => {
    const before = await radet.get('/api/overview').expect(200);
    expect(before.body.total).toMatchObject({ activities: 16, status: { on_track: 0, at_risk: 0, off_track: 0, none: 16 }, overdue: 0 });

    await polis.post('/api/activities/mbu/reports').send({ status: 'off_track', progress: 30, summary: 'Besöken har uteblivit i höst.' }).expect(201);
    const overview = await radet.get('/api/overview').expect(200);
    expect(overview.body.total.status).toEqual({ on_track: 0, at_risk: 0, off_track: 1, none: 15 });
    expect(overview.body.total.openEscalations).toEqual({ 1: 1, 2: 0, 3: 0 });
    const police = overview.body.parties.find((p: { key: string }) => p.key === 'police');
    expect(police).toMatchObject({ title: 'Polisen, lokalpolisområde Västerås', activities: 4, status: { off_track: 1 } });
    expect(overview.body.goalAreas.find((g: { key: string }) => g.key === 'C').status.off_track).toBe(1);
    expect(overview.body.goalAreas.find((g: { key: string }) => g.key === 'A').status.off_track).toBe(0);
    expect(overview.body.phases.map((p: { key: string; activities: number }) => [p.key, p.activities])).toEqual([['short', 0], ['medium', 0], ['long', 16]]);

    const open = await radet.get('/api/escalations').expect(200);
    expect(open.body.total).toBe(1);
    const escalation = open.body.items[0];
    expect(escalation).toMatchObject({ level: 1, body: 'operational', cause: 'off_track', activity: { key: 'mbu', leadParty: 'police' } });

    await radet.post(`/api/escalations/${escalation.id}/acknowledge`).send({ comment: 'Rådet noterar' }).expect(403);
    expect((await operativ.post(`/api/escalations/${escalation.id}/acknowledge`).send({}).expect(400)).body.message).toMatch(/comment is required/);
    const acked = await operativ.post(`/api/escalations/${escalation.id}/acknowledge`).send({ comment: 'Tas upp på operativ ledning torsdag.' }).expect(200);
    expect(acked.body.acknowledgement).toBe('Tas upp på operativ ledning torsdag.');
    await operativ.post(`/api/escalations/${escalation.id}/acknowledge`).send({ comment: 'Igen' }).expect(409);
    await operativ.post(`/api/escalations/${randomUUID()}/acknowledge`).send({ comment: 'Finns inte' }).expect(404);
    expect((await radet.get('/api/escalations?state=acknowledged&party=police').expect(200)).body.total).toBe(1);
    await radet.get('/api/escalations?state=closed').expect(400);

    const timeline = await polis.get('/api/activities/mbu/timeline').expect(200);
    expect(timeline.body.map((t: { kind: string }) => t.kind)).toEqual(expect.arrayContaining(['report', 'escalation', 'acknowledgement']));
    expect(timeline.body.find((t: { kind: string }) => t.kind === 'acknowledgement').text).toBe('Kvitterad: Tas upp på operativ ledning torsdag.');
  });

  it('keeps an acknowledged escalation open until a report resolves it, in the list and on Översikt alike', async () => {
    // The first test acknowledged mbu's off-track escalation; no report has resolved it since.
    const open = await radet.get('/api/escalations?state=open').expect(200);
    expect(open.body.items.map((e: { activity: { key: string }; acknowledgedAt: string | null }) => [e.activity.key, !!e.acknowledgedAt])).toEqual([['mbu', true]]);
    expect((await radet.get('/api/escalations').expect(200)).body.total).toBe(1); // open is the default
    expect((await radet.get('/api/overview').expect(200)).body.total.openEscalations).toEqual({ 1: 1, 2: 0, 3: 0 });

    // A report on track resolves it: no longer open, listed as resolved, not counted.
    await polis.post('/api/activities/mbu/reports').send({ status: 'on_track', progress: 40, summary: 'Besöken är bokade igen.' }).expect(201);
    expect((await radet.get('/api/escalations?state=open').expect(200)).body.total).toBe(0);
    expect((await radet.get('/api/escalations?state=acknowledged').expect(200)).body.total).toBe(0);
    expect((await radet.get('/api/escalations?state=resolved&activity=mbu').expect(200)).body.total).toBe(1);
    expect((await radet.get('/api/overview').expect(200)).body.total.openEscalations).toEqual({ 1: 0, 2: 0, 3: 0 });
  });

  it('counts an activity with a missed, unanswered deadline as overdue, and lists it first among mine', async () => {
    const [skj] = await ds.getRepository(Activity).find({ where: { key: 'skjutningar' } });
    await ds.query(
      `INSERT INTO follow_up_event (activity_id, key, kind, phase, due_at, fired_at, outcome) VALUES ($1, 'long:follow_up:test', 'deadline', 'long', now() - interval '2 days', now() - interval '2 days', 'missed')`,
      [skj.id],
    );
    const overview = await radet.get('/api/overview').expect(200);
    expect(overview.body.total.overdue).toBe(1);
    expect(overview.body.goalAreas.find((g: { key: string }) => g.key === 'H').overdue).toBe(1);

    const mine = await polis.get('/api/me/activities').expect(200);
    expect(mine.body.map((a: { key: string }) => a.key).sort()).toEqual(['mbu', 'myndighetsnarvaro', 'nyrekrytering', 'skjutningar']);
    expect(mine.body[0]).toMatchObject({ key: 'skjutningar', overdue: true, as: 'owner' });
    const coordinated = await samordnare.get('/api/me/activities').expect(200);
    expect(coordinated.body.every((a: { as: string }) => a.as === 'coordinator')).toBe(true);
    expect(coordinated.body).toHaveLength(4);
    expect((await radet.get('/api/me/activities').expect(200)).body).toEqual([]);
  });

  it('records every write with who, when, what and before/after; append-only', async () => {
    await admin.post('/api/activities/uvas/pause').send({ reason: 'Budgetomprövning' }).expect(200);
    const timeline = await admin.get('/api/activities/uvas/timeline').expect(200);
    expect(timeline.body.find((t: { kind: string }) => t.kind === 'change')).toMatchObject({ text: 'Pausad: Budgetomprövning', by: 'Alva Administratör' });

    const trail = await admin.get('/api/audit?activity=uvas').expect(200);
    expect(trail.body).toHaveLength(1);
    expect(trail.body[0]).toMatchObject({ action: 'activity.pause', actorEmail: 'admin@samverkan.example', before: { paused: null }, after: { paused: { reason: 'Budgetomprövning' } } });
    const [polisUser] = await ds.query(`SELECT id FROM app_user WHERE email = 'polis@samverkan.example'`);
    const byPolis = await admin.get(`/api/audit?user=${polisUser.id}`).expect(200);
    expect(byPolis.body.map((e: { action: string }) => e.action)).toEqual(['report.submit', 'report.submit']);
    expect((await operativ.get('/api/audit').expect(403)).body.message).toMatch(/audit trail/);
    await admin.get('/api/audit?user=someone').expect(400);

    await expect(ds.query(`UPDATE audit_entry SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only/);
  });

  it('lists behind every Översikt number exactly what it counts, by goal area, party (leading or co-operating) and phase', async () => {
    type Row = { key: string; activities: number; status: Record<string, number>; overdue: number; openEscalations: Record<string, number> };
    const [mbu] = await ds.query(`SELECT id FROM activity WHERE key = 'mbu'`);
    const [uvas] = await ds.query(`SELECT id FROM activity WHERE key = 'uvas'`);
    const [mimer] = await ds.query(`SELECT id FROM party WHERE key = 'mimer'`);
    await polis.post('/api/activities/mbu/reports').send({ status: 'off_track', progress: 35, summary: 'Besöken uteblev igen.' }).expect(201);
    // Mimer co-operates in mbu; uvas, finished, still has an escalation no report resolved.
    await ds.query(`INSERT INTO activity_cooperating_party (activity_id, party_id) VALUES ($1, $2)`, [mbu.id, mimer.id]);
    await ds.query(
      `INSERT INTO follow_up_event (activity_id, key, kind, phase, due_at, fired_at, level, body) VALUES ($1, 'long:escalation:test', 'escalation', 'long', now(), now(), 2, 'strategic')`,
      [uvas.id],
    );
    await ds.query(`UPDATE activity SET status = 'completed' WHERE id = $1`, [uvas.id]);
    try {
      const overview = (await radet.get('/api/overview').expect(200)).body as { total: Row; goalAreas: Row[]; parties: Row[]; phases: Row[] };
      expect(overview.parties.find((p) => p.key === 'mimer')!.status.off_track).toBe(1);
      expect(overview.total.openEscalations).toEqual({ 1: 1, 2: 1, 3: 0 });
      const rows: [Record<string, string>, Row][] = [
        [{}, overview.total],
        ...overview.goalAreas.map((r): [Record<string, string>, Row] => [{ goalArea: r.key }, r]),
        ...overview.parties.map((r): [Record<string, string>, Row] => [{ party: r.key }, r]),
        ...overview.phases.map((r): [Record<string, string>, Row] => [{ phase: r.key }, r]),
      ];
      const listed = async (path: string, filter: Record<string, string>) =>
        (await radet.get(path).query({ ...filter, limit: 200 }).expect(200)).body as { items: { status?: string }[]; total: number };
      for (const [filter, row] of rows) {
        for (const level of ['1', '2', '3']) {
          const escalations = await listed('/api/escalations', { ...filter, state: 'open', level });
          expect([filter, level, escalations.total]).toEqual([filter, level, row.openEscalations[level]]);
        }
        // Översikt counts the active activities of a list (the web app shows those).
        const active = async (extra: Record<string, string>) => (await listed('/api/activities', { ...filter, ...extra })).items.filter((a) => a.status === 'active').length;
        expect([filter, await active({})]).toEqual([filter, row.activities]);
        for (const status of ['on_track', 'at_risk', 'off_track', 'none']) expect([filter, status, await active({ status })]).toEqual([filter, status, row.status[status]]);
        expect([filter, 'overdue', await active({ overdue: 'true' })]).toEqual([filter, 'overdue', row.overdue]);
      }
      await radet.get('/api/escalations?goalArea=h').expect(400);
      await radet.get('/api/escalations?phase=soon').expect(400);
    } finally {
      await ds.query(`UPDATE activity SET status = 'active' WHERE id = $1`, [uvas.id]);
      await ds.query(`DELETE FROM activity_cooperating_party WHERE activity_id = $1`, [mbu.id]);
    }
  });
});
