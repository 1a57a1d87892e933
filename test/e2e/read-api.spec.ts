import request from 'supertest';
import { addMember } from '../support/members';
import { seedAgreement } from '@app/database';
import { freePort } from '@app/devstack';
import { ESKILSTUNA_2025_2028 } from '../support/second-agreement';
import { startTestApi, useSeededApi } from '../support/test-api';

describe('read API over HTTP (real PostgreSQL, real Temporal)', () => {
  const api = useSeededApi('2024-01-15');

  it('GET /api/health is ok when PostgreSQL and Temporal both answer', async () => {
    const res = await api.http.get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up', temporal: 'up' });
  });

  it('answers every request with a request id, the caller’s when it sends one', async () => {
    const mine = await api.http.get('/api/parties').set('X-Request-Id', 'trace-123').expect(200);
    expect(mine.headers['x-request-id']).toBe('trace-123');
    const generated = await api.http.get('/api/parties').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists the agreement and serves it whole by key', async () => {
    const list = await api.http.get('/api/agreements').expect(200);
    expect(list.body).toEqual([expect.objectContaining({ key: 'vasteras-2023-2027', validFrom: '2023-06-01', validTo: '2027-06-01' })]);
    const one = await api.http.get('/api/agreements/vasteras-2023-2027').expect(200);
    expect(one.body.principles).toHaveLength(5);
    expect(one.body.parties.map((p: { key: string }) => p.key).sort()).toEqual(['city', 'mimer', 'police', 'region']);
    expect(one.body.areas.map((a: { name: string }) => a.name)).toContain('Bäckby');
    await api.http.get('/api/agreements/nope').expect(404);
  });

  it('lists the four parties', async () => {
    const res = await api.http.get('/api/parties').expect(200);
    expect(res.body.map((p: { key: string }) => p.key)).toEqual(['city', 'mimer', 'police', 'region']);
  });

  it('lists goal areas A–H with the agreement’s titles and activity counts', async () => {
    const res = await api.http.get('/api/goal-areas').expect(200);
    expect(res.body.map((g: { code: string }) => g.code)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(res.body[0]).toMatchObject({ code: 'A', title: 'Inga utsatta områden', subtitle: 'god socioekonomi - låg kriminell inverkan', activityCount: 6 });
    expect(res.body[7]).toMatchObject({ code: 'H', title: 'Reducera dödligt våld', activityCount: 4 });
  });

  it('serves one goal area with its activities', async () => {
    const res = await api.http.get('/api/goal-areas/H').expect(200);
    expect(res.body.activities.map((a: { key: string }) => a.key).sort()).toEqual(
      ['familjer-riskzon', 'nyrekrytering', 'skjutningar', 'vald-nara-relation'],
    );
    await api.http.get('/api/goal-areas/Z').expect(404);
    const bad = await api.http.get('/api/goal-areas/hh').expect(400);
    expect(bad.body.message).toMatch(/code/);
  });

  it('lists sixteen activities, each with goal areas, lead party and phase', async () => {
    const res = await api.http.get('/api/activities').expect(200);
    expect(res.body.total).toBe(16);
    expect(res.body.items).toHaveLength(16);
    const mbu = res.body.items.find((a: { key: string }) => a.key === 'mbu');
    expect(mbu).toMatchObject({ key: 'mbu', goalAreas: ['C', 'G'], leadParty: 'police', phase: 'short', status: 'active' });
    expect(mbu.owner.email).toBe('polis@samverkan.example');
  });

  it('filters by goal area, party, phase and text', async () => {
    const h = await api.http.get('/api/activities?goalArea=H').expect(200);
    expect(h.body.total).toBe(4);
    expect(h.body.items.map((a: { key: string }) => a.key).sort()).toEqual(['familjer-riskzon', 'nyrekrytering', 'skjutningar', 'vald-nara-relation']);
    const mimer = await api.http.get('/api/activities?party=mimer').expect(200);
    expect(mimer.body.items.map((a: { key: string }) => a.key).sort()).toEqual(['boendeinflytande', 'boendemiljo', 'boendesegregation']);
    expect((await api.http.get('/api/activities?phase=short').expect(200)).body.total).toBe(16);
    expect((await api.http.get('/api/activities?phase=long').expect(200)).body.total).toBe(0);
    const q = await api.http.get('/api/activities?q=uniform').expect(200);
    expect(q.body.items.map((a: { key: string }) => a.key)).toEqual(['mbu']);
    const combined = await api.http.get('/api/activities?goalArea=H&party=police').expect(200);
    expect(combined.body.items.map((a: { key: string }) => a.key).sort()).toEqual(['nyrekrytering', 'skjutningar']);
    expect((await api.http.get('/api/activities?q=100%25').expect(200)).body.total).toBe(0);
    expect((await api.http.get('/api/activities?status=none').expect(200)).body.total).toBe(16); // no reports yet
    expect((await api.http.get('/api/activities?status=off_track').expect(200)).body.total).toBe(0);
    expect((await api.http.get('/api/activities?overdue=true').expect(200)).body.total).toBe(0);
  });

  it('pages with limit and offset, without gaps or repeats', async () => {
    const pages = await Promise.all([0, 5, 10, 15].map((offset) => api.http.get(`/api/activities?limit=5&offset=${offset}`).expect(200)));
    const keys = pages.flatMap((p) => p.body.items.map((a: { key: string }) => a.key));
    expect(keys).toHaveLength(16);
    expect(new Set(keys).size).toBe(16);
    expect(pages.every((p) => p.body.total === 16)).toBe(true);
  });

  it('serves one activity by key or id with phases and milestones', async () => {
    const byKey = await api.http.get('/api/activities/mbu').expect(200);
    expect(byKey.body.phases.map((p: { kind: string; name: string }) => `${p.kind}:${p.name}`)).toEqual([
      'short:Kort sikt',
      'medium:Medellång sikt',
      'long:Lång sikt',
    ]);
    expect(byKey.body.phases[0]).toMatchObject({ startDate: '2023-06-01', targetDate: '2024-06-01', followUpEvery: 'P4W' });
    expect(byKey.body.phases[0].milestones).toHaveLength(1);
    const byId = await api.http.get(`/api/activities/${byKey.body.id}`).expect(200);
    expect(byId.body).toEqual(byKey.body);
  });

  it.each([
    ['/api/activities?goalArea=Z', 'goalArea'],
    ['/api/activities?goalArea=hh', 'goalArea'],
    ['/api/activities?limit=0', 'limit'],
    ['/api/activities?limit=500', 'limit'],
    ['/api/activities?limit=ten', 'limit'],
    ['/api/activities?offset=-1', 'offset'],
    ['/api/activities?foo=1', 'foo'],
    ['/api/activities?phase=soon', 'phase'],
    ['/api/activities?status=fine', 'status'],
    ['/api/activities?overdue=yes', 'overdue'],
    ['/api/activities?party=kommunen', 'party'],
    ['/api/activities?q=a&q=b', 'q'],
    ['/api/activities?agreement=nope', 'agreement'],
    ['/api/goal-areas?sort=code', 'sort'],
    ['/api/parties?agreement=Not%20a%20key', 'agreement'],
  ])('%s is a 400 that names %s', async (url, param) => {
    const res = await api.http.get(url).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'INVALID_INPUT' });
    expect(res.body.message).toContain(param);
    expect(res.body.details[0].field).toBe(param);
  });

  it.each(['/api/activities/unknown-key', '/api/activities/6f1c3a5e-0000-4000-8000-000000000000', '/api/nowhere'])(
    '%s is a 404 with a message',
    async (url) => {
      const res = await api.http.get(url).expect(404);
      expect(res.body.message).toEqual(expect.any(String));
    },
  );

  it('documents itself with OpenAPI', async () => {
    const res = await api.http.get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/agreements', '/api/agreements/{key}', '/api/parties', '/api/goal-areas', '/api/goal-areas/{code}', '/api/activities', '/api/activities/{idOrKey}']),
    );
    await api.http.get('/api/docs').expect(200).expect('Content-Type', /html/);
  });

  it('health is 503 and says why when Temporal does not answer', async () => {
    const other = await startTestApi({ DATABASE_URL: api.db.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    try {
      const res = await request(other.getHttpServer()).get('/api/health').expect(503);
      expect(res.body).toMatchObject({ status: 'error', database: 'up', temporal: 'down' });
      expect(res.body.problems.join(' ')).toMatch(/Temporal/);
    } finally {
      await other.close();
    }
  });
});

describe('read API with a second agreement beside the first', () => {
  const api = useSeededApi('2025-03-01');
  let both: Awaited<ReturnType<typeof api.as>>;

  beforeAll(async () => {
    await seedAgreement(api.ds, ESKILSTUNA_2025_2028, { today: '2025-03-01', staff: [] });
    // One person, a member of both: the admin of Västerås is no member of Eskilstuna.
    await addMember(api.ds, { email: 'tva.avtal@test.example', agreementKey: 'vasteras-2023-2027', party: null, roles: ['strategic'] });
    await addMember(api.ds, { email: 'tva.avtal@test.example', agreementKey: 'eskilstuna-2025-2028', party: 'police', roles: ['coordinator'] });
    both = await api.as('tva.avtal@test.example');
  });

  it('shows a member of one agreement nothing of the other', async () => {
    const list = await api.http.get('/api/agreements').expect(200);
    expect(list.body.map((a: { key: string }) => a.key)).toEqual(['vasteras-2023-2027']);
    const refused = await api.http.get('/api/activities?agreement=eskilstuna-2025-2028').expect(400);
    expect(refused.body.message).toMatch(/you are a member of no agreement with the key "eskilstuna-2025-2028"; yours: vasteras-2023-2027/);
    // The same answer as for a key nobody has: whether another tenant's agreement exists is not told.
    const unknown = await api.http.get('/api/activities?agreement=ingen-sadan-2020-2021').expect(400);
    expect(unknown.body.message.replace('ingen-sadan-2020-2021', 'X')).toBe(refused.body.message.replace('eskilstuna-2025-2028', 'X'));
    const eskilstunaMbu = (await both.get('/api/activities/mbu?agreement=eskilstuna-2025-2028').expect(200)).body.id;
    expect((await api.http.get(`/api/activities/${eskilstunaMbu}`).expect(404)).body.message).toMatch(/your agreements/);
    expect((await api.http.get('/api/activities/mbu').expect(200)).body.agreement).toBe('vasteras-2023-2027');
  });

  it('lists both agreements and each one’s activities by ?agreement=', async () => {
    const list = await both.get('/api/agreements').expect(200);
    expect(list.body.map((a: { key: string }) => a.key).sort()).toEqual(['eskilstuna-2025-2028', 'vasteras-2023-2027']);
    const eskilstuna = await both.get('/api/activities?agreement=eskilstuna-2025-2028').expect(200);
    expect(eskilstuna.body.items.map((a: { key: string; goalAreas: string[] }) => [a.key, a.goalAreas])).toEqual([['mbu', ['A', 'B']]]);
    expect((await both.get('/api/activities?agreement=vasteras-2023-2027').expect(200)).body.total).toBe(16);
  });

  it('asks a member of both which agreement is meant (400 listing them), and answers once it is told', async () => {
    const which = await both.get('/api/activities/mbu').expect(400);
    expect(which.body.error).toBe('AGREEMENT_REQUIRED');
    expect(which.body.message).toMatch(/eskilstuna-2025-2028/);
    expect(which.body.message).toMatch(/vasteras-2023-2027/);
    expect(which.body.message).toMatch(/\?agreement=/);
    expect(which.body.details.map((d: { message: string }) => d.message.split(':')[0]).sort()).toEqual(['eskilstuna-2025-2028', 'vasteras-2023-2027']);
    expect((await both.get('/api/overview').expect(400)).body.error).toBe('AGREEMENT_REQUIRED');
    const one = await both.get('/api/activities/mbu?agreement=eskilstuna-2025-2028').expect(200);
    expect(one.body).toMatchObject({ key: 'mbu', title: 'Människan bakom uniformen i Eskilstuna', leadParty: expect.objectContaining({ key: 'police' }) });
    const other = await both.get('/api/activities/mbu?agreement=vasteras-2023-2027').expect(200);
    expect(other.body.title).toBe('Människan bakom uniformen (MBU)');
    await both.get(`/api/activities/${one.body.id}`).expect(200); // the id needs no agreement
  });
});
