import request from 'supertest';
import { DataSource } from 'typeorm';
import { acrossTenants } from '@app/database';
import { signedIn, TEST_PASSWORD, useSeededApi } from '../support/test-api';
import { hash } from 'bcryptjs';

/**
 * The platform operator makes a municipality and its first administrator, and sees no municipality's
 * follow-up: on the real API and PostgreSQL, with both demo tenants seeded.
 */
describe('platform operators', () => {
  const api = useSeededApi('2026-12-02', 'admin@samverkan.example', { agreements: 'demo' });
  let operator: ReturnType<typeof request.agent>;

  beforeAll(async () => {
    const ds = api.app.get(DataSource);
    const passwordHash = await hash(TEST_PASSWORD, 4);
    await acrossTenants(() =>
      ds.query(`INSERT INTO app_user (email, name, password_hash, platform_roles) VALUES ('drift@plattform.example', 'Drift', $1, '{platform-operator}')`, [passwordHash]),
    );
    operator = await signedIn(api.app, 'drift@plattform.example');
  });

  it('creates a municipality and its first administrator, who can sign in with the password shown once', async () => {
    const res = await operator.post('/api/platform/municipalities').send({ key: 'nyby', name: 'Nyby kommun', administrator: { email: 'Admin@Nyby.example', name: 'Nina Nyby' } });
    expect(res.status).toBe(201);
    expect(res.body.municipality).toMatchObject({ key: 'nyby', name: 'Nyby kommun', agreements: 0, administrators: ['admin@nyby.example'] });
    expect(res.body.initialPassword).toEqual(expect.any(String));
    const login = await request(api.app.getHttpServer()).post('/api/auth/login').send({ email: 'admin@nyby.example', password: res.body.initialPassword });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ email: 'admin@nyby.example', memberships: [], platformRoles: [] });
    // Audited, as the platform's own (no agreement).
    const [entry] = await acrossTenants(() => api.app.get(DataSource).query(`SELECT action, agreement_id, actor_email FROM audit_entry WHERE action = 'municipality.create'`));
    expect(entry).toEqual({ action: 'municipality.create', agreement_id: null, actor_email: 'drift@plattform.example' });

    const list = await operator.get('/api/platform/municipalities');
    expect(list.status).toBe(200);
    expect(list.body.map((m: { key: string }) => m.key).sort()).toEqual(['exempelby', 'nyby', 'vasteras']);
  });

  it('refuses a key in use (409) and says what is wrong with bad input (400)', async () => {
    const clash = await operator.post('/api/platform/municipalities').send({ key: 'exempelby', name: 'Igen', administrator: { email: 'x@y.example', name: 'X Y' } });
    expect(clash.status).toBe(409);
    expect(clash.body.message).toMatch(/exempelby/);
    const bad = await operator.post('/api/platform/municipalities').send({ key: 'Ny By', name: 'N', administrator: { email: 'inte-en-adress' } });
    expect(bad.status).toBe(400);
    const fields = bad.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['key', 'name']));
    expect(JSON.stringify(bad.body)).toMatch(/administrator\.email/);
    // Nothing was half-written.
    const [{ n }] = await acrossTenants(() => api.app.get(DataSource).query(`SELECT count(*)::int AS n FROM municipality`));
    expect(n).toBe(3);
  });

  it('sees no municipality’s follow-up: it is a member of no agreement', async () => {
    for (const path of ['/api/activities', '/api/overview', '/api/escalations', '/api/me/activities', '/api/parties', '/api/goal-areas']) {
      const res = await operator.get(path);
      expect({ path, status: res.status, error: res.body.error }).toEqual({ path, status: 403, error: 'NO_MEMBERSHIP' });
    }
    expect((await operator.get('/api/agreements')).body).toEqual([]);
    expect((await operator.get('/api/agreements/vasteras-2023-2027')).status).toBe(404);
  });

  it('is the only one who may: a municipality administrator gets 403', async () => {
    const admin = await api.as('admin@exempelby.example');
    expect((await admin.get('/api/platform/municipalities')).status).toBe(403);
    expect((await admin.post('/api/platform/municipalities').send({ key: 'annan', name: 'Annan kommun', administrator: { email: 'a@b.example', name: 'A B' } })).status).toBe(403);
  });
});
