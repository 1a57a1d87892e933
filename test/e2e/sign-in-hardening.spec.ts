/**
 * Sign-in that cannot be forged or outlived (issue 11, point 5), through the real API on a real
 * PostgreSQL: forged and foreign tokens, deactivation and changed roles, refresh-token reuse, login
 * timing for unknown addresses, and the sign-in limits per account and per client address.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import { chromium } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEVELOPMENT_JWT_SECRET } from '@app/config';
import { projectRoot } from '@app/devstack';
import { CHROMIUM_ARGS, ensureChromium } from '../support/chromium';
import { DUMMY_PASSWORD_HASH } from '../../apps/api/src/auth/auth.service';
import { TEST_PASSWORD, useSeededApi } from '../support/test-api';

// The module object the API calls compare() on (a namespace import would be a copy of it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bcrypt: typeof import('bcryptjs') = require('bcryptjs');

const SECRET = randomBytes(48).toString('base64');
const webRoot = mkdtempSync(join(tmpdir(), 'samverkan-web-'));
const ENV = { JWT_SECRET: SECRET, TRUST_PROXY: 'loopback', SIGN_IN_ATTEMPTS_PER_MINUTE: '20', WEB_ROOT: webRoot };

describe('sign-in that cannot be forged or outlived', () => {
  // Registered before useSeededApi's, so the API starts with this environment and the web app.
  beforeAll(() => {
    const built = spawnSync(process.execPath, [join(projectRoot(), 'scripts', 'build-web.js'), webRoot], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('building the web app failed');
    Object.assign(process.env, ENV);
  });
  afterAll(() => {
    for (const key of Object.keys(ENV)) delete process.env[key];
    rmSync(webRoot, { recursive: true, force: true });
  });
  const api = useSeededApi('2026-11-23');
  let http: ReturnType<typeof request>;
  let ds: DataSource;
  beforeAll(() => {
    http = request(api.app.getHttpServer());
    ds = api.ds;
  });

  /** Each test signs in from client addresses of its own (X-Forwarded-For, believed with TRUST_PROXY=loopback). */
  let nextAddress = 1;
  const newAddress = () => `198.51.100.${nextAddress++}`;
  const login = (email: string, password = TEST_PASSWORD, from = newAddress()) =>
    http.post('/api/auth/login').set('X-Forwarded-For', from).send({ email, password });
  const refresh = (refreshToken: string) => http.post('/api/auth/refresh').send({ refreshToken });
  const me = (token: string) => http.get('/api/me').set('Authorization', `Bearer ${token}`);
  const person = async (email: string): Promise<{ id: string; token_version: number }> =>
    (await ds.query(`SELECT id, token_version FROM app_user WHERE email = $1`, [email]))[0];

  describe('forged and foreign access tokens', () => {
    const jwt = new JwtService();
    const right = { algorithm: 'HS256', issuer: 'samverkan', audience: 'samverkan-api', expiresIn: 900 } as const;
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    let admin: { id: string; token_version: number };
    beforeAll(async () => {
      admin = await person('admin@samverkan.example');
    });

    it('a token minted as the API mints them is accepted (the control)', async () => {
      const token = jwt.sign({ sub: admin.id, ver: admin.token_version }, { secret: SECRET, ...right });
      expect((await me(token).expect(200)).body.email).toBe('admin@samverkan.example');
    });

    it.each([
      ['the old public default secret, shaped as the old tokens were', () => jwt.sign({ sub: admin.id, email: 'admin@samverkan.example', name: 'Admin', roles: ['admin'], party: null, partyId: null }, { secret: DEVELOPMENT_JWT_SECRET, expiresIn: 900 })],
      ['the old public default secret, with issuer, audience and version right', () => jwt.sign({ sub: admin.id, ver: admin.token_version, roles: ['admin'] }, { ...right, secret: DEVELOPMENT_JWT_SECRET })],
      ['the right secret but no issuer', () => jwt.sign({ sub: admin.id, ver: admin.token_version }, { secret: SECRET, algorithm: 'HS256', audience: 'samverkan-api', expiresIn: 900 })],
      ['the right secret but another issuer', () => jwt.sign({ sub: admin.id, ver: admin.token_version }, { ...right, secret: SECRET, issuer: 'someone-else' })],
      ['the right secret but no audience', () => jwt.sign({ sub: admin.id, ver: admin.token_version }, { secret: SECRET, algorithm: 'HS256', issuer: 'samverkan', expiresIn: 900 })],
      ['the right secret but another audience', () => jwt.sign({ sub: admin.id, ver: admin.token_version }, { ...right, secret: SECRET, audience: 'another-api' })],
      ['the right secret but HS512', () => jwt.sign({ sub: admin.id, ver: admin.token_version }, { ...right, secret: SECRET, algorithm: 'HS512' })],
      ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: admin.id, ver: admin.token_version, iss: 'samverkan', aud: 'samverkan-api', exp: Math.floor(Date.now() / 1000) + 900 })}.`],
      ['an unknown user id', () => jwt.sign({ sub: randomUUID(), ver: 0 }, { secret: SECRET, ...right })],
      ['a user id that is no uuid', () => jwt.sign({ sub: 'admin', ver: 0 }, { secret: SECRET, ...right })],
      ['no token version', () => jwt.sign({ sub: admin.id }, { secret: SECRET, ...right })],
      ['an expired one', () => jwt.sign({ sub: admin.id, ver: admin.token_version, exp: Math.floor(Date.now() / 1000) - 10 }, { secret: SECRET, algorithm: 'HS256', issuer: 'samverkan', audience: 'samverkan-api' })],
    ])('a token signed with %s is 401', async (_what, token) => {
      const res = await me(token()).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, message: expect.stringMatching(/sign in again/) });
      await http.get('/api/audit').set('Authorization', `Bearer ${token()}`).expect(401);
    });

    it('takes memberships, roles and party from the database, not from the token', async () => {
      const owner = await person('polis@samverkan.example');
      const token = jwt.sign({ sub: owner.id, ver: owner.token_version, roles: ['admin'], partyId: null }, { secret: SECRET, ...right });
      const res = await http.get('/api/audit').set('Authorization', `Bearer ${token}`).expect(403);
      expect(res.body.message).toMatch(/Only/);
    });
  });

  describe('a changed person is refused at once', () => {
    it("a deactivated person's token is 401 on the next request, and stays so when reactivated", async () => {
      const signedIn = (await login('stad@samverkan.example').expect(200)).body;
      await me(signedIn.accessToken).expect(200);
      await ds.query(`UPDATE app_user SET deactivated_at = now() WHERE email = 'stad@samverkan.example'`);
      expect((await me(signedIn.accessToken).expect(401)).body.message).toMatch(/deactivated/);
      expect((await refresh(signedIn.refreshToken).expect(401)).body.message).toMatch(/used or revoked/);
      expect((await login('stad@samverkan.example').expect(401)).body.message).toMatch(/deactivated/);
      await ds.query(`UPDATE app_user SET deactivated_at = NULL WHERE email = 'stad@samverkan.example'`);
      expect((await me(signedIn.accessToken).expect(401)).body.message).toMatch(/has changed/);
      await me((await login('stad@samverkan.example').expect(200)).body.accessToken).expect(200);
    });

    it('a changed membership: the old token is 401, a refresh gives a token with the new roles', async () => {
      const signedIn = (await login('radet@samverkan.example').expect(200)).body;
      await http.get('/api/audit').set('Authorization', `Bearer ${signedIn.accessToken}`).expect(403);
      const before = await person('radet@samverkan.example');
      await ds.query(`UPDATE membership SET roles = '{council,strategic}' WHERE user_id = $1`, [before.id]);
      expect((await person('radet@samverkan.example')).token_version).toBe(before.token_version + 1);
      expect((await me(signedIn.accessToken).expect(401)).body.message).toMatch(/has changed/);
      const renewed = (await refresh(signedIn.refreshToken).expect(200)).body;
      expect(renewed.user.memberships.map((m: { roles: string[] }) => m.roles)).toEqual([['council', 'strategic']]);
      await http.get('/api/audit').set('Authorization', `Bearer ${renewed.accessToken}`).expect(200);
    });

    it('an ended membership: the old token is 401, and the new one sees nothing of that agreement', async () => {
      const signedIn = (await login('region.samordnare@samverkan.example').expect(200)).body;
      await http.get('/api/activities').set('Authorization', `Bearer ${signedIn.accessToken}`).expect(200);
      const before = await person('region.samordnare@samverkan.example');
      await ds.query(`DELETE FROM membership WHERE user_id = $1`, [before.id]);
      expect((await me(signedIn.accessToken).expect(401)).body.message).toMatch(/has changed/);
      const renewed = (await refresh(signedIn.refreshToken).expect(200)).body;
      expect(renewed.user.memberships).toEqual([]);
      expect((await http.get('/api/activities').set('Authorization', `Bearer ${renewed.accessToken}`).expect(403)).body.error).toBe('NO_MEMBERSHIP');
    });

    it('a new password: the old token and every refresh token stop working', async () => {
      const signedIn = (await login('mimer@samverkan.example').expect(200)).body;
      await ds.query(`UPDATE app_user SET password_hash = $1 WHERE email = 'mimer@samverkan.example'`, [await bcrypt.hash('ett-nytt-lösenord', 4)]);
      await me(signedIn.accessToken).expect(401);
      await refresh(signedIn.refreshToken).expect(401);
      await login('mimer@samverkan.example').expect(401);
      await login('mimer@samverkan.example', 'ett-nytt-lösenord').expect(200);
    });
  });

  describe('refresh tokens rotate with reuse detection', () => {
    it('a reused refresh token revokes its family: refresh A → B; reuse A → 401; then B is refused too', async () => {
      const a = (await login('ledning@samverkan.example').expect(200)).body;
      const b = (await refresh(a.refreshToken).expect(200)).body;
      await me(b.accessToken).expect(200);
      const reuse = await refresh(a.refreshToken).expect(401);
      expect(reuse.body).toMatchObject({ statusCode: 401, message: expect.stringMatching(/used or revoked already.*every token of this sign-in has been revoked/) });
      await refresh(b.refreshToken).expect(401);
      // Another sign-in of the same person is another family, untouched.
      const other = (await login('ledning@samverkan.example').expect(200)).body;
      await refresh(other.refreshToken).expect(200);
    });

    it('two refreshes with the same token at once: at most one succeeds, and its new token is revoked too', async () => {
      const a = (await login('operativ@samverkan.example').expect(200)).body;
      const both = await Promise.all([refresh(a.refreshToken), refresh(a.refreshToken)]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
      const winner = both.find((r) => r.status === 200)!.body;
      await refresh(winner.refreshToken).expect(401);
    });

    it('logout, even with an older token of the sign-in, ends the whole family', async () => {
      const a = (await login('polis.samordnare@samverkan.example').expect(200)).body;
      const b = (await refresh(a.refreshToken).expect(200)).body;
      await http.post('/api/auth/logout').send({ refreshToken: a.refreshToken }).expect(204);
      await refresh(b.refreshToken).expect(401);
    });
  });

  describe('sign-in takes the same path whether the address exists or not', () => {
    afterEach(() => jest.restoreAllMocks());

    it('an unknown address runs bcrypt against the dummy hash; a known one against its own', async () => {
      const compare = jest.spyOn(bcrypt, 'compare');
      await login('ingen.alls@samverkan.example', 'gissning-1').expect(401);
      expect(compare.mock.calls).toEqual([['gissning-1', DUMMY_PASSWORD_HASH]]);
      compare.mockClear();
      await login('polis@samverkan.example', 'gissning-2').expect(401);
      expect(compare.mock.calls).toEqual([['gissning-2', expect.stringMatching(/^\$2[aby]\$10\$/)]]);
      expect(compare.mock.calls[0][1]).not.toBe(DUMMY_PASSWORD_HASH);
    });

    it('and takes about as long (medians of six tries each, within a factor of three)', async () => {
      const took = async (email: string) => {
        const started = process.hrtime.bigint();
        await login(email, 'fel-lösenord').expect(401);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 6; i++) {
        known.push(await took('radet@samverkan.example'));
        unknown.push(await took(`ingen-${i}@samverkan.example`));
      }
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
      const ratio = median(unknown) / median(known);
      expect([ratio > 1 / 3 && ratio < 3, ratio]).toEqual([true, ratio]);
    });
  });

  describe('sign-in limits', () => {
    it('five failures for one account from one address: 429 for that account there, not from another address', async () => {
      const attacker = newAddress();
      for (let i = 0; i < 5; i++) await login('polis@samverkan.example', `fel-${i}`, attacker).expect(401);
      const refused = await login('polis@samverkan.example', TEST_PASSWORD, attacker).expect(429);
      expect(refused.body).toMatchObject({ statusCode: 429, error: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/Too many failed sign-ins for polis@samverkan.example/) });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // The person is not locked out: from their own address they sign in.
      await login('polis@samverkan.example', TEST_PASSWORD, newAddress()).expect(200);
      // And the attacker's address may still sign in to another account.
      await login('admin@samverkan.example', TEST_PASSWORD, attacker).expect(200);
    });

    it('many addresses from one client address: the 21st attempt in a minute is 429 for that address only', async () => {
      const sprayer = newAddress();
      for (let i = 0; i < 20; i++) await login(`spray-${i}@samverkan.example`, 'gissning', sprayer).expect(401);
      const refused = await login('admin@samverkan.example', TEST_PASSWORD, sprayer).expect(429);
      expect(refused.body).toMatchObject({ statusCode: 429, error: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/Too many sign-in attempts from your address \(at most 20 a minute\)/) });
      expect(refused.headers['content-type']).toMatch(/^application\/json/);
      const wait = Number(refused.headers['retry-after']);
      expect(wait > 0 && wait <= 60).toBe(true);
      await login('admin@samverkan.example', TEST_PASSWORD, newAddress()).expect(200);
    });
  });

  describe('the web app', () => {
    it('refreshes when a request is refused or the token is about to expire, retries it, and signs out at the API', async () => {
      const server = api.app.getHttpServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
      try {
        const page = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
        // Evaluated in the page (strings, since the browser's globals are not this file's).
        const stored = (key: string) => page.evaluate<string | null>(`sessionStorage.getItem(${JSON.stringify(key)})`);
        const family = async () => {
          const hash = createHash('sha256').update((await stored('samverkan.refresh'))!).digest('hex');
          return ds.query(`SELECT f.revoked_at IS NOT NULL AS revoked FROM refresh_token t JOIN refresh_token f ON f.family_id = t.family_id WHERE t.token_hash = $1 ORDER BY f.created_at`, [hash]) as Promise<{ revoked: boolean }[]>;
        };
        await page.goto(`${base}/#/logga-in`);
        await page.getByLabel('E-postadress').fill('stad.samordnare@samverkan.example');
        await page.getByLabel('Lösenord').fill(TEST_PASSWORD);
        await page.getByRole('button', { name: 'Logga in' }).click();
        await page.getByRole('heading', { name: 'Mina aktiviteter' }).waitFor();
        const first = await stored('samverkan.token');

        // The token no longer fits (as after a change of roles): the API answers 401, the app refreshes once and asks again.
        await ds.query(`UPDATE app_user SET token_version = token_version + 1 WHERE email = 'stad.samordnare@samverkan.example'`);
        await page.goto(`${base}/#/oversikt`);
        await page.getByRole('heading', { name: 'Översikt' }).waitFor();
        await expect(page.locator('#innehall .error').count()).resolves.toBe(0);
        const second = await stored('samverkan.token');
        expect(second).not.toBe(first);
        expect(await family()).toEqual([{ revoked: true }, { revoked: false }]);

        // Shortly before the access token expires, the app refreshes before it asks.
        await page.evaluate(`sessionStorage.setItem('samverkan.expires', String(Date.now() + 5000))`);
        await page.goto(`${base}/#/eskaleringar`);
        await page.getByRole('heading', { name: 'Eskaleringar' }).waitFor();
        await expect(page.locator('#innehall .error').count()).resolves.toBe(0);
        expect(await stored('samverkan.token')).not.toBe(second);
        expect(await family()).toEqual([{ revoked: true }, { revoked: true }, { revoked: false }]);

        // Signing out revokes the sign-in at the API, not only in the tab.
        const refreshToken = (await stored('samverkan.refresh'))!;
        await page.getByRole('button', { name: /Logga ut/ }).click();
        await page.getByRole('heading', { name: 'Logga in' }).waitFor();
        expect(await stored('samverkan.refresh')).toBeNull();
        // The app asked the API to sign out before it showed the sign-in page.
        await refresh(refreshToken).expect(401);
      } finally {
        await browser.close();
      }
    });
  });
});
