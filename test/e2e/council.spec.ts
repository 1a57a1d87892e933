/**
 * Trygghetsrådet: an escalation that reaches the council becomes an item for its next meeting.
 */
import { demoCouncilMeetings } from '@app/database';
import { localDate } from '@app/domain';
import { useSeededApi } from '../support/test-api';

describe('Trygghetsrådet’s agenda', () => {
  const api = useSeededApi('2026-11-23', 'radet@samverkan.example');
  const meetings = demoCouncilMeetings('2023-06-01', '2027-06-01');
  const today = localDate(Date.now());
  const next = meetings.find((d) => d >= today) ?? null;

  beforeAll(async () => {
    const ds = api.ds;
    const escalation = (key: string, activity: string, firedAt: string, resolvedAt: string | null) =>
      ds.query(
        `INSERT INTO follow_up_event (activity_id, key, kind, phase, due_at, fired_at, level, body, resolved_at, resolution)
         SELECT id, $2, 'escalation', 'long', $3, $3, 3, 'safety-council', $4, CASE WHEN $4::timestamptz IS NULL THEN NULL ELSE 'report' END
           FROM activity WHERE key = $1`,
        [activity, key, firedAt, resolvedAt],
      );
    await escalation('long:council:now', 'skjutningar', new Date().toISOString(), null);
    await escalation('short:council:2024', 'mbu', '2024-01-10T09:00:00Z', '2024-01-20T09:00:00Z');
    await escalation('long:council:august', 'nyrekrytering', '2026-08-01T09:00:00Z', null);
  });

  it('has four demo meetings a year within the agreement, each on a working day', () => {
    expect(meetings[0]).toBe('2023-06-15');
    expect(meetings).toContain('2024-06-17'); // 15 June 2024 is a Saturday
    expect(meetings.every((d) => d <= '2027-06-01')).toBe(true);
    expect(meetings).toHaveLength(16);
  });

  it('lists the open escalations that reached the council as items for its next meeting', async () => {
    const res = await api.http.get('/api/council/agenda').expect(200);
    expect(res.body.nextMeeting).toBe(next);
    expect(res.body.upcomingMeetings[0]).toBe(next);
    expect(res.body.items.map((i: { activity: { key: string }; councilMeeting: string }) => [i.activity.key, i.councilMeeting]).sort()).toEqual([
      ['nyrekrytering', next], // fired before a meeting that has passed: still open, so it is carried to the next
      ['skjutningar', next],
    ]);
  });

  it('dates a resolved council escalation by the meeting after it fired, and filters by body', async () => {
    const res = await api.http.get('/api/escalations?state=resolved&body=safety-council').expect(200);
    expect(res.body.items.map((i: { activity: { key: string }; councilMeeting: string }) => [i.activity.key, i.councilMeeting])).toEqual([['mbu', '2024-03-15']]);
    const bad = await api.http.get('/api/escalations?body=kommunstyrelsen').expect(400);
    expect(bad.body.message).toMatch(/body must be one of operational, strategic, safety-council/);
  });
});
