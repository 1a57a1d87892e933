/**
 * The API's logs as an operator reads them: JSON lines on stdout, and every line written while a
 * request is served carries that request's id (the caller's X-Request-Id when it sends one). The API
 * runs as its own process here, as in production, so what is checked is what it really prints.
 */
import { createInterface } from 'node:readline';
import { freePort, projectRoot, spawnManaged, TS_NODE_ARGS } from '@app/devstack';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { TEST_PASSWORD } from '../support/test-api';

describe('request logging (the API as a process)', () => {
  let db: TestDatabase;
  let api: ReturnType<typeof spawnManaged>;
  let base: string;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = spawnManaged('api', process.execPath, [...TS_NODE_ARGS, 'apps/api/src/main.ts'], {
      cwd: projectRoot(),
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        // Nothing listens there: creating an activity then logs, inside the request, that the worker will start its workflow.
        TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        SEED_DEMO_DATA: 'true',
        DEMO_PASSWORD: TEST_PASSWORD,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const listening = new Promise<void>((resolve, reject) => {
      createInterface({ input: api.child.stdout! }).on('line', (line) => {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          lines.push(entry);
          if (String(entry.msg).startsWith('API listening')) resolve();
        } catch {
          reject(new Error(`The API printed a line that is not JSON: ${line}`));
        }
      });
      void api.exited.then((code) => reject(new Error(`The API exited (${code}) before it listened`)));
    });
    await listening;
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await db?.drop();
  });

  it('prints JSON lines, each line of a request with its id', async () => {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@samverkan.example', password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const created = await fetch(`${base}/api/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}`, 'x-request-id': 'trace-logs-1' },
      body: JSON.stringify({ key: 'loggtest', title: 'Loggtest', goalAreas: ['A'], leadParty: 'city' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBe('trace-logs-1');
    // The line that closes the request is written once the answer has gone out: wait for it.
    for (const until = Date.now() + 10_000; Date.now() < until && !lines.some((l) => l.msg === 'request completed' && l.requestId === 'trace-logs-1'); ) {
      await new Promise((r) => setTimeout(r, 50));
    }

    const inRequest = lines.filter((l) => JSON.stringify(l).includes('loggtest') || (l.req as { url?: string } | undefined)?.url === '/api/activities');
    const warning = inRequest.find((l) => String(l.msg).includes('will be started by the worker'));
    const completed = inRequest.find((l) => l.msg === 'request completed');
    expect(warning).toMatchObject({ level: 40, requestId: 'trace-logs-1', app: 'api' });
    expect(completed).toMatchObject({ requestId: 'trace-logs-1', res: { statusCode: 201 } });
    expect(inRequest.every((l) => l.requestId === 'trace-logs-1')).toBe(true);
    // Lines outside any request (start-up) carry no request id.
    expect(lines.find((l) => String(l.msg).startsWith('API listening'))?.requestId).toBeUndefined();
  });

  it('never prints a calendar feed’s secret', async () => {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@samverkan.example', password: TEST_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const feed = await fetch(`${base}/api/me/calendar-feed`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });
    const { url } = (await feed.json()) as { url: string };
    const secret = /\/api\/calendar\/([^/]+)\.ics$/.exec(url)![1];
    const answer = await fetch(`${base}/api/calendar/${secret}.ics`, { headers: { 'x-request-id': 'trace-feed-1' } });
    expect([200, 503]).toContain(answer.status); // 503: no Temporal here, so no deadlines to serve
    for (const until = Date.now() + 10_000; Date.now() < until && !lines.some((l) => l.msg === 'request completed' && l.requestId === 'trace-feed-1'); ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const completed = lines.find((l) => l.msg === 'request completed' && l.requestId === 'trace-feed-1');
    expect(completed).toMatchObject({ req: { url: '/api/calendar/[redacted]' } });
    expect(lines.filter((l) => JSON.stringify(l).includes(secret))).toEqual([]);
  });
});
