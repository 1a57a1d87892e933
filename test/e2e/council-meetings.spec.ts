/**
 * Trygghetsrådet's meetings as an administrator plans them: cancelling the meeting an open escalation
 * is an item for moves the item to the next planned meeting, in GET /api/council/agenda and in
 * GET /api/escalations alike; a meeting added before it, or moved, takes the items it should.
 */
import { localDate } from '@app/domain';
import { useSeededApi } from '../support/test-api';

const EXEMPELBY = 'exempelby-2025-2028';
const meetings = `/api/agreements/${EXEMPELBY}/council-meetings`;

interface Item {
  id: string;
  activity: { key: string };
  councilMeeting: string | null;
}

describe('Trygghetsrådet’s meetings and the items on them', () => {
  const api = useSeededApi('2026-11-23', 'admin@exempelby.example', { agreements: 'demo' });
  const today = localDate(Date.now());
  let planned: { id: string; date: string }[];

  beforeAll(async () => {
    // An open escalation to Trygghetsrådet (fired now) on one activity, as the workflow writes it.
    await api.ds.query(
      `INSERT INTO follow_up_event (activity_id, key, kind, phase, due_at, fired_at, level, body)
       SELECT id, 'medium:council:now', 'escalation', 'medium', now(), now(), 3, 'safety-council' FROM activity
        WHERE key = 'omradespolis' AND agreement_id = (SELECT id FROM agreement WHERE key = $1)`,
      [EXEMPELBY],
    );
    const { body } = await api.http.get(meetings).expect(200);
    planned = body.filter((m: { date: string; cancelledAt: string | null }) => m.cancelledAt === null && m.date >= today);
    expect(planned.length).toBeGreaterThanOrEqual(2);
  });

  const agenda = async () => (await api.http.get('/api/council/agenda').expect(200)).body as { nextMeeting: string | null; upcomingMeetings: string[]; items: Item[] };
  const escalations = async () => (await api.http.get('/api/escalations?body=safety-council').expect(200)).body.items as Item[];
  const meetingOf = (items: Item[]) => items.find((i) => i.activity.key === 'omradespolis')?.councilMeeting;

  it('has the open item on the next planned meeting', async () => {
    const a = await agenda();
    expect(a.nextMeeting).toBe(planned[0].date);
    expect(meetingOf(a.items)).toBe(planned[0].date);
    expect(meetingOf(await escalations())).toBe(planned[0].date);
  });

  it('moves the item to the next meeting when its meeting is cancelled, in the agenda and the escalations alike', async () => {
    await api.http.post(`${meetings}/${planned[0].id}/cancel`).send({ reason: 'Ordförandena har förhinder.' }).expect(200);
    const a = await agenda();
    expect(a.nextMeeting).toBe(planned[1].date);
    expect(a.upcomingMeetings).not.toContain(planned[0].date);
    expect(meetingOf(a.items)).toBe(planned[1].date);
    expect(meetingOf(await escalations())).toBe(planned[1].date);
    // The cancelled meeting is still listed, with when and why.
    const listed = (await api.http.get(meetings).expect(200)).body.find((m: { id: string }) => m.id === planned[0].id);
    expect(listed).toMatchObject({ date: planned[0].date, cancelReason: 'Ordförandena har förhinder.' });
  });

  it('gives the item to a meeting added before the next one, and follows a meeting that is moved', async () => {
    // A day between today and the next planned meeting (both in the future).
    const earlier = new Date(Date.parse(`${planned[1].date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const added = await api.http.post(meetings).send({ date: earlier }).expect(201);
    expect(meetingOf((await agenda()).items)).toBe(earlier);
    const later = new Date(Date.parse(`${planned[1].date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await api.http.patch(`${meetings}/${added.body.id}`).send({ date: later }).expect(200);
    // Moved past the planned meeting: the item is for that one now.
    expect(meetingOf((await agenda()).items)).toBe(planned[1].date);
    expect(meetingOf(await escalations())).toBe(planned[1].date);
  });
});
