/**
 * Garbage in, a helpful 4xx out: thousands of malformed requests against every endpoint, and never
 * a 5xx (a 5xx is a bug). Generated from a fixed seed, so a failure is repeatable.
 */
import { useSeededApi } from '../support/test-api';

function generator(seed: number) {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
  const strings = ['', ' ', 'a', 'A', 'H', 'Z', 'zz', '0', '-1', '201', '1e9', 'NaN', 'null', 'true', '🙂', 'ö'.repeat(300), "'; DROP TABLE activity; --", '%', '\\u0000', '\u0000', 'ett\u0000två', 'P4W', 'PT0S', 'P', '2024-02-30', '2024-06-21', 'short', 'long', 'police', 'mbu', '00000000-0000-0000-0000-000000000000'];
  const value = (depth = 0): unknown => {
    const r = next();
    if (r < 0.3) return pick(strings);
    if (r < 0.45) return pick([0, -1, 1.5, 1e308, -0, 200, 201, Number.MAX_SAFE_INTEGER]);
    if (r < 0.55) return pick([true, false, null]);
    if (r < 0.75 && depth < 3) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    if (depth < 3) return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [pick(['kind', 'phases', 'reason', 'key', 'title', 'goalAreas', 'x', '__proto__', 'constructor']), value(depth + 1)]));
    return pick(strings);
  };
  return { next, pick, value, strings };
}

describe('bad input never gets a 5xx', () => {
  const api = useSeededApi('2026-11-23');

  it('query strings on every GET endpoint', async () => {
    const g = generator(42);
    const paths = [
      '/api/activities', '/api/goal-areas', '/api/parties', '/api/agreements', '/api/activities/mbu', '/api/goal-areas/H', '/api/health',
      '/api/overview', '/api/escalations', '/api/activities/mbu/timeline', '/api/activities/mbu/reports', '/api/me/activities', '/api/audit',
      '/api/notifications', '/api/notifications/unread-count', '/api/users', '/api/me', '/api/me/calendar-feed', '/api/public/overview',
    ];
    const names = ['limit', 'offset', 'goalArea', 'party', 'phase', 'q', 'agreement', 'foo', 'limit[]', 'q[a]', 'state', 'level', 'activity', 'user', 'status', 'overdue', 'unread'];
    for (let i = 0; i < 400; i++) {
      const query = Array.from({ length: 1 + Math.floor(g.next() * 3) }, () => `${encodeURIComponent(g.pick(names))}=${encodeURIComponent(String(g.value()))}`).join('&');
      const url = `${g.pick(paths)}?${query}`;
      const res = await api.http.get(url);
      expect([url, res.status < 500 || res.status === 503]).toEqual([url, true]);
      if (res.status >= 400 && res.status !== 503) expect([url, typeof res.body.message]).toEqual([url, 'string']);
    }
  });

  it('bodies on every write endpoint', async () => {
    const g = generator(7);
    const writes: [string, string][] = [
      ['post', '/api/activities'],
      ['post', '/api/activities/mbu/pause'],
      ['post', '/api/activities/mbu/resume'],
      ['put', '/api/activities/mbu/plan'],
      ['put', '/api/activities/mbu/owner'],
      ['post', '/api/activities/mbu/phases/short/complete'],
      ['post', '/api/activities/not-there/pause'],
      ['put', '/api/activities/mbu/goal-areas'],
      ['post', '/api/activities/mbu/reports'],
      ['post', '/api/escalations/00000000-0000-4000-8000-000000000000/acknowledge'],
      ['post', '/api/notifications/read-all'],
      ['put', '/api/me/notification-settings'],
      ['post', '/api/me/calendar-feed'],
      ['post', '/api/auth/login'],
      ['post', '/api/auth/refresh'],
    ];
    for (let i = 0; i < 300; i++) {
      const [method, url] = g.pick(writes);
      const body = g.value();
      const res = await (method === 'post' ? api.http.post(url) : api.http.put(url)).set('Content-Type', 'application/json').send(JSON.stringify(body));
      // 503 is allowed only as "Temporal does not answer": no worker runs in this test.
      expect([url, JSON.stringify(body), res.status < 500 || res.status === 503]).toEqual([url, JSON.stringify(body), true]);
      expect(typeof res.body.message === 'string' || res.status < 300).toBe(true);
    }
    const raw = await api.http.post('/api/activities').set('Content-Type', 'application/json').send('{"key": ');
    expect(raw.status).toBe(400);
  });

  it.each([
    ['a path key', 'get', '/api/activities/mb%00u', undefined, 'idOrKey'],
    ['a query value', 'get', '/api/activities?q=a%00b', undefined, 'q'],
    ['a report summary', 'post', '/api/activities/mbu/reports', { status: 'on_track', progress: 10, summary: 'Allt går\u0000 bra.' }, 'summary'],
    ['a pause reason', 'post', '/api/activities/mbu/pause', { reason: 'Paus\u0000' }, 'reason'],
    ['a sign-in e-mail', 'post', '/api/auth/login', { email: 'admin@samverkan.example\u0000', password: 'x' }, 'email'],
  ])('a NUL character in %s is a 400 that names the field', async (_what, method, url, body, field) => {
    const req = method === 'get' ? api.http.get(url) : api.http.post(url).send(body as object);
    const res = await req;
    expect([res.status, res.body.message]).toEqual([400, expect.stringContaining(field)]);
    expect(res.body.message).toMatch(/NUL/);
  });

  it.each(['------------------------------------', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', '0'])('an id like %s is a 400 that names it, never a 500', async (id) => {
    const leader = await api.as('operativ@samverkan.example');
    const ack = await leader.post(`/api/escalations/${id}/acknowledge`).send({ comment: 'Vi tar det på torsdag.' });
    expect([ack.status, ack.body.message]).toEqual([400, expect.stringContaining('id')]);
    const read = await api.http.post(`/api/notifications/${id}/read`);
    expect([read.status, read.body.message]).toEqual([400, expect.stringContaining('id')]);
  });
});
