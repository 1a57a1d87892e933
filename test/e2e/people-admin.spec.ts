/**
 * People administration on the real API, PostgreSQL and a real SMTP server: the Exempelby
 * administrator invites (the e-mail's one-time link sets the password, once), re-sends, changes roles
 * and party (in force at the person's next request), deactivates (their sessions end at once) and
 * reactivates; everything audited; a person of Västerås only is a 404 to them; bad input is a 4xx
 * that says what to fix. Password reset answers the same whatever the address; one's own password
 * changes given the current one.
 */
import request from 'supertest';
import type { ParsedMail } from 'mailparser';
import { acrossTenants, Agreement, scopeTo, withRequestScope } from '@app/database';
import { PeopleService } from '../../apps/api/src/people/people.service';
import type { SignedInUser } from '../../apps/api/src/auth/auth.decorators';
import { useSeededApi } from '../support/test-api';
import { useTestSmtp } from '../support/test-smtp';

const PUBLIC_URL = 'http://samverkan.test';
const EXEMPELBY = 'exempelby-2025-2028';
const VASTERAS = 'vasteras-2023-2027';

async function eventually<T>(probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
const to = (m: ParsedMail) => (m.to as { text: string }).text;
const tokenIn = (m: ParsedMail) => /#\/losenord\/([A-Za-z0-9_-]+)/.exec(m.text ?? '')?.[1];

describe('people administration (API)', () => {
  const smtp = useTestSmtp();
  beforeAll(() => {
    process.env.SMTP_URL = smtp.url;
    process.env.PUBLIC_URL = PUBLIC_URL;
  });
  const api = useSeededApi('2026-11-23', 'admin@exempelby.example', { agreements: 'demo' });
  const anon = () => request(api.app.getHttpServer());
  const mailTo = (email: string, after = 0) => eventually(() => smtp.messages.slice(after).find((m) => to(m) === email));
  const login = (email: string, password: string) => anon().post('/api/auth/login').send({ email, password });
  const personById = async (id: string) => (await api.http.get('/api/people').expect(200)).body.find((p: { id: string }) => p.id === id);
  let nora: string;
  let noraToken: string;

  it('invites a new person: a membership, no password, and a Swedish e-mail with a one-time link valid 7 days', async () => {
    const before = smtp.messages.length;
    const res = await api.http.post('/api/people').send({ email: 'Nora.Nilsson@Exempelby.example', name: 'Nora Nilsson', party: 'city', roles: ['owner'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ invitation: true, emailSent: true, person: { email: 'nora.nilsson@exempelby.example', party: 'city', roles: ['owner'], state: 'invited' } });
    nora = res.body.person.id;
    const expires = new Date(res.body.person.invitationExpiresAt).getTime();
    expect(Math.abs(expires - (Date.now() + 7 * 86_400_000))).toBeLessThan(60_000);
    const mail = await mailTo('nora.nilsson@exempelby.example', before);
    expect(mail.subject).toMatch(/^Inbjudan till Samverkan: /);
    expect(mail.text).toContain('Edit Exempelberg har bjudit in dig');
    expect(mail.text).toContain('som aktivitetsansvarig för Exempelby kommun');
    expect(mail.text).toContain(`${PUBLIC_URL}/#/losenord/`);
    noraToken = tokenIn(mail)!;
    expect(noraToken).toBeTruthy();
    // Only the token's hash is stored; the person has no password yet and cannot sign in.
    const [row] = await api.ds.query(`SELECT token_hash FROM password_token WHERE user_id = $1`, [nora]);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(noraToken);
    expect((await login('nora.nilsson@exempelby.example', 'vad-som-helst-1')).status).toBe(401);
    const [audit] = await api.ds.query(`SELECT a.action, a.agreement_id, g.key FROM audit_entry a JOIN agreement g ON g.id = a.agreement_id WHERE a.entity_id = $1`, [nora]);
    expect(audit).toMatchObject({ action: 'person.invite', key: EXEMPELBY });
  });

  it('lists the members with their invitation state', async () => {
    const res = await api.http.get('/api/people');
    expect(res.status).toBe(200);
    const emails = res.body.map((p: { email: string }) => p.email);
    expect(emails).toContain('nora.nilsson@exempelby.example');
    expect(emails).toContain('admin@exempelby.example');
    expect(emails).not.toContain('admin@samverkan.example');
    expect(res.body.find((p: { email: string }) => p.email === 'admin@exempelby.example').state).toBe('active');
  });

  it('refuses bad invitations with a 4xx that says what to fix', async () => {
    const bad = async (body: object, status: number, message: RegExp) => {
      const res = await api.http.post('/api/people').send(body);
      expect(res.status).toBe(status);
      expect(`${res.body.message} ${(res.body.details ?? []).map((d: { message: string }) => d.message).join('; ')}`).toMatch(message);
    };
    await bad({ email: 'inte-en-adress', name: 'X Y', party: 'city', roles: ['owner'] }, 400, /email must be an e-mail address/);
    await bad({ email: 'x@exempelby.example', name: 'X Y', party: 'mimer', roles: ['owner'] }, 400, /no party "mimer".*city, housing, police/);
    await bad({ email: 'x@exempelby.example', name: 'X Y', party: 'city', roles: [] }, 400, /roles must be a list/);
    await bad({ email: 'x@exempelby.example', name: 'X Y', party: 'city', roles: ['kung'] }, 400, /roles must be a list/);
    await bad({ email: 'x@exempelby.example', name: 'X Y', roles: ['owner'] }, 400, /party is required/);
    await bad({ email: 'nora.nilsson@exempelby.example', name: 'Nora', party: 'city', roles: ['owner'] }, 409, /member of this agreement already/);
    const owner = await api.as('polis@exempelby.example');
    const res = await owner.post('/api/people').send({ email: 'y@exempelby.example', name: 'Y Y', party: 'city', roles: ['owner'] });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/administrator of the agreement/);
    expect((await owner.get('/api/people')).status).toBe(403);
  });

  it('re-sends an invitation with a new link; the old one stops working', async () => {
    const before = smtp.messages.length;
    const res = await api.http.post(`/api/people/${nora}/invitation`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ invitation: true, emailSent: true });
    const fresh = tokenIn(await mailTo('nora.nilsson@exempelby.example', before))!;
    expect(fresh).not.toBe(noraToken);
    const old = await anon().post('/api/auth/set-password').send({ token: noraToken, password: 'ett-langt-losenord' });
    expect(old.status).toBe(400);
    expect(old.body.message).toMatch(/newer link has replaced this one/);
    noraToken = fresh;
  });

  it('sets the password with the link once: too short, unknown, and used again are 400s that say why', async () => {
    const short = await anon().post('/api/auth/set-password').send({ token: noraToken, password: 'kort' });
    expect(short.status).toBe(400);
    expect(short.body.message).toMatch(/at least 10 characters/);
    const unknown = await anon().post('/api/auth/set-password').send({ token: 'x'.repeat(43), password: 'ett-langt-losenord' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/not one of ours/);
    const ok = await anon().post('/api/auth/set-password').send({ token: noraToken, password: 'ett-langt-losenord' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ email: 'nora.nilsson@exempelby.example' });
    const again = await anon().post('/api/auth/set-password').send({ token: noraToken, password: 'ett-annat-losenord' });
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/used already/);
    expect((await login('nora.nilsson@exempelby.example', 'ett-langt-losenord')).status).toBe(200);
    expect((await personById(nora)).state).toBe('active');
    const conflict = await api.http.post(`/api/people/${nora}/invitation`);
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toMatch(/has set a password already/);
  });

  it('an expired link is a 400 that says so', async () => {
    const res = await api.http.post('/api/people').send({ email: 'sen@exempelby.example', name: 'Sen Senare', party: null, roles: ['council'] });
    expect(res.status).toBe(201);
    const mail = await mailTo('sen@exempelby.example');
    await api.ds.query(`UPDATE password_token SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [res.body.person.id]);
    const expired = await anon().post('/api/auth/set-password').send({ token: tokenIn(mail), password: 'ett-langt-losenord' });
    expect(expired.status).toBe(400);
    expect(expired.body.message).toMatch(/expired.*ask your administrator/);
    expect((await personById(res.body.person.id)).state).toBe('invitation-expired');
  });

  it('changes roles and party: in force at the person’s next request, audited with before and after', async () => {
    const session = (await login('nora.nilsson@exempelby.example', 'ett-langt-losenord')).body;
    const noraHttp = () => anon().get('/api/me').set('Authorization', `Bearer ${session.accessToken}`);
    expect((await noraHttp()).status).toBe(200);
    const res = await api.http.patch(`/api/people/${nora}`).send({ party: 'housing', roles: ['owner', 'coordinator'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ party: 'housing', roles: ['owner', 'coordinator'] });
    expect((await noraHttp()).status).toBe(401); // token version moved on
    const again = (await login('nora.nilsson@exempelby.example', 'ett-langt-losenord')).body;
    expect(again.user.memberships).toEqual([expect.objectContaining({ agreement: EXEMPELBY, party: 'housing', roles: ['owner', 'coordinator'] })]);
    const [audit] = await api.ds.query(`SELECT before, after FROM audit_entry WHERE entity_id = $1 AND action = 'person.update-membership'`, [nora]);
    expect(audit.before).toMatchObject({ party: 'city', roles: ['owner'] });
    expect(audit.after).toMatchObject({ party: 'housing', roles: ['owner', 'coordinator'] });
    const bad = await api.http.patch(`/api/people/${nora}`).send({ party: 'mimer' });
    expect(bad.status).toBe(400);
    expect((await api.http.patch(`/api/people/${nora}`).send({})).status).toBe(400);
    const lastAdmin = await api.http.patch(`/api/people/${(await api.http.get('/api/me')).body.id}`).send({ roles: ['strategic'] });
    expect(lastAdmin.status).toBe(409);
    expect(lastAdmin.body.message).toMatch(/no active administrator/);
  });

  it('deactivates: refresh and access tokens stop working at once; reactivates', async () => {
    const session = (await login('nora.nilsson@exempelby.example', 'ett-langt-losenord')).body;
    const res = await api.http.post(`/api/people/${nora}/deactivate`);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('deactivated');
    expect((await anon().get('/api/me').set('Authorization', `Bearer ${session.accessToken}`)).status).toBe(401);
    expect((await anon().post('/api/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
    // The trigger ended every session of theirs, although the request runs as a tenant, which sees no refresh tokens.
    expect((await api.ds.query(`SELECT count(*)::int AS n FROM refresh_token WHERE user_id = $1 AND revoked_at IS NULL`, [nora]))[0].n).toBe(0);
    expect((await login('nora.nilsson@exempelby.example', 'ett-langt-losenord')).status).toBe(401);
    const self = await api.http.post(`/api/people/${(await api.http.get('/api/me')).body.id}/deactivate`);
    expect(self.status).toBe(409);
    const back = await api.http.post(`/api/people/${nora}/reactivate`);
    expect(back.status).toBe(200);
    expect(back.body.state).toBe('active');
    expect((await login('nora.nilsson@exempelby.example', 'ett-langt-losenord')).status).toBe(200);
    const actions = (await api.ds.query(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY at, id`, [nora])).map((r: { action: string }) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['person.deactivate', 'person.reactivate', 'person.accept-invitation']));
  });

  it('cannot touch a person of Västerås only (404), nor deactivate one who is also a member elsewhere (409)', async () => {
    const [{ id: vasterasOnly }] = await api.ds.query(`SELECT id FROM app_user WHERE email = 'stad@samverkan.example'`);
    for (const [method, path] of [
      ['patch', `/api/people/${vasterasOnly}`],
      ['post', `/api/people/${vasterasOnly}/invitation`],
      ['post', `/api/people/${vasterasOnly}/deactivate`],
      ['post', `/api/people/${vasterasOnly}/reactivate`],
    ] as const) {
      const res = await api.http[method](path).send({ roles: ['admin'] });
      expect([path, res.status]).toEqual([path, 404]);
    }
    expect((await api.http.post('/api/people/inte-ett-id/deactivate')).status).toBe(404);
    // Asking for Västerås's people is the same 400 as an agreement that does not exist.
    expect((await api.http.get(`/api/people?agreement=${VASTERAS}`)).status).toBe(400);
    const [{ deactivated_at }] = await api.ds.query(`SELECT deactivated_at FROM app_user WHERE id = $1`, [vasterasOnly]);
    expect(deactivated_at).toBeNull();
    const [{ id: both }] = await api.ds.query(`SELECT id FROM app_user WHERE email = 'polis.samordnare@samverkan.example'`);
    const res = await api.http.post(`/api/people/${both}/deactivate`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/vasteras-2023-2027/);
    // Inviting an existing person of another agreement adds a membership here and tells them, without a link.
    const before = smtp.messages.length;
    const added = await api.http.post('/api/people').send({ email: 'stad@samverkan.example', name: 'ignoreras', party: 'city', roles: ['council'] });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ invitation: false, emailSent: true, person: { name: 'Stina Stadsberg', state: 'active', memberElsewhere: true } });
    const mail = await mailTo('stad@samverkan.example', before);
    expect(mail.text).not.toContain('losenord');
  });

  it('runs in the request’s tenant scope: handed another agreement (past the API’s own checks), row-level security shows it none of its people', async () => {
    const people = api.app.get(PeopleService);
    const agreements = api.ds.getRepository(Agreement);
    const exempelby = await agreements.findOneByOrFail({ key: EXEMPELBY });
    const vasteras = await agreements.findOneByOrFail({ key: VASTERAS });
    const [admin] = await api.ds.query(`SELECT id, email, name FROM app_user WHERE email = 'admin@exempelby.example'`);
    const [{ id: vasterasOnly }] = await api.ds.query(`SELECT id FROM app_user WHERE email = 'polis@samverkan.example'`);
    const actor: SignedInUser = {
      userId: admin.id,
      email: admin.email,
      name: admin.name,
      platformRoles: [],
      // As if the API had let them through for Västerås too: the database is then the fence.
      memberships: [exempelby, vasteras].map((a) => ({ agreementId: a.id, agreementKey: a.key, agreementTitle: a.title, municipality: a.municipality, partyId: null, partyKey: null, roles: ['admin'] })),
    } as SignedInUser;
    const asExempelbyRequest = <T>(work: () => Promise<T>) =>
      withRequestScope(() => {
        scopeTo([exempelby.id], admin.id); // what the auth guard sets for the Exempelby administrator
        return work();
      });
    expect((await asExempelbyRequest(() => people.list(exempelby))).map((p) => p.email)).toContain('admin@exempelby.example');
    expect(await asExempelbyRequest(() => people.list(vasteras))).toEqual([]);
    const before = await api.ds.query(`SELECT m.roles, u.deactivated_at FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.id = $1`, [vasterasOnly]);
    for (const attempt of [
      (): Promise<unknown> => people.update(actor, vasteras, vasterasOnly, { roles: ['admin'] }),
      () => people.setActive(actor, vasteras, vasterasOnly, false),
      () => people.setActive(actor, vasteras, vasterasOnly, true),
      () => people.resend(actor, vasteras, vasterasOnly),
    ]) {
      await expect(asExempelbyRequest(attempt)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await api.ds.query(`SELECT m.roles, u.deactivated_at FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.id = $1`, [vasterasOnly])).toEqual(before);
    // Across tenants (as the service ran before) the same call lists them: it is the scope that hides them.
    expect((await acrossTenants(() => people.list(vasteras))).length).toBeGreaterThan(0);
  });

  it('password reset: the same answer whether the address exists or not; the link sets a new password', async () => {
    const before = smtp.messages.length;
    const known = await anon().post('/api/auth/password-reset').send({ email: 'nora.nilsson@exempelby.example' });
    const unknown = await anon().post('/api/auth/password-reset').send({ email: 'ingen@exempelby.example' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    const mail = await mailTo('nora.nilsson@exempelby.example', before);
    expect(mail.subject).toBe('Återställ ditt lösenord i Samverkan');
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.slice(before).map(to)).toEqual(['nora.nilsson@exempelby.example']);
    expect((await anon().post('/api/auth/password-reset').send({ email: 'nej' })).status).toBe(400);
    const set = await anon().post('/api/auth/set-password').send({ token: tokenIn(mail), password: 'nytt-efter-aterstallning' });
    expect(set.status).toBe(200);
    expect((await login('nora.nilsson@exempelby.example', 'nytt-efter-aterstallning')).status).toBe(200);
  });

  it('each person changes their own password given the current one', async () => {
    const session = (await login('nora.nilsson@exempelby.example', 'nytt-efter-aterstallning')).body;
    const put = (body: object) => anon().put('/api/me/password').set('Authorization', `Bearer ${session.accessToken}`).send(body);
    const wrong = await put({ currentPassword: 'fel-losenord', newPassword: 'ett-tredje-losenord' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/currentPassword: is not your current password/);
    expect((await put({ currentPassword: 'nytt-efter-aterstallning', newPassword: 'kort' })).status).toBe(400);
    expect((await put({ currentPassword: 'nytt-efter-aterstallning', newPassword: 'ett-tredje-losenord' })).status).toBe(204);
    expect((await login('nora.nilsson@exempelby.example', 'nytt-efter-aterstallning')).status).toBe(401);
    expect((await login('nora.nilsson@exempelby.example', 'ett-tredje-losenord')).status).toBe(200);
    expect((await anon().put('/api/me/password').send({ currentPassword: 'a', newPassword: 'bbbbbbbbbbbb' })).status).toBe(401);
  });
});
