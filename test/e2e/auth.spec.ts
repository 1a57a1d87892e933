/**
 * Sign-in, and who may do what: every endpoint × every role × own and other party.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { TEST_PASSWORD } from '../support/test-api';
import { useLiveApi } from '../support/live-api';

describe('sign-in and permissions', () => {
  const live = useLiveApi('2026-11-23');
  let anonymous: ReturnType<typeof request>;
  beforeAll(() => {
    anonymous = request(live.app.getHttpServer());
  });

  describe('signing in', () => {
    it('gives an access token for use as Bearer, and who the user is', async () => {
      const res = await anonymous.post('/api/auth/login').send({ email: 'polis@samverkan.example', password: TEST_PASSWORD }).expect(200);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { email: 'polis@samverkan.example', platformRoles: [], memberships: [{ agreement: 'vasteras-2023-2027', party: 'police', roles: ['owner'] }] } });
      const me = await anonymous.get('/api/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
      expect(me.body.email).toBe('polis@samverkan.example');
    });

    it('refuses a wrong password, an unknown user and a malformed body', async () => {
      expect((await anonymous.post('/api/auth/login').send({ email: 'polis@samverkan.example', password: 'fel-lösenord' }).expect(401)).body.message).toBe(
        'Wrong e-mail or password.',
      );
      await anonymous.post('/api/auth/login').send({ email: 'ingen@samverkan.example', password: 'x' }).expect(401);
      expect((await anonymous.post('/api/auth/login').send({ email: 'not-an-email' }).expect(400)).body.message).toMatch(/email/);
    });

    it('limits failed sign-ins: after five, the sixth is refused with 429', async () => {
      for (let i = 0; i < 5; i++) await anonymous.post('/api/auth/login').send({ email: 'mimer.samordnare@samverkan.example', password: `fel-${i}` }).expect(401);
      const res = await anonymous.post('/api/auth/login').send({ email: 'mimer.samordnare@samverkan.example', password: TEST_PASSWORD }).expect(429);
      expect(res.body.message).toMatch(/Too many failed sign-ins/);
    });

    it('rotates refresh tokens, and logout ends them', async () => {
      const first = await anonymous.post('/api/auth/login').send({ email: 'ledning@samverkan.example', password: TEST_PASSWORD }).expect(200);
      const second = await anonymous.post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
      await anonymous.post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(401); // used once already
      await anonymous.post('/api/auth/logout').send({ refreshToken: second.body.refreshToken }).expect(204);
      await anonymous.post('/api/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(401);
    });

    it('asks for sign-in everywhere but health and sign-in itself', async () => {
      const res = await anonymous.get('/api/activities').expect(401);
      expect(res.body.message).toMatch(/POST \/api\/auth\/login/);
      await anonymous.get('/api/activities').set('Authorization', 'Bearer forged.token.here').expect(401);
      await anonymous.get('/api/health').expect(200);
      await anonymous.get('/api/health/live').expect(200);
      await anonymous.get('/api/health/ready').expect(200);
    });
  });

  describe('the authorization matrix', () => {
    // Own party = police (mbu is led by the police and owned by polis@); other party = Mimer (boendemiljo).
    const users = {
      admin: 'admin@samverkan.example',
      strategic: 'ledning@samverkan.example',
      operational: 'operativ@samverkan.example',
      council: 'radet@samverkan.example',
      'police owner': 'polis@samverkan.example',
      'police coordinator': 'polis.samordnare@samverkan.example',
      'city owner': 'stad@samverkan.example',
    } as const;
    type Who = keyof typeof users;
    const everyone = Object.keys(users) as Who[];

    const endpoints: { name: string; allowed: Who[]; call: (http: ReturnType<typeof request.agent>) => request.Test }[] = [
      { name: 'GET /api/health/live', allowed: everyone, call: (h) => h.get('/api/health/live') },
      { name: 'GET /api/health/ready', allowed: everyone, call: (h) => h.get('/api/health/ready') },
      { name: 'GET /api/agreements', allowed: everyone, call: (h) => h.get('/api/agreements') },
      { name: 'GET /api/parties', allowed: everyone, call: (h) => h.get('/api/parties') },
      { name: 'GET /api/me', allowed: everyone, call: (h) => h.get('/api/me') },
      { name: 'GET /api/agreements/:key', allowed: everyone, call: (h) => h.get('/api/agreements/vasteras-2023-2027') },
      { name: 'GET /api/goal-areas', allowed: everyone, call: (h) => h.get('/api/goal-areas') },
      { name: 'GET /api/goal-areas/:code', allowed: everyone, call: (h) => h.get('/api/goal-areas/H') },
      { name: 'GET /api/users (staff e-mails)', allowed: ['admin', 'police coordinator'], call: (h) => h.get('/api/users') },
      { name: 'GET /api/activities', allowed: everyone, call: (h) => h.get('/api/activities?party=police') },
      { name: 'GET own activity', allowed: everyone, call: (h) => h.get('/api/activities/mbu') },
      { name: 'GET other party’s activity', allowed: everyone, call: (h) => h.get('/api/activities/boendemiljo') },
      { name: 'GET reports', allowed: everyone, call: (h) => h.get('/api/activities/mbu/reports') },
      {
        name: 'POST report on own party’s activity',
        allowed: ['police owner', 'police coordinator'],
        call: (h) => h.post('/api/activities/mbu/reports').send({ status: 'on_track', progress: 50, summary: 'Matrisprov' }),
      },
      {
        name: 'POST report on other party’s activity',
        allowed: [],
        call: (h) => h.post('/api/activities/boendemiljo/reports').send({ status: 'on_track', progress: 50, summary: 'Matrisprov' }),
      },
      {
        name: 'pause own party’s activity',
        allowed: ['admin', 'police coordinator'],
        call: (h) => h.post('/api/activities/nyrekrytering/pause').send({ reason: 'Matrisprov' }),
      },
      {
        name: 'pause other party’s activity',
        allowed: ['admin'],
        call: (h) => h.post('/api/activities/boendesegregation/pause').send({ reason: 'Matrisprov' }),
      },
      { name: 'resume', allowed: ['admin', 'police coordinator'], call: (h) => h.post('/api/activities/nyrekrytering/resume') },
      {
        name: 'change plan',
        allowed: ['admin', 'police coordinator'],
        call: (h) => h.put('/api/activities/myndighetsnarvaro/plan').send({ phases: [{ kind: 'long', followUpEvery: 'P6W' }] }),
      },
      {
        name: 'reassign owner',
        allowed: ['admin'],
        call: (h) => h.put('/api/activities/boendemiljo/owner').send({ ownerId: null }),
      },
      {
        name: 'reassign owner of own party’s activity',
        allowed: ['admin', 'police coordinator'],
        call: (h) => h.put('/api/activities/skjutningar/owner').send({ ownerId: null }),
      },
      {
        name: 'change goal areas of own party’s activity',
        allowed: ['admin', 'police coordinator'],
        call: (h) => h.put('/api/activities/myndighetsnarvaro/goal-areas').send({ goalAreas: ['A', 'C'] }),
      },
      {
        name: 'change goal areas of other party’s activity',
        allowed: ['admin'],
        call: (h) => h.put('/api/activities/boendeinflytande/goal-areas').send({ goalAreas: ['A', 'G'] }),
      },
      // Seeded as of 2026-11-23 every activity is in its long phase; completing it completes the activity
      // (so the second allowed role gets a 409, which is not a 403).
      { name: 'complete phase of own party’s activity', allowed: ['admin', 'police coordinator'], call: (h) => h.post('/api/activities/skjutningar/phases/long/complete') },
      { name: 'complete phase of other party’s activity', allowed: ['admin'], call: (h) => h.post('/api/activities/boendeinflytande/phases/long/complete') },
      { name: 'cancel an activity', allowed: ['admin'], call: (h) => h.post('/api/activities/vald-nara-relation/cancel').send({ reason: 'Matrisprov' }) },
      { name: 'GET overview', allowed: everyone, call: (h) => h.get('/api/overview') },
      { name: 'GET council agenda', allowed: everyone, call: (h) => h.get('/api/council/agenda') },
      { name: 'GET escalations', allowed: everyone, call: (h) => h.get('/api/escalations?state=all') },
      { name: 'GET timeline', allowed: everyone, call: (h) => h.get('/api/activities/mbu/timeline') },
      { name: 'GET my activities', allowed: everyone, call: (h) => h.get('/api/me/activities') },
      { name: 'GET audit', allowed: ['admin', 'strategic'], call: (h) => h.get('/api/audit') },
      { name: 'GET notifications', allowed: everyone, call: (h) => h.get('/api/notifications') },
      { name: 'read all notifications', allowed: everyone, call: (h) => h.post('/api/notifications/read-all') },
      { name: 'read one notification', allowed: everyone, call: (h) => h.post(`/api/notifications/${randomUUID()}/read`) },
      { name: 'GET unread count', allowed: everyone, call: (h) => h.get('/api/notifications/unread-count') },
      { name: 'GET e-mail problems', allowed: ['admin'], call: (h) => h.get('/api/notifications/email-problems') },
      { name: 'notification settings', allowed: everyone, call: (h) => h.put('/api/me/notification-settings').send({ email: 'both' }) },
      { name: 'GET calendar feed address', allowed: everyone, call: (h) => h.get('/api/me/calendar-feed') },
      { name: 'rotate calendar feed address', allowed: everyone, call: (h) => h.post('/api/me/calendar-feed') },
      {
        name: 'acknowledge escalation',
        allowed: ['operational', 'strategic'],
        call: (h) => h.post(`/api/escalations/${randomUUID()}/acknowledge`).send({ comment: 'Matrisprov' }),
      },
      {
        name: 'create activity',
        allowed: ['admin'],
        call: (h) => h.post('/api/activities').send({ key: `matris-${randomUUID().slice(0, 8)}`, title: 'Matrisprov', goalAreas: ['A'], leadParty: 'police' }),
      },
    ];

    const cases = endpoints.flatMap((e) => everyone.map((who) => [e.name, who, e.allowed.includes(who)] as const));

    it.each(cases)('%s as %s: allowed = %s', async (name, who, allowed) => {
      const http = await live.as(users[who]);
      const res = await endpoints.find((e) => e.name === name)!.call(http);
      if (allowed) {
        expect([res.status, res.body.message]).not.toEqual([403, expect.anything()]);
        expect(res.status).toBeLessThan(500);
      } else {
        expect(res.status).toBe(403);
        expect(res.body.message).toMatch(/Only/);
      }
    });
  });
});
