/**
 * Sign-in through a party's own identity provider (OpenID Connect), against a real `oidc-provider`
 * started in this test process with its own keys, on the real API (listening on a port: the provider
 * redirects back to it) and PostgreSQL, both demo tenants seeded. The administrator of Exempelby
 * registers the municipality's provider; an invited member signs in through it and gets our tokens
 * with their membership's roles only; everyone else, and every tampered answer, is refused with a 4xx
 * and a Swedish explanation, never a 5xx.
 */
import request from 'supertest';
import { freePort } from '@app/devstack';
import { addMember } from '../support/members';
import { CookieJar, startTestOidcProvider, TestOidcProvider, throughProvider } from '../support/oidc-provider';
import { signedIn, TEST_PASSWORD, useSeededApi } from '../support/test-api';

const E = 'exempelby-2025-2028';
const V = 'vasteras-2023-2027';
const INVITED = 'handlaggare@exempelby.example';
const UNINVITED = 'okand@exempelby.example';
const ONLY_VASTERAS = 'bara.vasteras@exempelby.example';
const UNVERIFIED = 'overifierad@exempelby.example';
const OTHER_DOMAIN = 'nagon@annanstans.example';

describe('sign-in through an OpenID Connect provider', () => {
  let base = '';
  let provider: TestOidcProvider;
  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    process.env.PUBLIC_URL = base;
  });
  const api = useSeededApi('2026-12-02', 'admin@exempelby.example', { agreements: 'demo' });
  let connectionId = '';

  beforeAll(async () => {
    await api.app.listen(new URL(base).port, '127.0.0.1');
    provider = await startTestOidcProvider(`${base}/api/auth/oidc/callback`, [
      { email: INVITED, emailVerified: true },
      { email: UNINVITED, emailVerified: true },
      { email: ONLY_VASTERAS, emailVerified: true },
      { email: UNVERIFIED, emailVerified: false },
      { email: OTHER_DOMAIN, emailVerified: true },
    ]);
    await addMember(api.ds, { email: INVITED, name: 'Hanna Handläggare', agreementKey: E, party: 'city', roles: ['owner'] });
    await addMember(api.ds, { email: UNVERIFIED, agreementKey: E, party: 'city', roles: ['owner'] });
    await addMember(api.ds, { email: OTHER_DOMAIN, agreementKey: E, party: 'city', roles: ['owner'] });
    await addMember(api.ds, { email: ONLY_VASTERAS, agreementKey: V, party: 'city', roles: ['owner'] });
  });
  afterAll(async () => {
    await provider?.close();
    delete process.env.PUBLIC_URL;
  });

  const registration = () => ({ party: 'city', displayName: 'Exempelby kommuns inloggning', issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, allowedDomains: ['Exempelby.example'] });

  it('an administrator registers the provider; the secret is stored encrypted, never returned, and the change is audited', async () => {
    const res = await api.http.post(`/api/oidc-connections?agreement=${E}`).send(registration());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ agreement: E, party: 'city', displayName: 'Exempelby kommuns inloggning', issuer: provider.issuer, clientId: provider.clientId, allowedDomains: ['exempelby.example'], redirectUri: `${base}/api/auth/oidc/callback` });
    expect(JSON.stringify(res.body)).not.toContain(provider.clientSecret);
    expect(res.body).not.toHaveProperty('clientSecret');
    connectionId = res.body.id;

    const list = await api.http.get(`/api/oidc-connections?agreement=${E}`);
    expect(list.status).toBe(200);
    expect(list.body.map((c: { id: string }) => c.id)).toEqual([connectionId]);
    expect(JSON.stringify(list.body)).not.toContain(provider.clientSecret);

    const [stored] = await api.ds.query(`SELECT client_secret_encrypted, agreement_id FROM oidc_connection WHERE id = $1`, [connectionId]);
    expect(stored.client_secret_encrypted).toMatch(/^v1:/);
    expect(stored.client_secret_encrypted).not.toContain(provider.clientSecret);
    const audit = await api.ds.query(`SELECT action, actor_email, agreement_id, after FROM audit_entry WHERE entity_id = $1 AND action LIKE 'oidc-connection.%'`, [connectionId]);
    expect(audit).toEqual([{ action: 'oidc-connection.create', actor_email: 'admin@exempelby.example', agreement_id: stored.agreement_id, after: expect.objectContaining({ issuer: provider.issuer, clientSecret: '(lagrad krypterad)' }) }]);
    expect(JSON.stringify(audit)).not.toContain(provider.clientSecret);

    // Västerås's administrator sees none of Exempelby's; and cannot name Exempelby.
    const vasteras = await signedIn(api.app, 'admin@samverkan.example');
    expect((await vasteras.get(`/api/oidc-connections?agreement=${V}`)).body).toEqual([]);
    expect((await vasteras.get(`/api/oidc-connections?agreement=${E}`)).status).toBe(400);
  });

  it('refuses registrations that are not an administrator’s, or not right (4xx saying what to fix)', async () => {
    const owner = await signedIn(api.app, 'polis@exempelby.example');
    expect((await owner.post(`/api/oidc-connections?agreement=${E}`).send(registration())).status).toBe(403);
    expect((await owner.get(`/api/oidc-connections?agreement=${E}`)).status).toBe(403);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ party: 'nobody' }, /no party "nobody"/],
      [{ issuer: 'not a url' }, /issuer/],
      [{ issuer: 'http://idp.example.com' }, /https/],
      [{ allowedDomains: ['*.example'] }, /allowedDomains/],
      [{ allowedDomains: [] }, /allowedDomains/],
      [{ clientSecret: undefined }, /clientSecret/],
      // Wrong issuer: the provider's document names http://localhost:<port>, not 127.0.0.1.
      [{ issuer: `http://127.0.0.1:${provider.port}` }, /does not match the expected issuer/],
      // Nobody answers there.
      [{ issuer: `http://127.0.0.1:${await freePort()}` }, /did not answer/],
    ];
    for (const [change, message] of cases) {
      const res = await api.http.post(`/api/oidc-connections?agreement=${E}`).send({ ...registration(), ...change });
      expect([res.status, res.body.message]).toEqual([400, expect.stringMatching(message)]);
    }
    expect(await api.ds.query(`SELECT count(*)::int AS n FROM oidc_connection`)).toEqual([{ n: 1 }]);
  });

  it('the sign-in page’s list names the provider, with no secret, publicly', async () => {
    const res = await request(api.app.getHttpServer()).get(`/api/auth/oidc/providers?agreement=${E}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ id: connectionId, displayName: 'Exempelby kommuns inloggning', agreement: E, agreementTitle: expect.stringContaining('Exempelby'), startUrl: `/api/auth/oidc/${connectionId}/start` }]);
    expect((await request(api.app.getHttpServer()).get(`/api/auth/oidc/providers?agreement=${V}`)).body).toEqual([]);
  });

  it('without ?agreement= (or with an unknown one) the public list names nothing of any tenant', async () => {
    const anon = () => request(api.app.getHttpServer());
    for (const path of ['/api/auth/oidc/providers', '/api/auth/oidc/providers?agreement=finns-inte-2025']) {
      const res = await anon().get(path);
      expect([path, res.status, res.body]).toEqual([path, 200, []]);
      expect(JSON.stringify(res.body)).not.toMatch(/Exempelby|exempelby/);
    }
    // An empty or malformed key is a 400 like elsewhere, still naming nothing.
    for (const path of ['/api/auth/oidc/providers?agreement=', '/api/auth/oidc/providers?agreement=INTE%20en%20nyckel']) {
      const bad = await anon().get(path);
      expect([path, bad.status]).toEqual([path, 400]);
      expect(JSON.stringify(bad.body)).not.toContain('Exempelby kommuns inloggning');
    }
  });

  it('start redirects to the provider with the authorization code flow, PKCE (S256), state and nonce, bound to the browser by a cookie', async () => {
    const res = await fetch(`${base}/api/auth/oidc/${connectionId}/start`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(`${to.origin}`).toBe(provider.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: provider.clientId,
      redirect_uri: `${base}/api/auth/oidc/callback`,
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
      scope: expect.stringContaining('openid'),
    });
    expect(res.headers.getSetCookie().join()).toMatch(/samverkan_oidc=[^;]+;.*HttpOnly/i);
    // Kept server-side: only hashes of the state and the cookie, never the state itself.
    const rows = await api.ds.query(`SELECT state_hash FROM oidc_sign_in`);
    expect(rows.map((r: { state_hash: string }) => r.state_hash)).not.toContain(to.searchParams.get('state'));
    expect((await fetch(`${base}/api/auth/oidc/00000000-0000-4000-8000-000000000000/start`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${base}/api/auth/oidc/not-an-id/start`, { redirect: 'manual' })).status).toBe(404);
  });

  it('an invited member signs in: a one-time code in the fragment, exchanged once for our tokens; roles come from the membership only', async () => {
    const { callbackUrl, jar } = await throughProvider(`${base}/api/auth/oidc/${connectionId}/start`, INVITED);
    const res = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: jar.header(callbackUrl) } });
    if (res.status !== 302) throw new Error(`callback ${callbackUrl} cookie ${jar.header(callbackUrl)} answered ${res.status}: ${(await res.text()).replace(/[\s\S]*<main>/, '')}`);
    const location = res.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${base}/#/oidc/[A-Za-z0-9_-]{43}$`));
    expect(location).not.toMatch(/token/i);
    const code = location.split('/#/oidc/')[1];

    const exchanged = await request(api.app.getHttpServer()).post('/api/auth/oidc/exchange').send({ code });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.user).toMatchObject({ email: INVITED, platformRoles: [], memberships: [{ agreement: E, party: 'city', roles: ['owner'] }] });
    const me = await request(api.app.getHttpServer()).get('/api/me').set('Authorization', `Bearer ${exchanged.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(INVITED);
    // The refresh token works as any other.
    expect((await request(api.app.getHttpServer()).post('/api/auth/refresh').send({ refreshToken: exchanged.body.refreshToken })).status).toBe(200);
    // Once only.
    const again = await request(api.app.getHttpServer()).post('/api/auth/oidc/exchange').send({ code });
    expect(again.status).toBe(400);
    expect((await request(api.app.getHttpServer()).post('/api/auth/oidc/exchange').send({ code: 'made-up' })).status).toBe(400);
    expect((await request(api.app.getHttpServer()).post('/api/auth/oidc/exchange').send({})).status).toBe(400);
    // The callback, replayed (same state, same cookie), is refused: the state was used up.
    const replay = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: jar.header(callbackUrl) } });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('STATE_UNKNOWN');
    const audit = await api.ds.query(`SELECT actor_email FROM audit_entry WHERE action = 'auth.oidc-sign-in'`);
    expect(audit).toEqual([{ actor_email: INVITED }]);
  });

  async function refusal(login: string): Promise<{ status: number; html: string }> {
    const { callbackUrl, jar } = await throughProvider(`${base}/api/auth/oidc/${connectionId}/start`, login);
    const res = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: jar.header(callbackUrl) } });
    return { status: res.status, html: await res.text() };
  }

  it('nobody gets in uninvited: an address the provider vouches for but no membership of this agreement has is refused, in Swedish', async () => {
    for (const login of [UNINVITED, ONLY_VASTERAS]) {
      const { status, html } = await refusal(login);
      expect(status).toBe(403);
      expect(html).toContain('<html lang="sv">');
      expect(html).toContain('NOT_INVITED');
      expect(html).toContain('är inte inbjuden');
      expect(html).not.toMatch(/accessToken|refreshToken/);
      // The way back leads to the sign-in page of the connection's agreement, where its providers are offered.
      expect(html).toContain(`<a href="${base}/#/logga-in?agreement=${E}">Till inloggningssidan</a>`);
    }
    // No account was made for them.
    expect(await api.ds.query(`SELECT email FROM app_user WHERE email = $1`, [UNINVITED])).toEqual([]);
  });

  it('an e-mail address the provider has not verified, or of a domain not allowed, is refused', async () => {
    const unverified = await refusal(UNVERIFIED);
    expect([unverified.status, unverified.html.includes('EMAIL_NOT_VERIFIED')]).toEqual([403, true]);
    const other = await refusal(OTHER_DOMAIN);
    expect([other.status, other.html.includes('DOMAIN_NOT_ALLOWED'), other.html.includes('annanstans.example')]).toEqual([403, true, true]);
  });

  it('a tampered state, a wrong issuer, a missing browser cookie or a made-up code are refused with 4xx, never 5xx', async () => {
    const tamper = async (change: (u: URL) => void, cookie = true) => {
      const { callbackUrl, jar } = await throughProvider(`${base}/api/auth/oidc/${connectionId}/start`, INVITED);
      const url = new URL(callbackUrl);
      change(url);
      const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie: jar.header(callbackUrl) } : {} });
      return { status: res.status, html: await res.text() };
    };
    const state = await tamper((u) => u.searchParams.set('state', `${u.searchParams.get('state')}x`));
    expect([state.status, state.html.includes('STATE_UNKNOWN')]).toEqual([400, true]);
    const noState = await tamper((u) => u.searchParams.delete('state'));
    expect([noState.status, noState.html.includes('STATE_MISSING')]).toEqual([400, true]);
    const issuer = await tamper((u) => u.searchParams.set('iss', 'http://evil.example'));
    expect([issuer.status, issuer.html.includes('PROVIDER_ANSWER_REJECTED')]).toEqual([400, true]);
    const code = await tamper((u) => u.searchParams.set('code', 'made-up-code'));
    expect([code.status, code.html.includes('PROVIDER_ANSWER_REJECTED')]).toEqual([400, true]);
    const otherBrowser = await tamper(() => undefined, false);
    expect([otherBrowser.status, otherBrowser.html.includes('OTHER_BROWSER')]).toEqual([400, true]);
    const denied = await fetch(`${base}/api/auth/oidc/callback?error=access_denied&state=whatever`, { redirect: 'manual' });
    expect(denied.status).toBe(400);
    const bare = await fetch(`${base}/api/auth/oidc/callback`, { redirect: 'manual' });
    expect(bare.status).toBe(400);
    // None of these signed anyone in.
    expect(await api.ds.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'auth.oidc-sign-in'`)).toEqual([{ n: 1 }]);
  });

  it('local passwords stay available, also for the person who signed in through the provider', async () => {
    const res = await request(api.app.getHttpServer()).post('/api/auth/login').send({ email: INVITED, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
  });

  it('an administrator removes the provider (audited); it is no longer offered or startable', async () => {
    const jar = new CookieJar();
    expect(jar.header(base)).toBe('');
    const res = await api.http.delete(`/api/oidc-connections/${connectionId}?agreement=${E}`);
    expect(res.status).toBe(204);
    expect((await api.http.delete(`/api/oidc-connections/${connectionId}?agreement=${E}`)).status).toBe(404);
    expect((await request(api.app.getHttpServer()).get(`/api/auth/oidc/providers?agreement=${E}`)).body).toEqual([]);
    expect((await fetch(`${base}/api/auth/oidc/${connectionId}/start`, { redirect: 'manual' })).status).toBe(404);
    expect(await api.ds.query(`SELECT action FROM audit_entry WHERE entity_id = $1 AND action LIKE 'oidc-connection.%' ORDER BY at`, [connectionId])).toEqual([
      { action: 'oidc-connection.create' },
      { action: 'oidc-connection.delete' },
    ]);
  });
});
