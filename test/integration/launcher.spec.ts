/**
 * `npm start` (apps/launcher): it checks its configuration before it starts anything; from nothing it
 * starts PostgreSQL, Temporal, the API and the worker, which seed the agreement and start every
 * activity's workflow; Ctrl-C stops the API, the worker, Temporal and PostgreSQL in that order; the
 * next start finds the same data; when the launcher is killed, nothing it started runs on; and a
 * SIGTERM to the launcher alone while the apps still start ends everything within seconds.
 *
 * As `npm start` does, the test runs the launcher compiled by `nest build` (into a folder of the
 * test's own, so the project's dist/ is left alone), with its data in another (SAMVERKAN_DATA_DIR) and
 * on free ports.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Client } from '@temporalio/client';
import { dataDir, freePortOutsideEphemeralRange, guardedProcess, projectRoot, TS_NODE_ARGS } from '@app/devstack';
import { ClosableConnection } from '@app/temporal/connection';

const root = projectRoot();

function launchSync(env: Record<string, string>) {
  return spawnSync(process.execPath, [...TS_NODE_ARGS, join(root, 'apps/launcher/src/main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('the launcher (npm start)', () => {
  it.each([
    [{ PORT: 'abc' }, /PORT must be a whole number between 1 and 65535 \(got "abc"\)/],
    [{ TEMPORAL_ADDRESS: 'localhost' }, /TEMPORAL_ADDRESS must be host:port/],
    [{ DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL must be a PostgreSQL URL/],
    [{ EMBEDDED_PG_PORT: '99999' }, /EMBEDDED_PG_PORT must be a whole number between 1 and 65535/],
    [{ NODE_ENV: 'production' }, /JWT_SECRET is the public development default/],
    [{ NODE_ENV: 'production', JWT_SECRET: 'short-but-16-chars' }, /JWT_SECRET must be at least 32 bytes/],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SEED_DEMO_DATA: 'true' }, /DEMO_PASSWORD must be set to a password of your own/],
  ])('refuses %j with a message naming the variable, before starting anything', (env, message) => {
    const result = launchSync(env);
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toMatch(message);
    expect(result.stdout).not.toMatch(/starting embedded PostgreSQL/);
  });

  it('`NODE_ENV=production npm start` with the default secret exits non-zero within seconds, naming JWT_SECRET, before it builds or starts anything', () => {
    const started = Date.now();
    const result = spawnSync('npm', ['start', '--silent'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = result.stdout + result.stderr;
    expect(result.status).not.toBe(0);
    expect(output).toMatch(/JWT_SECRET is the public development default/);
    expect(output).not.toMatch(/starting embedded PostgreSQL/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

// ---------------------------------------------------------------------------------------------------

const PARTS = ['API', 'worker', 'Temporal', 'PostgreSQL'] as const;
type Part = (typeof PARTS)[number];
const H_ACTIVITIES = ['familjer-riskzon', 'nyrekrytering', 'skjutningar', 'vald-nara-relation'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The promise's value, or 'timeout' after `ms` (leaving no timer behind). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** True while the process runs (a zombie waiting to be reaped has ended). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]);
  } catch {
    if (existsSync('/proc/self/stat')) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/** Process group and parent of a process, from /proc (undefined where there is none). */
function groupAndParent(pid: number): { pgid: number; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), pgid: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  if (!existsSync('/proc/self/stat')) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((p) => groupAndParent(p)?.ppid === pid && alive(p));
}

/** Compiles the apps as `npm run build` does (`nest build`), into `dir`/dist; answers that dist. */
function build(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(tsconfig, JSON.stringify({ extends: join(root, 'tsconfig.build.json'), compilerOptions: { outDir: join(dir, 'dist') } }));
  const result = spawnSync(process.execPath, [join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', '--path', relative(root, tsconfig)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 150_000,
  });
  if (result.status !== 0) throw new Error(`nest build failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  return join(dir, 'dist');
}

/**
 * One `npm start`. It stays in the test's process group, so that should the test run be interrupted
 * (Ctrl-C), the launcher gets the signal too and stops what it started.
 */
class LauncherRun {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly lines: string[] = [];
  readonly startedAt = Date.now();

  constructor(dist: string, readonly env: Record<string, string>) {
    this.child = spawn(process.execPath, [join(dist, 'apps/launcher/src/main.js')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    const collect = (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const complete = text.split('\n');
      partial = complete.pop() ?? '';
      this.lines.push(...complete);
    };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get base(): string {
    return `http://127.0.0.1:${this.env.PORT}`;
  }

  /** What the run has printed so far, for failure messages. */
  output(last = 60): string {
    return this.lines.slice(-last).join('\n');
  }

  /** The pids of the parts, as the launcher announced them ("PostgreSQL started (pid 123)"). */
  pids(): Record<Part, number> {
    const pids: Partial<Record<Part, number>> = {};
    for (const line of this.lines) {
      const found = /^\[samverkan\] (API|worker|Temporal|PostgreSQL) started \(pid (\d+)\)/.exec(line);
      if (found) pids[found[1] as Part] = Number(found[2]);
    }
    return pids as Record<Part, number>;
  }

  /** What the launcher (or its watchdog) said it stopped when stopping ("stopped the API (pid 1)"), in order. */
  stopLines(by: 'samverkan' | 'samverkan watchdog'): string[] {
    const from = this.lines.findIndex((l) => l.startsWith(by === 'samverkan' ? '[samverkan] stopping ' : '[samverkan watchdog] '));
    const prefix = `[${by}] stopped `;
    return (from < 0 ? [] : this.lines.slice(from))
      .filter((l) => l.startsWith(prefix))
      .map((l) => l.slice(prefix.length).replace(/^the /, '').replace(/ \(pid \d+\)$/, ''));
  }

  /** The launcher's one other child: its watchdog (undefined where /proc cannot tell). */
  watchdogPid(): number | undefined {
    const parts = Object.values(this.pids());
    const others = childrenOf(this.pid).filter((p) => !parts.includes(p));
    expect(others.length).toBeLessThanOrEqual(1);
    return others[0];
  }

  /** Resolves once GET /api/health answers 200; fails (with the output) after `timeoutMs` or on exit. */
  async healthy(timeoutMs: number): Promise<number> {
    const deadline = this.startedAt + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`The launcher exited (${this.child.exitCode ?? this.child.signalCode}):\n${this.output()}`);
      const res = await fetch(`${this.base}/api/health`, { signal: AbortSignal.timeout(3000) }).catch(() => undefined);
      if (res?.status === 200) return Date.now() - this.startedAt;
      await sleep(250);
    }
    throw new Error(`GET /api/health was not 200 within ${timeoutMs / 1000} s:\n${this.output()}`);
  }

  /** Waits for the launcher's exit, noting when each part's process disappears (polled every 20 ms). */
  async watchEnd(pids: Record<Part, number>, timeoutMs: number) {
    const goneAt: Partial<Record<Part, number>> = {};
    let done = false;
    const poll = (async () => {
      while (!done) {
        for (const part of PARTS) if (goneAt[part] === undefined && !alive(pids[part])) goneAt[part] = Date.now();
        await sleep(20);
      }
    })();
    const exit = await within(this.exited, timeoutMs);
    done = true;
    await poll;
    for (const part of PARTS) if (goneAt[part] === undefined && !alive(pids[part])) goneAt[part] = Date.now();
    return { exit, goneAt };
  }
}

async function api<T = any>(run: LauncherRun, path: string, token?: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${run.base}${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function signIn(run: LauncherRun): Promise<string> {
  const res = await api<{ accessToken: string }>(run, '/api/auth/login', undefined, {
    method: 'POST',
    body: JSON.stringify({ email: 'polis@samverkan.example', password: 'samverkan-demo' }),
  });
  expect(res.status).toBe(200);
  return res.body.accessToken;
}

/** What the seed must have made, exactly once: 4 parties, 8 goal areas, 16 activities, 4 of them under H. */
async function expectSeededOnce(run: LauncherRun, token: string): Promise<string[]> {
  expect((await api<unknown[]>(run, '/api/parties', token)).body).toHaveLength(4);
  const goalAreas = await api<{ code: string }[]>(run, '/api/goal-areas', token);
  expect(goalAreas.body.map((g) => g.code)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
  const all = await api<{ total: number; items: { id: string }[] }>(run, '/api/activities?limit=200', token);
  expect(all.body.total).toBe(16);
  expect(all.body.items).toHaveLength(16);
  const h = await api<{ total: number; items: { key: string }[] }>(run, '/api/activities?goalArea=H', token);
  expect(h.body.items.map((a) => a.key).sort()).toEqual(H_ACTIVITIES);
  expect(h.body.total).toBe(4);
  return all.body.items.map((a) => a.id).sort();
}

/** Every activity's workflow runs on the launcher's Temporal (waiting up to `timeoutMs` for the worker to start them). */
async function expectWorkflowsRunning(run: LauncherRun, activityIds: string[], timeoutMs: number): Promise<void> {
  const closable = new ClosableConnection({ address: `127.0.0.1:${run.env.EMBEDDED_TEMPORAL_PORT}` });
  const client = new Client({ connection: closable.connection });
  try {
    const deadline = Date.now() + timeoutMs;
    let status: Record<string, string> = {};
    for (;;) {
      status = Object.fromEntries(
        await Promise.all(
          activityIds.map(async (id) => {
            const described = await client.workflow
              .getHandle(`activity-${id}`)
              .describe()
              .then((d) => d.status.name as string, (e: Error) => `not there (${e.message})`);
            return [id, described] as const;
          }),
        ),
      );
      if (Object.values(status).every((s) => s === 'RUNNING') || Date.now() > deadline) break;
      await sleep(500);
    }
    expect(status).toEqual(Object.fromEntries(activityIds.map((id) => [id, 'RUNNING'])));
  } finally {
    await closable.close();
  }
}

/** `workflow.nextDeadline` of GET /api/activities/:key, once the worker answers the workflow's query. */
async function nextDeadlineOf(run: LauncherRun, token: string, key: string, timeoutMs: number): Promise<string | null | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api<{ workflow: { nextDeadline: string | null } | null; workflowProblem?: string }>(run, `/api/activities/${key}`, token);
    expect(res.status).toBe(200);
    if (res.body.workflow?.nextDeadline || Date.now() > deadline) return res.body.workflow?.nextDeadline;
    await sleep(500);
  }
}

describe('the launcher (npm start) on a machine with nothing running', () => {
  const scratch = dataDir('test', `launcher-${process.pid}-${randomBytes(3).toString('hex')}`);
  const data = join(scratch, 'data');
  const heartbeat = join(data, 'worker-heartbeat.json');
  const runs: LauncherRun[] = [];
  let dist: string;
  let activityIds: string[] = [];

  beforeAll(() => {
    const started = Date.now();
    dist = build(join(scratch, 'build'));
    process.stdout.write(`\n[launcher.spec] nest build took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });

  async function launch(extra: Record<string, string> = {}): Promise<LauncherRun> {
    // Ports that no port the OS picks (Temporal picks several for itself) can take meanwhile.
    const ports = new Set<number>();
    while (ports.size < 4) ports.add(await freePortOutsideEphemeralRange());
    const [api, postgres, temporal, temporalUi] = [...ports].map(String);
    const run = new LauncherRun(dist, {
      SAMVERKAN_DATA_DIR: data,
      PORT: api,
      EMBEDDED_PG_PORT: postgres,
      EMBEDDED_TEMPORAL_PORT: temporal,
      EMBEDDED_TEMPORAL_UI_PORT: temporalUi,
      WORKER_HEARTBEAT_FILE: heartbeat,
      LOG_LEVEL: 'warn',
      ...extra,
    });
    runs.push(run);
    return run;
  }

  afterAll(async () => {
    // Only when a test failed half-way: stop what still runs, politely first.
    for (const run of runs.filter((r) => r.running)) {
      process.kill(run.pid, 'SIGTERM');
      if ((await within(run.exited, 60_000)) === 'timeout') process.kill(run.pid, 'SIGKILL');
    }
    const stateFile = join(data, 'launcher.json');
    for (let i = 0; i < 600 && existsSync(stateFile); i++) await sleep(100); // the watchdog at work
    for (const run of runs) for (const pid of Object.values(run.pids())) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  });

  it('starts PostgreSQL, Temporal, the API and the worker from nothing: health within 90 s, the agreement seeded, every workflow running', async () => {
    const run = await launch();
    const readyMs = await run.healthy(90_000);
    process.stdout.write(`\n[launcher.spec] first start healthy after ${(readyMs / 1000).toFixed(1)} s\n`);
    expect(readyMs).toBeLessThan(90_000);

    const token = await signIn(run);
    activityIds = await expectSeededOnce(run, token);
    await expectWorkflowsRunning(run, activityIds, 60_000);
    // The API asks the workflow itself (a query the worker answers, once it polls).
    expect(await nextDeadlineOf(run, token, 'mbu', 60_000)).toMatch(/^\d{4}-\d\d-\d\dT/);

    // A second start on the same data is refused while this one runs, and names it.
    const second = spawnSync(process.execPath, [join(dist, 'apps/launcher/src/main.js')], {
      cwd: root,
      env: { PATH: process.env.PATH, ...run.env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.stderr).toMatch(new RegExp(`Another Samverkan launcher \\(pid ${run.pid}\\) runs on the data in`));
    expect(second.status).toBe(1);

    // Every part runs as the launcher's child in a process group of its own (so Ctrl-C reaches only
    // the launcher), and so does the watchdog: nothing else.
    const pids = run.pids();
    expect(Object.keys(pids).sort()).toEqual([...PARTS].sort());
    if (existsSync('/proc/self/stat')) {
      const watchdog = run.watchdogPid();
      expect(watchdog).toEqual(expect.any(Number));
      for (const pid of [...Object.values(pids), watchdog!]) expect(groupAndParent(pid)).toEqual({ ppid: run.pid, pgid: pid });
    }

    // The worker's heartbeat, as the container health check reads it.
    const workerHealth = () =>
      spawnSync(process.execPath, [join(dist, 'apps/worker/src/healthcheck.js')], {
        cwd: root,
        env: { PATH: process.env.PATH, WORKER_HEARTBEAT_FILE: heartbeat },
        encoding: 'utf8',
      });
    const check = workerHealth();
    expect(check.stdout + check.stderr).toMatch(/is RUNNING/);
    expect(check.status).toBe(0);

    // The worker is killed: the launcher starts it again, and the API answers all the while.
    const killed = pids.worker;
    process.kill(killed, 'SIGKILL');
    const healthDuring: number[] = [];
    const deadline = Date.now() + 60_000;
    while (run.pids().worker === killed && Date.now() < deadline) {
      healthDuring.push((await fetch(`${run.base}/api/health`, { signal: AbortSignal.timeout(3000) }).catch(() => undefined))?.status ?? 0);
      await sleep(250);
    }
    expect(run.output(200)).toMatch(/the worker stopped unexpectedly \(SIGKILL\); starting it again in 1 s/);
    expect(run.pids().worker).not.toBe(killed);
    expect(healthDuring.length).toBeGreaterThan(0);
    expect(healthDuring.filter((status) => status !== 200 && status !== 503)).toEqual([]); // never refused: the API stayed up
    expect(run.running).toBe(true);
    // The new worker runs: its own heartbeat says so (it bundles the workflows first; until then the
    // file is the killed one's).
    const restarted = run.pids().worker;
    const isRestartedRunning = () => workerHealth().stdout.includes(`(pid ${restarted}) is RUNNING`);
    for (let i = 0; i < 120 && !isRestartedRunning(); i++) await sleep(500);
    expect(workerHealth().stdout).toMatch(new RegExp(`\\(pid ${restarted}\\) is RUNNING`));
  });

  it('stops the API, the worker, Temporal and PostgreSQL in that order on Ctrl-C, and exits 0', async () => {
    const run = runs[0];
    expect(run?.running).toBe(true);
    const pids = run.pids();
    const watchdog = run.watchdogPid();
    // Ctrl-C in a terminal signals the whole foreground process group; the parts are in none of it
    // (checked above), so the launcher alone gets it.
    process.kill(run.pid, 'SIGINT');
    const { exit, goneAt } = await run.watchEnd(pids, 90_000);

    expect(exit).toEqual({ code: 0, signal: null });
    expect(run.stopLines('samverkan')).toEqual([...PARTS]);
    for (const part of PARTS) expect([part, alive(pids[part])]).toEqual([part, false]);
    // As observed from outside: each disappeared no later than the next (the API first).
    const order = PARTS.map((part) => goneAt[part]!);
    for (let i = 1; i < order.length; i++) expect(order[i]).toBeGreaterThanOrEqual(order[i - 1]);
    if (watchdog) expect(alive(watchdog)).toBe(false); // the launcher ended it on its way out
    expect(existsSync(join(data, 'launcher.json'))).toBe(false);
    expect(existsSync(heartbeat)).toBe(false);
    expect(run.lines.some((l) => /watchdog\]/.test(l))).toBe(false); // it had nothing to do
  });

  it('starts again on the same data, past a stale postmaster.pid, with the same rows and nothing seeded twice; when killed, its watchdog stops the rest in order', async () => {
    // A postmaster.pid naming a live process that is no PostgreSQL (a reused pid): PostgreSQL alone
    // would refuse to start.
    writeFileSync(join(data, 'postgres', 'postmaster.pid'), `${process.pid}\n${join(data, 'postgres')}\n`);
    const run = await launch();
    const readyMs = await run.healthy(90_000);
    process.stdout.write(`\n[launcher.spec] second start healthy after ${(readyMs / 1000).toFixed(1)} s\n`);
    expect(run.output(1000)).toMatch(/removing the stale .*postmaster\.pid \(pid \d+ is no PostgreSQL/);

    const token = await signIn(run);
    expect(await expectSeededOnce(run, token)).toEqual(activityIds);
    await expectWorkflowsRunning(run, activityIds, 30_000);

    // The launcher dies without a word: its watchdog stops what it started, in the same order.
    const pids = run.pids();
    const watchdog = run.watchdogPid();
    process.kill(run.pid, 'SIGKILL');
    const { exit, goneAt } = await run.watchEnd(pids, 5000);
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    const deadline = Date.now() + 90_000;
    while (PARTS.some((part) => alive(pids[part])) && Date.now() < deadline) {
      for (const part of PARTS) if (goneAt[part] === undefined && !alive(pids[part])) goneAt[part] = Date.now();
      await sleep(20);
    }
    for (const part of PARTS) goneAt[part] ??= Date.now();
    for (const part of PARTS) expect([part, alive(pids[part])]).toEqual([part, false]);
    const order = PARTS.map((part) => goneAt[part]!);
    for (let i = 1; i < order.length; i++) expect(order[i]).toBeGreaterThanOrEqual(order[i - 1]);
    for (let i = 0; i < 100 && run.stopLines('samverkan watchdog').length < PARTS.length; i++) await sleep(100);
    expect(run.stopLines('samverkan watchdog')).toEqual([...PARTS]);
    // Its work done, the watchdog removes the state file and ends.
    for (let i = 0; i < 100 && ((watchdog && alive(watchdog)) || existsSync(join(data, 'launcher.json'))); i++) await sleep(100);
    expect(existsSync(join(data, 'launcher.json'))).toBe(false);
    if (watchdog) expect(alive(watchdog)).toBe(false);
  });

  it('after a start whose launcher and watchdog were both killed, the next start stops what they left and comes up on the same data', async () => {
    // What such a start leaves: its state file, naming a process that still runs (here a stand-in).
    const leftover = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    const gone = new Promise((resolve) => leftover.once('exit', resolve));
    const stateFile = join(data, 'launcher.json');
    const deadLauncher = { name: 'the launcher', pid: runs[1].pid, startTime: 'long ago', signal: 'SIGTERM', graceMs: 1000 };
    writeFileSync(stateFile, JSON.stringify({ launcher: deadLauncher, processes: [guardedProcess('the API', leftover.pid!, 'SIGTERM', 5000)] }));

    const run = await launch();
    const readyMs = await run.healthy(90_000);
    process.stdout.write(`\n[launcher.spec] third start healthy after ${(readyMs / 1000).toFixed(1)} s\n`);
    await gone;
    expect(run.output(1000)).toMatch(new RegExp(`an earlier start ended without stopping the API \\(pid ${leftover.pid}\\); stopping them now`));

    const token = await signIn(run);
    expect(await expectSeededOnce(run, token)).toEqual(activityIds);

    const pids = run.pids();
    process.kill(run.pid, 'SIGINT');
    const { exit } = await run.watchEnd(pids, 90_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(run.stopLines('samverkan')).toEqual([...PARTS]);
    for (const part of PARTS) expect([part, alive(pids[part])]).toEqual([part, false]);
  });

  it('SIGTERM to the launcher alone while the apps are still starting: it exits 0, and every part and its watchdog are gone within seconds', async () => {
    const metricsPort = await freePortOutsideEphemeralRange();
    const run = await launch({ WORKER_METRICS_PORT: String(metricsPort) });
    // As soon as the worker serves its metrics: it has set up its handling of signals then, and
    // goes on to migrate and to bundle its workflows, which takes seconds, before it polls.
    const deadline = Date.now() + 90_000;
    const metricsServed = async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined)) !== undefined;
    while (!(await metricsServed()) && run.running && Date.now() < deadline) await sleep(20);
    const pids = run.pids();
    expect(Object.keys(pids).sort()).toEqual([...PARTS].sort());
    const watchdog = run.watchdogPid();
    const sentAt = Date.now();
    process.kill(run.pid, 'SIGTERM');
    const { exit, goneAt } = await run.watchEnd(pids, 60_000);
    const exitedAfter = Date.now() - sentAt;
    expect(exit).toEqual({ code: 0, signal: null });
    for (let i = 0; i < 100 && watchdog && alive(watchdog); i++) await sleep(50);
    const after = Object.fromEntries(PARTS.map((part) => [part, (goneAt[part] ?? Date.now()) - sentAt]));
    process.stdout.write(`\n[launcher.spec] SIGTERM while starting: launcher exited after ${exitedAfter} ms; parts gone after ${JSON.stringify(after)} ms\n`);
    const expectation = `launcher exited after ${exitedAfter} ms; parts gone after ${JSON.stringify(after)} ms\n${run.output(40)}`;
    // The worker does not finish its start-up first: nothing of it ran that a stop could cut short.
    expect([expectation, after.worker < 3000]).toEqual([expectation, true]);
    for (const part of PARTS) expect([expectation, part, after[part] < 10_000]).toEqual([expectation, part, true]);
    expect([expectation, exitedAfter < 10_000]).toEqual([expectation, true]);
    for (const part of PARTS) expect([part, alive(pids[part])]).toEqual([part, false]);
    if (watchdog) expect(alive(watchdog)).toBe(false);
    expect(run.stopLines('samverkan')).toEqual([...PARTS]);
    expect(existsSync(join(data, 'launcher.json'))).toBe(false);
  });
});
