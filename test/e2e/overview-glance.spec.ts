/**
 * Översikt at a glance and escalations per deadline, over HTTP with a real worker (issue 13, points 5
 * and 6): Översikt says when its numbers are as of and how each status count stood four weeks ago (the
 * latest report at or before that instant); the activity list carries each activity's status, progress,
 * last report, next deadline and escalation level; GET /api/escalations/by-deadline gives one item per
 * deadline with every level it reached and who acknowledged it, while GET /api/escalations keeps one
 * item per level; acknowledging an escalation a report already resolved is refused and says so; the
 * other tenant sees none of it.
 */
import request from 'supertest';
import { useLiveApi } from '../support/live-api';

type Agent = ReturnType<typeof request.agent>;
const DAY = 86_400_000;
/** A report is taken: 201 delivered to its workflow at once, 202 kept to be delivered. */
const accepted = (r: { status: number }) => expect([201, 202]).toContain(r.status);

describe('Översikt at a glance, the lists behind it, escalations per deadline', () => {
  const live = useLiveApi('2026-11-23', { agreements: 'demo' });
  let polis: Agent, operativ: Agent, radet: Agent, exempelby: Agent;

  beforeAll(async () => {
    [polis, operativ, radet, exempelby] = await Promise.all(
      ['polis@samverkan.example', 'operativ@samverkan.example', 'radet@samverkan.example', 'operativ@exempelby.example'].map((u) => live.as(u)),
    );
  });

  it('compares each status count with four weeks ago, by the latest report at or before then', async () => {
    // mbu: on track five weeks ago, at risk now; skjutningar: first reported a week ago (no report four weeks ago).
    await polis.post('/api/activities/mbu/reports').send({ status: 'on_track', progress: 20, summary: 'Besöken är igång.' }).expect(accepted);
    await live.ds.query(`UPDATE activity_report SET submitted_at = now() - interval '35 days' WHERE activity_id = (SELECT id FROM activity WHERE key = 'mbu' AND agreement_id = (SELECT id FROM agreement WHERE key = 'vasteras-2023-2027'))`);
    await polis.post('/api/activities/mbu/reports').send({ status: 'at_risk', progress: 35, summary: 'Färre besök än planerat.' }).expect(accepted);
    await polis.post('/api/activities/skjutningar/reports').send({ status: 'on_track', progress: 10, summary: 'Arbetet har startat.' }).expect(accepted);
    await live.ds.query(
      `UPDATE activity_report SET submitted_at = now() - interval '7 days' WHERE activity_id = (SELECT id FROM activity WHERE key = 'skjutningar' AND agreement_id = (SELECT id FROM agreement WHERE key = 'vasteras-2023-2027'))`,
    );

    const before = Date.now();
    const { body } = await radet.get('/api/overview?agreement=vasteras-2023-2027').expect(200);
    expect(Date.parse(body.asOf)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(body.asOf) - Date.parse(body.comparedWith)).toBe(28 * DAY);
    expect(body.total.status).toEqual({ on_track: 1, at_risk: 1, off_track: 0, none: 14 });
    expect(body.total.statusFourWeeksAgo).toEqual({ on_track: 1, at_risk: 0, off_track: 0, none: 15 });
    // mbu serves C (among others): its row moved from on track to at risk.
    const c = body.goalAreas.find((g: { key: string }) => g.key === 'C');
    expect([c.status.at_risk, c.statusFourWeeksAgo.at_risk, c.statusFourWeeksAgo.on_track]).toEqual([1, 0, 1]);

    // The other tenant's Översikt knows nothing of it.
    const other = await exempelby.get('/api/overview').expect(200);
    expect(other.body.agreement).toBe('exempelby-2025-2028');
    expect(other.body.total.status.at_risk + other.body.total.statusFourWeeksAgo.on_track).toBe(0);
  });

  it('lists each activity with its status, owner, progress, last report, next deadline and escalation level', async () => {
    const { body } = await radet.get('/api/activities?agreement=vasteras-2023-2027&activityStatus=active&limit=200').expect(200);
    const mbu = body.items.find((a: { key: string }) => a.key === 'mbu');
    expect(mbu).toMatchObject({ latestStatus: 'at_risk', progress: 35, escalationLevel: 0, overdue: false, leadParty: 'police' });
    expect(mbu.owner?.name).toEqual(expect.any(String));
    expect(Date.now() - Date.parse(mbu.lastReportAt)).toBeLessThan(60_000);
    expect(Date.parse(mbu.nextDeadline)).toBeGreaterThan(Date.now());
    const never = body.items.find((a: { key: string }) => !['mbu', 'skjutningar'].includes(a.key));
    expect(never).toMatchObject({ latestStatus: null, progress: null, lastReportAt: null });
    // The filter by status behind an Översikt number picks the same.
    const atRisk = await radet.get('/api/activities?agreement=vasteras-2023-2027&activityStatus=active&status=at_risk').expect(200);
    expect(atRisk.body.items.map((a: { key: string; progress: number }) => [a.key, a.progress])).toEqual([['mbu', 35]]);
  });

  it('gives one item per deadline with its levels, who acknowledged, and refuses acknowledging a resolved one, saying so', async () => {
    const [{ id: activityId }] = await live.ds.query(`SELECT a.id FROM activity a JOIN agreement g ON g.id = a.agreement_id WHERE a.key = 'skjutningar' AND g.key = 'vasteras-2023-2027'`);
    const due = new Date(Date.now() - 20 * DAY);
    const level = (n: number, body: string, firedDaysAgo: number) =>
      live.ds.query(
        `INSERT INTO follow_up_event (activity_id, key, kind, phase, due_at, fired_at, level, body) VALUES ($1, $2, 'escalation', 'long', $3, now() - make_interval(days => $4), $5, $6) RETURNING id`,
        [activityId, `long:follow_up:glance:escalation:${n}`, due, firedDaysAgo, n, body],
      );
    const [[{ id: first }], [{ id: second }]] = await Promise.all([level(1, 'operational', 13), level(2, 'strategic', 6)]);

    // GET /api/escalations keeps one item per level.
    const flat = await radet.get('/api/escalations?agreement=vasteras-2023-2027&activity=skjutningar').expect(200);
    expect(flat.body.items.map((e: { id: string; level: number }) => [e.id, e.level])).toEqual([
      [second, 2],
      [first, 1],
    ]);

    // Acknowledging level 1 names who did it, in both views.
    await operativ.post(`/api/escalations/${first}/acknowledge`).send({ comment: 'Operativ ledning följer upp.' }).expect(200);
    const grouped = await radet.get('/api/escalations/by-deadline?agreement=vasteras-2023-2027&activity=skjutningar').expect(200);
    expect(grouped.body.total).toBe(1);
    const [item] = grouped.body.items;
    expect(item).toMatchObject({
      activity: { key: 'skjutningar' },
      cause: 'missed_deadline',
      dueAt: due.toISOString(),
      level: 2,
      body: 'strategic',
      open: true,
      resolvedAt: null,
      acknowledgement: 'Operativ ledning följer upp.',
      acknowledgedBy: { name: 'Oskar Operativsson' },
    });
    expect(Date.now() - Date.parse(item.openedAt)).toBeGreaterThan(12 * DAY);
    expect(item.levels.map((l: { id: string; level: number; acknowledgedAt: string | null }) => [l.id, l.level, !!l.acknowledgedAt])).toEqual([
      [first, 1, true],
      [second, 2, false],
    ]);
    // Filtered to level 2, the item still holds its whole history.
    const levelTwo = await radet.get('/api/escalations/by-deadline?agreement=vasteras-2023-2027&level=2').expect(200);
    expect(levelTwo.body.items.find((g: { key: string }) => g.key === item.key).levels).toHaveLength(2);

    // A report resolves it; acknowledging level 2 after that is refused, and says a report resolved it.
    await live.ds.query(`UPDATE follow_up_event SET resolved_at = now(), resolution = 'report' WHERE id = ANY($1::uuid[])`, [[first, second]]);
    const refused = await operativ.post(`/api/escalations/${second}/acknowledge`).send({ comment: 'Vi tar det på torsdag.' }).expect(409);
    expect(refused.body.message).toMatch(/resolved already, by a report/);
    const resolved = await radet.get('/api/escalations/by-deadline?agreement=vasteras-2023-2027&state=resolved&activity=skjutningar').expect(200);
    expect(resolved.body.items).toEqual([expect.objectContaining({ open: false, resolvedAt: expect.any(String) })]);
    expect((await radet.get('/api/escalations/by-deadline?agreement=vasteras-2023-2027&activity=skjutningar').expect(200)).body.total).toBe(0);

    // The other tenant sees none of it, and cannot acknowledge it.
    const other = await exempelby.get('/api/escalations/by-deadline?state=all').expect(200);
    expect(other.body.items.map((g: { activity: { key: string } }) => g.activity.key)).not.toContain('skjutningar');
    expect(JSON.stringify(other.body)).not.toContain(first);
    await exempelby.post(`/api/escalations/${first}/acknowledge`).send({ comment: 'Inte vår.' }).expect(404);
    await radet.get('/api/escalations/by-deadline?state=closed').expect(400);
  });
});
