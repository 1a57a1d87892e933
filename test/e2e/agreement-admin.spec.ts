/**
 * Agreement administration on the real API and PostgreSQL: the Exempelby administrator changes the
 * agreement's texts and period, adds, renames and retires parties, adds, edits and removes goal areas
 * and areas, and plans, moves and cancels Trygghetsrådet's meetings; everything audited. Bad input is
 * a 4xx that says what to fix (in Swedish); Västerås's administrator gets a 404 for all of it and
 * changes nothing; a member who is no administrator gets a 403.
 */
import { useSeededApi } from '../support/test-api';

const EXEMPELBY = 'exempelby-2025-2028';
const VASTERAS = 'vasteras-2023-2027';
const base = `/api/agreements/${EXEMPELBY}`;

type Said = { status: number; body: { message?: string; details?: { message: string }[] } };
const said = (res: Said) => `${res.body.message ?? ''} ${(res.body.details ?? []).map((d) => d.message).join('; ')}`;

describe('agreement administration (API)', () => {
  const api = useSeededApi('2026-11-23', 'admin@exempelby.example', { agreements: 'demo' });
  const audit = async (entityId: string) =>
    (await api.ds.query(`SELECT a.action, g.key AS agreement, a.actor_email, a.before, a.after FROM audit_entry a JOIN agreement g ON g.id = a.agreement_id WHERE a.entity_id = $1 ORDER BY a.at, a.id`, [entityId])) as {
      action: string;
      agreement: string;
      actor_email: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }[];
  /** Everything of Exempelby's this file changes, as text: compared before and after a refused write. */
  const exempelbyState = async () => {
    const [row] = await api.ds.query(
      `SELECT (SELECT t::text FROM agreement t WHERE key = $1) AS agreement,
              (SELECT string_agg(t::text, '|' ORDER BY t.id) FROM party t JOIN agreement g ON g.id = t.agreement_id WHERE g.key = $1) AS parties,
              (SELECT string_agg(t::text, '|' ORDER BY t.id) FROM goal_area t JOIN agreement g ON g.id = t.agreement_id WHERE g.key = $1) AS goal_areas,
              (SELECT string_agg(t::text, '|' ORDER BY t.id) FROM area t JOIN agreement g ON g.id = t.agreement_id WHERE g.key = $1) AS areas,
              (SELECT string_agg(t::text, '|' ORDER BY t.id) FROM council_meeting t JOIN agreement g ON g.id = t.agreement_id WHERE g.key = $1) AS meetings,
              (SELECT count(*) FROM audit_entry t JOIN agreement g ON g.id = t.agreement_id WHERE g.key = $1) AS audit`,
      [EXEMPELBY],
    );
    return JSON.stringify(row);
  };

  let newPartyId: string;
  let goalAreaId: string;
  let areaId: string;
  let meetingId: string;

  it('shows the administrator the agreement as they edit it: parties, goal areas, areas and meetings', async () => {
    const res = await api.http.get(`${base}/administration`).expect(200);
    expect(res.body).toMatchObject({ key: EXEMPELBY, validFrom: '2025-01-01', validTo: '2028-12-31' });
    expect(res.body.parties.map((p: { key: string }) => p.key)).toEqual(['city', 'housing', 'police']);
    expect(res.body.parties.find((p: { key: string }) => p.key === 'police')).toMatchObject({ retiredAt: null, leadsActivities: 2 });
    expect(res.body.goalAreas.map((g: { code: string; activityCount: number }) => [g.code, g.activityCount])).toEqual([['A', 3], ['B', 2], ['C', 3]]);
    expect(res.body.areas.map((a: { name: string }) => a.name)).toEqual(['Centrum', 'Norrby']);
    expect(res.body.councilMeetings.length).toBeGreaterThan(10);
    // The web app's ?agreement= is taken and ignored; a non-administrator is refused.
    await api.http.get(`${base}/administration?agreement=${EXEMPELBY}`).expect(200);
    const owner = await api.as('polis@exempelby.example');
    const refused = await owner.get(`${base}/administration`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/administrator of the agreement may change/);
  });

  describe('the agreement’s texts and period', () => {
    it('changes texts and principles, audited with before and after', async () => {
      const res = await api.http.patch(base).send({
        title: 'Samverkansöverenskommelse Exempelby 2025–2028 (reviderad)',
        geographicFocus: null,
        principles: [{ key: 'together', title: 'Tillsammans', text: 'vi gör det gemensamt' }],
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ title: 'Samverkansöverenskommelse Exempelby 2025–2028 (reviderad)', geographicFocus: null, principles: [{ key: 'together' }] });
      const read = await api.http.get(`/api/agreements/${EXEMPELBY}`).expect(200);
      expect(read.body.title).toBe('Samverkansöverenskommelse Exempelby 2025–2028 (reviderad)');
      const [entry] = await audit(res.body.id);
      expect(entry).toMatchObject({
        action: 'agreement.update',
        agreement: EXEMPELBY,
        actor_email: 'admin@exempelby.example',
        before: { geographicFocus: 'Norrby och Exempelby centrum.' },
        after: { geographicFocus: null, title: 'Samverkansöverenskommelse Exempelby 2025–2028 (reviderad)' },
      });
    });

    it('extends the period', async () => {
      const res = await api.http.patch(base).send({ validTo: '2029-06-30' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ validFrom: '2025-01-01', validTo: '2029-06-30' });
    });

    it('refuses a period that would leave activities’ phases (named) outside it, and changes nothing', async () => {
      const before = await exempelbyState();
      const res = await api.http.patch(base).send({ validTo: '2027-06-30' });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/aktiviteternas faser .*mbu "Människan bakom uniformen i Exempelby" \(lång sikt/);
      expect(res.body.message).toMatch(/Trygghetsrådets möten 2027-09-15/);
      const late = await api.http.patch(base).send({ validFrom: '2026-12-01' });
      expect(late.status).toBe(409);
      expect(late.body.message).toMatch(/kort sikt, 2025-01-01/);
      expect(await exempelbyState()).toBe(before);
    });

    it('refuses bad input with a 400 that says what to fix', async () => {
      const before = await exempelbyState();
      const bad = async (body: object, message: RegExp) => {
        const res = await api.http.patch(base).send(body);
        expect(res.status).toBe(400);
        expect(said(res)).toMatch(message);
      };
      await bad({ validTo: '2023-02-30' }, /validTo måste vara ett datum som finns/);
      await bad({ validFrom: '2025-1-01' }, /validFrom måste vara ett datum som finns/);
      await bad({ validFrom: '2029-07-01' }, /validTo \(2029-06-30\) ligger inte efter validFrom \(2029-07-01\)/);
      await bad({ validFrom: '2026-01-01', validTo: '2025-12-31' }, /måste sluta efter att den börjar/);
      await bad({ key: 'ny-nyckel' }, /"key" is not a parameter this endpoint knows/);
      await bad({ reminderOffsets: ['P3D'] }, /"reminderOffsets" is not a parameter/);
      await bad({ title: '   ' }, /title får inte vara tomt/);
      await bad({}, /ange vad som ska ändras/);
      await bad({ principles: [{ key: 'a', title: 'A', text: 'x' }, { key: 'a', title: 'B', text: 'y' }] }, /nyckeln a finns två gånger/);
      await bad({ principles: [{ key: 'a', title: 'A', text: 'x', extra: 1 }] }, /extra/);
      expect(await exempelbyState()).toBe(before);
    });
  });

  describe('parties', () => {
    it('adds a party, audited', async () => {
      const res = await api.http.post(`${base}/parties`).send({ key: 'fastighet', name: 'Exempelby Fastigheter AB', joined: '2026-11' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ key: 'fastighet', name: 'Exempelby Fastigheter AB', joined: '2026-11', retiredAt: null, leadsActivities: 0 });
      newPartyId = res.body.id;
      const parties = await api.http.get('/api/parties').expect(200);
      expect(parties.body.map((p: { key: string }) => p.key)).toContain('fastighet');
      expect((await audit(newPartyId)).map((e) => e.action)).toEqual(['party.add']);
    });

    it('renames it, audited', async () => {
      const res = await api.http.patch(`${base}/parties/${newPartyId}`).send({ name: 'Exempelby Fastighets AB' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ key: 'fastighet', name: 'Exempelby Fastighets AB', joined: '2026-11' });
      const [, renamed] = await audit(newPartyId);
      expect(renamed).toMatchObject({ action: 'party.update', before: { name: 'Exempelby Fastigheter AB' }, after: { name: 'Exempelby Fastighets AB' } });
    });

    it('refuses duplicate keys and names, unknown fields and bad months', async () => {
      const before = await exempelbyState();
      const dup = await api.http.post(`${base}/parties`).send({ key: 'police', name: 'Polisen igen' });
      expect(dup.status).toBe(409);
      expect(dup.body.message).toMatch(/redan en part med nyckeln "police"/);
      const sameName = await api.http.post(`${base}/parties`).send({ key: 'polisen', name: 'polisen, lokalpolisområde exempelby' });
      expect(sameName.status).toBe(409);
      expect(sameName.body.message).toMatch(/redan en part som heter/);
      const rename = await api.http.patch(`${base}/parties/${newPartyId}`).send({ name: 'Exempelby kommun' });
      expect(rename.status).toBe(409);
      expect((await api.http.post(`${base}/parties`).send({ key: 'Stora Bokstäver', name: 'X AB' })).status).toBe(400);
      const month = await api.http.post(`${base}/parties`).send({ key: 'x', name: 'X AB', joined: '2026-13' });
      expect(month.status).toBe(400);
      expect(said(month)).toMatch(/joined måste vara en månad/);
      const unknown = await api.http.patch(`${base}/parties/${newPartyId}`).send({ key: 'annan' });
      expect(unknown.status).toBe(400);
      expect(said(unknown)).toMatch(/"key" is not a parameter/);
      expect((await api.http.patch(`${base}/parties/not-an-id`).send({ name: 'Y AB' })).status).toBe(404);
      expect(await exempelbyState()).toBe(before);
    });

    it('refuses to retire a party that leads activities, naming them', async () => {
      const { body } = await api.http.get(`${base}/administration`).expect(200);
      const police = body.parties.find((p: { key: string }) => p.key === 'police');
      const before = await exempelbyState();
      const res = await api.http.post(`${base}/parties/${police.id}/retire`);
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/Polisen, lokalpolisområde Exempelby leder 2 aktiviteter som följs upp: mbu "Människan bakom uniformen i Exempelby", omradespolis/);
      expect(await exempelbyState()).toBe(before);
    });

    it('retires a party that leads none: it stays in history, is offered for nothing new, and takes no new member or activity', async () => {
      const res = await api.http.post(`${base}/parties/${newPartyId}/retire`);
      expect(res.status).toBe(200);
      expect(res.body.retiredAt).toBeTruthy();
      expect((await audit(newPartyId)).map((e) => e.action)).toEqual(['party.add', 'party.update', 'party.retire']);
      const again = await api.http.post(`${base}/parties/${newPartyId}/retire`);
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/avslutades redan/);
      // Not offered: GET /api/parties leaves it out; the agreement still names it, with when it was retired.
      expect((await api.http.get('/api/parties').expect(200)).body.map((p: { key: string }) => p.key)).not.toContain('fastighet');
      const agreement = await api.http.get(`/api/agreements/${EXEMPELBY}`).expect(200);
      expect(agreement.body.parties.find((p: { key: string }) => p.key === 'fastighet').retiredAt).toBe(res.body.retiredAt);
      // Nobody is made a member for it, and it leads no new activity (refused by the database, whoever writes).
      const invite = await api.http.post('/api/people').send({ email: 'ny.fastighet@exempelby.example', name: 'Fia Fastighet', party: 'fastighet', roles: ['owner'] });
      expect(invite.status).toBe(400);
      expect(said(invite)).toMatch(/retired/);
      const activity = await api.http.post('/api/activities').send({ key: 'fastighetsvard', title: 'Fastighetsvärdar', goalAreas: ['A'], leadParty: 'fastighet' });
      expect(activity.status).toBe(400);
      expect(said(activity)).toMatch(/retired/);
    });
  });

  describe('goal areas', () => {
    it('adds one, edits its code, title and description, and removes it while empty; each audited', async () => {
      const add = await api.http.post(`${base}/goal-areas`).send({ code: 'D', title: 'Trygg skolväg', subtitle: 'till och från skolan' });
      expect(add.status).toBe(201);
      expect(add.body).toMatchObject({ code: 'D', title: 'Trygg skolväg', subtitle: 'till och från skolan', activityCount: 0 });
      goalAreaId = add.body.id;
      expect((await api.http.get('/api/goal-areas').expect(200)).body.map((g: { code: string }) => g.code)).toEqual(['A', 'B', 'C', 'D']);
      const edit = await api.http.patch(`${base}/goal-areas/${goalAreaId}`).send({ code: 'E', title: 'Trygga skolvägar', subtitle: null });
      expect(edit.status).toBe(200);
      expect(edit.body).toMatchObject({ code: 'E', title: 'Trygga skolvägar', subtitle: null });
      await api.http.get('/api/goal-areas/E').expect(200);
      expect((await api.http.delete(`${base}/goal-areas/${goalAreaId}`)).status).toBe(204);
      expect((await api.http.get('/api/goal-areas/E')).status).toBe(404);
      expect((await audit(goalAreaId)).map((e) => e.action)).toEqual(['goal-area.add', 'goal-area.update', 'goal-area.remove']);
    });

    it('refuses to remove one in use (naming the activities), a taken code or title, and bad codes', async () => {
      const { body } = await api.http.get(`${base}/administration`).expect(200);
      const a = body.goalAreas.find((g: { code: string }) => g.code === 'A');
      const before = await exempelbyState();
      const inUse = await api.http.delete(`${base}/goal-areas/${a.id}`);
      expect(inUse.status).toBe(409);
      expect(inUse.body.message).toMatch(/Målområde A har 3 aktiviteter: grannsamverkan .*, omradespolis .*, trygga-strak/);
      const code = await api.http.post(`${base}/goal-areas`).send({ code: 'B', title: 'Något nytt' });
      expect(code.status).toBe(409);
      expect(code.body.message).toMatch(/redan ett målområde B/);
      const title = await api.http.post(`${base}/goal-areas`).send({ code: 'F', title: 'barn och unga ska lyckas' });
      expect(title.status).toBe(409);
      expect(title.body.message).toMatch(/Målområde B heter redan/);
      const recode = await api.http.patch(`${base}/goal-areas/${a.id}`).send({ code: 'C' });
      expect(recode.status).toBe(409);
      const lower = await api.http.post(`${base}/goal-areas`).send({ code: 'f', title: 'Något nytt' });
      expect(lower.status).toBe(400);
      expect(said(lower)).toMatch(/code måste vara en versal/);
      expect((await api.http.post(`${base}/goal-areas`).send({ code: 'G', title: 'Något nytt', activities: [] })).status).toBe(400);
      expect((await api.http.delete(`${base}/goal-areas/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
      expect(await exempelbyState()).toBe(before);
    });
  });

  describe('areas (stadsdelar)', () => {
    it('adds, renames and removes one, each audited; a taken name is a 409', async () => {
      const add = await api.http.post(`${base}/areas`).send({ name: 'Söderby', note: 'påhittad stadsdel' });
      expect(add.status).toBe(201);
      areaId = add.body.id;
      const dup = await api.http.post(`${base}/areas`).send({ name: 'norrby' });
      expect(dup.status).toBe(409);
      expect(dup.body.message).toMatch(/redan en stadsdel som heter "norrby"/);
      const rename = await api.http.patch(`${base}/areas/${areaId}`).send({ name: 'Södra Exempelby' });
      expect(rename.status).toBe(200);
      expect(rename.body).toMatchObject({ name: 'Södra Exempelby', note: 'påhittad stadsdel' });
      expect((await api.http.patch(`${base}/areas/${areaId}`).send({ name: 'Centrum' })).status).toBe(409);
      expect((await api.http.patch(`${base}/areas/${areaId}`).send({ name: 'X' })).status).toBe(400);
      const read = await api.http.get(`/api/agreements/${EXEMPELBY}`).expect(200);
      expect(read.body.areas.map((a: { name: string }) => a.name)).toEqual(['Centrum', 'Norrby', 'Södra Exempelby']);
      expect((await api.http.delete(`${base}/areas/${areaId}`)).status).toBe(204);
      expect((await api.http.delete(`${base}/areas/${areaId}`)).status).toBe(404);
      expect((await audit(areaId)).map((e) => e.action)).toEqual(['area.add', 'area.update', 'area.remove']);
    });
  });

  describe('Trygghetsrådet’s meetings', () => {
    it('adds a meeting, moves it and cancels it (the row stays, with when and why); each audited', async () => {
      const add = await api.http.post(`${base}/council-meetings`).send({ date: '2027-01-20' });
      expect(add.status).toBe(201);
      expect(add.body).toMatchObject({ date: '2027-01-20', cancelledAt: null, cancelReason: null });
      meetingId = add.body.id;
      const move = await api.http.patch(`${base}/council-meetings/${meetingId}`).send({ date: '2027-01-27' });
      expect(move.status).toBe(200);
      expect(move.body.date).toBe('2027-01-27');
      const cancel = await api.http.post(`${base}/council-meetings/${meetingId}/cancel`).send({ reason: 'Ordförandena har förhinder.' });
      expect(cancel.status).toBe(200);
      expect(cancel.body).toMatchObject({ date: '2027-01-27', cancelReason: 'Ordförandena har förhinder.' });
      expect(cancel.body.cancelledAt).toBeTruthy();
      // Every member reads the list, cancelled meetings too.
      const owner = await api.as('polis@exempelby.example');
      const list = await owner.get(`${base}/council-meetings`).expect(200);
      expect(list.body.find((m: { id: string }) => m.id === meetingId)).toMatchObject({ date: '2027-01-27', cancelReason: 'Ordförandena har förhinder.' });
      const entries = await audit(meetingId);
      expect(entries.map((e) => e.action)).toEqual(['council-meeting.add', 'council-meeting.move', 'council-meeting.cancel']);
      expect(entries[1]).toMatchObject({ before: { date: '2027-01-20' }, after: { date: '2027-01-27' } });
      // A cancelled meeting's date is free again.
      const again = await api.http.post(`${base}/council-meetings`).send({ date: '2027-01-27' });
      expect(again.status).toBe(201);
    });

    it('refuses two meetings on one date, dates outside the agreement, impossible dates, and moving a cancelled meeting', async () => {
      const before = await exempelbyState();
      const same = await api.http.post(`${base}/council-meetings`).send({ date: '2027-03-15' });
      expect(same.status).toBe(409);
      expect(same.body.message).toMatch(/redan ett möte 2027-03-15/);
      const outside = await api.http.post(`${base}/council-meetings`).send({ date: '2030-01-15' });
      expect(outside.status).toBe(400);
      expect(said(outside)).toMatch(/2030-01-15 ligger utanför överenskommelsens period \(2025-01-01 – 2029-06-30\)/);
      const impossible = await api.http.post(`${base}/council-meetings`).send({ date: '2027-02-30' });
      expect(impossible.status).toBe(400);
      expect(said(impossible)).toMatch(/date måste vara ett datum som finns/);
      expect((await api.http.post(`${base}/council-meetings`).send({})).status).toBe(400);
      const moveCancelled = await api.http.patch(`${base}/council-meetings/${meetingId}`).send({ date: '2027-02-03' });
      expect(moveCancelled.status).toBe(409);
      expect(moveCancelled.body.message).toMatch(/inställt och kan inte flyttas/);
      // A meeting that has been held (the demo's first, in 2025) is neither cancelled nor moved; none moves into the past.
      const { body } = await api.http.get(`${base}/administration`).expect(200);
      const held = body.councilMeetings[0];
      expect(held.date < '2026-01-01').toBe(true);
      const cancelHeld = await api.http.post(`${base}/council-meetings/${held.id}/cancel`).send({ reason: 'I efterhand.' });
      expect(cancelHeld.status).toBe(409);
      expect(cancelHeld.body.message).toMatch(/har redan hållits och kan inte ställas in/);
      expect((await api.http.patch(`${base}/council-meetings/${held.id}`).send({ date: '2027-02-03' })).status).toBe(409);
      const upcoming = body.councilMeetings.find((m: { date: string; cancelledAt: string | null }) => m.date >= '2027-03-01' && m.cancelledAt === null);
      const intoPast = await api.http.patch(`${base}/council-meetings/${upcoming.id}`).send({ date: '2025-05-05' });
      expect(intoPast.status).toBe(400);
      expect(said(intoPast)).toMatch(/2025-05-05 har redan varit/);
      const cancelAgain = await api.http.post(`${base}/council-meetings/${meetingId}/cancel`).send({ reason: 'Igen.' });
      expect(cancelAgain.status).toBe(409);
      const noReason = await api.http.post(`${base}/council-meetings/${meetingId}/cancel`).send({});
      expect(noReason.status).toBe(400);
      expect(said(noReason)).toMatch(/reason behövs/);
      expect(await exempelbyState()).toBe(before);
    });
  });

  it('answers garbage bodies on every write with a 4xx that says something, never a 5xx', async () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T,>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
    const atoms: unknown[] = ['', ' ', 'A', 'a', 'zz', 'ö'.repeat(300), 'x'.repeat(9000), '2024-02-30', '2027-13-01', '2027-02-28', '2026-11', 'police', 'ett\u0000två', '\u0000', 0, -1, 1e308, true, false, null, [], {}];
    const value = (depth = 0): unknown => {
      const r = next();
      if (r < 0.6 || depth > 2) return pick(atoms);
      if (r < 0.8) return Array.from({ length: Math.floor(next() * 3) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 3) }, () => [pick(['key', 'title', 'text', 'x']), value(depth + 1)]));
    };
    const fields = ['title', 'municipality', 'purpose', 'longTermGoal', 'timePerspectives', 'geographicFocus', 'principles', 'validFrom', 'validTo', 'key', 'name', 'joined', 'code', 'subtitle', 'note', 'date', 'reason', 'x'];
    const { body } = await api.http.get(`${base}/administration`).expect(200);
    const planned = body.councilMeetings.find((m: { date: string; cancelledAt: string | null }) => m.cancelledAt === null && m.date >= '2027-03-01');
    const writes: [string, string][] = [
      ['patch', base],
      ['post', `${base}/parties`],
      ['patch', `${base}/parties/${body.parties[0].id}`],
      ['post', `${base}/goal-areas`],
      ['patch', `${base}/goal-areas/${body.goalAreas[0].id}`],
      ['post', `${base}/areas`],
      ['patch', `${base}/areas/${body.areas[0].id}`],
      ['post', `${base}/council-meetings`],
      ['patch', `${base}/council-meetings/${planned.id}`],
      ['post', `${base}/council-meetings/${planned.id}/cancel`],
      ['post', `${base}/parties/${body.parties[0].id}/retire`],
    ];
    for (let i = 0; i < 300; i++) {
      const [method, url] = pick(writes);
      const sent = next() < 0.1 ? value() : Object.fromEntries(Array.from({ length: 1 + Math.floor(next() * 3) }, () => [pick(fields), value()]));
      const res = await (api.http as unknown as Record<string, (u: string) => { set(h: string, v: string): { send(b: string): Promise<Said> } }>)[method](url)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(sent));
      expect([method, url, sent, res.status < 500]).toEqual([method, url, sent, true]);
      if (res.status >= 400) expect([url, typeof res.body.message]).toEqual([url, 'string']);
    }
  });

  describe('another tenant and other roles', () => {
    it('answers Västerås’s administrator 404 for every endpoint of Exempelby’s, exactly as for no agreement, and changes nothing', async () => {
      const vasteras = await api.as('admin@samverkan.example');
      const { body } = await api.http.get(`${base}/administration`).expect(200);
      const partyId = body.parties[0].id;
      const goalAreaId = body.goalAreas[0].id;
      const areaId = body.areas[0].id;
      const meetingId = body.councilMeetings[0].id;
      const calls = (key: string) => {
        const at = `/api/agreements/${key}`;
        return [
          () => vasteras.get(`${at}/administration`),
          () => vasteras.patch(at).send({ title: 'Kapad överenskommelse' }),
          () => vasteras.post(`${at}/parties`).send({ key: 'kapad', name: 'Kapad AB' }),
          () => vasteras.patch(`${at}/parties/${partyId}`).send({ name: 'Kapad AB' }),
          () => vasteras.post(`${at}/parties/${partyId}/retire`),
          () => vasteras.post(`${at}/goal-areas`).send({ code: 'Z', title: 'Kapat' }),
          () => vasteras.patch(`${at}/goal-areas/${goalAreaId}`).send({ title: 'Kapat' }),
          () => vasteras.delete(`${at}/goal-areas/${goalAreaId}`),
          () => vasteras.post(`${at}/areas`).send({ name: 'Kapad' }),
          () => vasteras.patch(`${at}/areas/${areaId}`).send({ name: 'Kapad' }),
          () => vasteras.delete(`${at}/areas/${areaId}`),
          () => vasteras.get(`${at}/council-meetings`),
          () => vasteras.post(`${at}/council-meetings`).send({ date: '2027-02-10' }),
          () => vasteras.patch(`${at}/council-meetings/${meetingId}`).send({ date: '2027-02-10' }),
          () => vasteras.post(`${at}/council-meetings/${meetingId}/cancel`).send({ reason: 'Kapat möte' }),
        ];
      };
      const before = await exempelbyState();
      const theirs = calls(EXEMPELBY);
      const nobodys = calls('ingen-2000-2001');
      for (let i = 0; i < theirs.length; i++) {
        const res = await theirs[i]();
        const none = await nobodys[i]();
        expect([i, res.status]).toEqual([i, 404]);
        expect(res.body.message.replace(EXEMPELBY, '<key>')).toBe(none.body.message.replace('ingen-2000-2001', '<key>'));
      }
      // Exempelby's objects named under Västerås's own key are not Västerås's: 404.
      const own = `/api/agreements/${VASTERAS}`;
      expect((await vasteras.patch(`${own}/parties/${partyId}`).send({ name: 'Kapad AB' })).status).toBe(404);
      expect((await vasteras.post(`${own}/parties/${partyId}/retire`)).status).toBe(404);
      expect((await vasteras.delete(`${own}/goal-areas/${goalAreaId}`)).status).toBe(404);
      expect((await vasteras.delete(`${own}/areas/${areaId}`)).status).toBe(404);
      expect((await vasteras.post(`${own}/council-meetings/${meetingId}/cancel`).send({ reason: 'Kapat möte' })).status).toBe(404);
      expect(await exempelbyState()).toBe(before);
    });

    it('refuses every write to a member who is not an administrator (403) and changes nothing', async () => {
      const strategic = await api.as('ledning@exempelby.example');
      const before = await exempelbyState();
      for (const res of [
        await strategic.patch(base).send({ title: 'Ny titel' }),
        await strategic.post(`${base}/parties`).send({ key: 'ny', name: 'Ny AB' }),
        await strategic.post(`${base}/goal-areas`).send({ code: 'Y', title: 'Nytt' }),
        await strategic.post(`${base}/areas`).send({ name: 'Ny stadsdel' }),
        await strategic.post(`${base}/council-meetings`).send({ date: '2027-02-17' }),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.message).toMatch(/Only an administrator of the agreement may change/);
      }
      expect(await exempelbyState()).toBe(before);
    });
  });
});
