/**
 * `npm start`: the whole platform on one machine with no configuration.
 *
 * Starts an embedded PostgreSQL and the Temporal dev server (both keeping their data under .data/, or
 * SAMVERKAN_DATA_DIR), unless DATABASE_URL / TEMPORAL_ADDRESS point at existing servers; then the API
 * (which migrates and seeds) and the worker.
 *
 * Each of them runs in a process group of its own, so Ctrl-C in the terminal (which signals the whole
 * foreground group) reaches only this launcher, which stops the API, the worker, Temporal and
 * PostgreSQL, in that order. Should the launcher die without doing so (SIGKILL, a crash), its watchdog
 * stops them in the same order; should both die, the next start stops what is left (ProcessGuard).
 */
import { mkdirSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { ConfigurationError, validateEnvironment } from '@app/config';
import {
  dataDir,
  freePort,
  GuardedProcess,
  isListening,
  guardedProcess,
  inheritedExecArgv,
  isRunning,
  ProcessGuard,
  projectRoot,
  RunningPostgres,
  RunningTemporal,
  spawnManaged,
  startEmbeddedPostgres,
  startTemporalDevServer,
  stopGuarded,
} from '@app/devstack';

const say = (message: string) => process.stdout.write(`[samverkan] ${message}\n`);

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigurationError([`${name} must be a whole number between 1 and 65535 (got ${JSON.stringify(raw)})`]);
  }
  return port;
}

/** A path as people read it: relative to where they are when it is below that. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !rel.startsWith('/') ? rel : path;
}

type Part = 'api' | 'worker' | 'temporal' | 'postgres';

/** Ctrl-C stops them in this order: nothing is stopped while something still uses it. */
const STOP_ORDER: readonly Part[] = ['api', 'worker', 'temporal', 'postgres'];

const PARTS: Record<Part, { name: string; signal: NodeJS.Signals; graceMs: number }> = {
  api: { name: 'the API', signal: 'SIGTERM', graceMs: 10_000 },
  // A worker finishing a step may need a while; the step is retried elsewhere if it is cut short.
  worker: { name: 'the worker', signal: 'SIGTERM', graceMs: 30_000 },
  temporal: { name: 'Temporal', signal: 'SIGTERM', graceMs: 10_000 },
  // SIGINT is PostgreSQL's fast shutdown (roll back, checkpoint, exit).
  postgres: { name: 'PostgreSQL', signal: 'SIGINT', graceMs: 30_000 },
};

/** The API or the worker is started again after a crash, up to this many times within the window. */
const APP_RESTARTS_IN_WINDOW = 5;
const APP_CRASH_WINDOW_MS = 120_000;

/** What runs now, kept in the guard's state file (for the watchdog and the next start) as it changes. */
class RunningParts {
  private readonly running = new Map<Part, { process: GuardedProcess; stop?: () => Promise<void> }>();

  constructor(private readonly guard: ProcessGuard) {}

  /** Called the moment a part's process exists, so that it is never left unguarded. */
  spawned(part: Part, pid: number, stop?: () => Promise<void>): void {
    const { name, signal, graceMs } = PARTS[part];
    const guarded = guardedProcess(name, pid, signal, graceMs);
    if (!guarded) return; // ended already; whoever started it reports why
    this.running.set(part, { process: guarded, stop });
    this.save();
    say(`${name.replace(/^the /, '')} started (pid ${pid})`);
  }

  /** How to stop it through its handle (waiting for its exit event), once the handle exists. */
  stoppable(part: Part, stop: () => Promise<void>): void {
    const entry = this.running.get(part);
    if (entry) entry.stop = stop;
  }

  ended(part: Part): void {
    if (this.running.delete(part)) this.save();
  }

  async stopAll(): Promise<void> {
    for (const part of STOP_ORDER) {
      const entry = this.running.get(part);
      if (!entry) continue;
      if (isRunning(entry.process)) {
        await (entry.stop ? entry.stop() : stopGuarded(entry.process));
        say(`stopped ${entry.process.name} (pid ${entry.process.pid})`);
      }
      this.ended(part);
    }
  }

  private save(): void {
    this.guard.set(STOP_ORDER.flatMap((part) => this.running.get(part)?.process ?? []));
  }
}

async function waitForHealth(url: string, timeoutMs: number, stopped: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopped()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** The app's entry beside this one: dist/apps/<app>/src/main.js when built, apps/<app>/src/main.ts under ts-node. */
function appEntry(app: 'api' | 'worker'): string {
  return resolve(__dirname, '..', '..', app, 'src', `main${extname(__filename)}`);
}

async function main(): Promise<void> {
  // Should the terminal (or whoever reads our output) go away, we still stop what we started.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const started = Date.now();
  const root = projectRoot();
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Fail on bad configuration before starting anything.
  const config = validateEnvironment({ ...env, DATABASE_URL: env.DATABASE_URL || 'postgres://placeholder/for-validation' });
  const ports = {
    postgres: portFrom('EMBEDDED_PG_PORT', 54320),
    temporal: portFrom('EMBEDDED_TEMPORAL_PORT', 7233),
    temporalUi: portFrom('EMBEDDED_TEMPORAL_UI_PORT', 8233),
  };
  const data = dataDir();
  try {
    mkdirSync(data, { recursive: true });
  } catch (error) {
    const by = process.env.SAMVERKAN_DATA_DIR ? 'SAMVERKAN_DATA_DIR' : 'The data directory';
    throw new ConfigurationError([`${by}: cannot create ${data} (${(error as Error).message})`]);
  }

  // Stops what a killed earlier start left running on this data, and starts the watchdog.
  const guard = await ProcessGuard.start(dataDir('launcher.json'), say);
  const parts = new RunningParts(guard);
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping the API, the worker, Temporal and PostgreSQL, in that order …');
    try {
      await parts.stopAll();
      await guard.close();
      say(`stopped; your data stays in ${shown(data)} for the next npm start`);
    } catch (error) {
      process.stderr.write(`[samverkan] could not stop everything: ${String(error)}\n`);
      code = 1;
    }
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => (stopping ? say('still stopping …') : void stopAll(0)));
  }
  const crashed = (error: unknown) => {
    process.stderr.write(`[samverkan] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    void stopAll(1);
  };
  process.on('uncaughtException', crashed);
  process.on('unhandledRejection', crashed);
  /**
   * A part that ends while we are not stopping: the API or the worker is started again (after a pause
   * that grows with each crash, so one that cannot start does not spin); PostgreSQL or Temporal, or an
   * app that crashes again and again, takes the rest down with it.
   */
  const crashes: Record<'api' | 'worker', number[]> = { api: [], worker: [] };
  const watch = (part: Part, exited: Promise<number | string>, restart?: () => void) =>
    void exited.then((code) => {
      parts.ended(part);
      if (stopping) return;
      if (restart && (part === 'api' || part === 'worker')) {
        const recent = (crashes[part] = [...crashes[part].filter((t) => t > Date.now() - APP_CRASH_WINDOW_MS), Date.now()]);
        if (recent.length <= APP_RESTARTS_IN_WINDOW) {
          const pause = Math.min(1000 * 2 ** (recent.length - 1), 15_000);
          say(`${PARTS[part].name} stopped unexpectedly (${code}); starting it again in ${pause / 1000} s`);
          setTimeout(() => stopping || restart(), pause).unref();
          return;
        }
        say(`${PARTS[part].name} stopped unexpectedly (${code}), ${recent.length} times within ${APP_CRASH_WINDOW_MS / 1000} s; stopping the rest`);
      } else {
        say(`${PARTS[part].name} stopped unexpectedly (${code}); stopping the rest`);
      }
      void stopAll(1);
    });

  let postgres: RunningPostgres | undefined;
  let temporal: RunningTemporal | undefined;
  try {
    if (!env.DATABASE_URL) {
      say(`starting embedded PostgreSQL (data in ${shown(dataDir('postgres'))}, log in ${shown(dataDir('postgres.log'))}) …`);
      postgres = await startEmbeddedPostgres({
        dataDir: dataDir('postgres'),
        port: ports.postgres,
        database: 'samverkan',
        log: (line) => say(line),
        logFile: dataDir('postgres.log'),
        detached: true,
        onSpawn: (pid) => parts.spawned('postgres', pid),
      });
      parts.stoppable('postgres', postgres.stop);
      watch('postgres', postgres.exited);
      env.DATABASE_URL = postgres.url;
    } else {
      say('using the PostgreSQL at DATABASE_URL');
    }
    if (stopping) return;
    if (!env.TEMPORAL_ADDRESS) {
      say(`starting the Temporal dev server (data in ${shown(dataDir('temporal', 'temporal.sqlite'))}) …`);
      temporal = await startTemporalDevServer({
        dbFile: dataDir('temporal', 'temporal.sqlite'),
        port: ports.temporal,
        uiPort: ports.temporalUi,
        namespace: config.TEMPORAL_NAMESPACE,
        log: (line) => process.stdout.write(`[temporal] ${line}\n`),
        detached: true,
        onSpawn: (pid) => parts.spawned('temporal', pid),
      });
      parts.stoppable('temporal', temporal.stop);
      watch('temporal', temporal.exited);
      env.TEMPORAL_ADDRESS = temporal.address;
    } else {
      say(`using the Temporal server at ${env.TEMPORAL_ADDRESS}`);
    }
    if (stopping) return;

    const startApp = (app: 'api' | 'worker') => {
      // With this process's Node options, so that under ts-node the apps run from source too.
      const child = spawnManaged(app, process.execPath, [...inheritedExecArgv(), appEntry(app)], {
        cwd: root,
        env: { ...env, SAMVERKAN_APP: app },
        stdio: ['ignore', 'inherit', 'inherit'],
        detached: true,
      });
      if (child.child.pid) parts.spawned(app, child.child.pid, () => child.stop(PARTS[app].graceMs));
      watch(app, child.exited, () => startApp(app));
    };
    // The worker's metrics port: WORKER_METRICS_PORT, else 9464 (Prometheus's usual) when free.
    env.WORKER_METRICS_PORT ||= String((await isListening(9464)) ? await freePort() : 9464);
    for (const app of ['api', 'worker'] as const) startApp(app);

    const base = `http://localhost:${config.PORT}`;
    if (!(await waitForHealth(`${base}/api/health/ready`, 120_000, () => stopping))) {
      if (!stopping) {
        say('the API did not become healthy within 120 s; see the log lines above');
        await stopAll(1);
      }
      return;
    }
    const lines = [
      `Samverkan is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s):`,
      `  Web app      ${base}/   (demo users: see the README; password samverkan-demo unless DEMO_PASSWORD is set)`,
      `  Insyn        ${base}/insyn   (public, no sign-in)`,
      `  API          ${base}/api`,
      `  API docs     ${base}/api/docs   (OpenAPI JSON: ${base}/api/docs-json)`,
      `  Health       ${base}/api/health   (readiness: /api/health/ready, liveness: /api/health/live)`,
      `  Metrics      ${base}/api/metrics, worker http://localhost:${env.WORKER_METRICS_PORT}/metrics   (Prometheus; METRICS_TOKEN protects them)`,
      temporal?.uiUrl ? `  Temporal UI  ${temporal.uiUrl}` : `  Temporal     ${env.TEMPORAL_ADDRESS} (namespace ${config.TEMPORAL_NAMESPACE})`,
      postgres ? `  PostgreSQL   ${postgres.url}` : '  PostgreSQL   DATABASE_URL',
      `  Data         ${shown(data)}`,
      'Press Ctrl-C to stop the API, the worker, Temporal and PostgreSQL, in that order.',
    ];
    say(lines.join('\n             '));
  } catch (error) {
    process.stderr.write(`[samverkan] ${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll(1);
  }
}

main().catch((error) => {
  process.stderr.write(`[samverkan] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
