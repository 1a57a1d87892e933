/**
 * `npm start`: the whole platform on one machine with no configuration.
 *
 * Starts an embedded PostgreSQL and the Temporal dev server (both keeping their data under .data/),
 * unless DATABASE_URL / TEMPORAL_ADDRESS point at existing servers; then the API (which migrates and
 * seeds) and the worker. Ctrl-C stops everything in reverse order.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, validateEnvironment } from '@app/config';
import {
  dataDir,
  ManagedProcess,
  projectRoot,
  RunningPostgres,
  RunningTemporal,
  spawnManaged,
  startEmbeddedPostgres,
  startTemporalDevServer,
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

async function waitForHealth(url: string, timeoutMs: number, children: ManagedProcess[]): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (children.some((c) => c.child.exitCode !== null)) return false;
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

async function main(): Promise<void> {
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

  let postgres: RunningPostgres | undefined;
  let temporal: RunningTemporal | undefined;
  const children: ManagedProcess[] = [];
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping …');
    for (const child of [...children].reverse()) await child.stop();
    await temporal?.stop();
    await postgres?.stop();
    say('stopped; your data stays in .data/ for the next npm start');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    mkdirSync(dataDir(), { recursive: true });
    if (!env.DATABASE_URL) {
      const pgLog = createWriteStream(dataDir('postgres.log'), { flags: 'a' });
      say('starting embedded PostgreSQL (data in .data/postgres, log in .data/postgres.log) …');
      postgres = await startEmbeddedPostgres({
        dataDir: dataDir('postgres'),
        port: ports.postgres,
        database: 'samverkan',
        log: (line) => pgLog.write(`${line}\n`),
      });
      env.DATABASE_URL = postgres.url;
    } else {
      say('using the PostgreSQL at DATABASE_URL');
    }
    if (!env.TEMPORAL_ADDRESS) {
      say('starting the Temporal dev server (data in .data/temporal/temporal.sqlite) …');
      temporal = await startTemporalDevServer({
        dbFile: dataDir('temporal', 'temporal.sqlite'),
        port: ports.temporal,
        uiPort: ports.temporalUi,
        namespace: config.TEMPORAL_NAMESPACE,
        log: (line) => process.stdout.write(`[temporal] ${line}\n`),
      });
      env.TEMPORAL_ADDRESS = temporal.address;
    } else {
      say(`using the Temporal server at ${env.TEMPORAL_ADDRESS}`);
    }

    for (const app of ['api', 'worker'] as const) {
      const child = spawnManaged(app, process.execPath, [join(root, 'dist', 'apps', app, 'src', 'main.js')], {
        cwd: root,
        env: { ...env, SAMVERKAN_APP: app },
        stdio: ['ignore', 'inherit', 'inherit'],
        detached: true, // our own Ctrl-C handling stops it, in order
      });
      children.push(child);
      void child.exited.then((code) => {
        if (!stopping) {
          say(`the ${app} stopped unexpectedly (${code}); stopping the rest`);
          void stopAll(1);
        }
      });
    }

    const base = `http://localhost:${config.PORT}`;
    if (!(await waitForHealth(`${base}/api/health`, 120_000, children))) {
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
      `  Health       ${base}/api/health`,
      temporal?.uiUrl ? `  Temporal UI  ${temporal.uiUrl}` : `  Temporal     ${env.TEMPORAL_ADDRESS} (namespace ${config.TEMPORAL_NAMESPACE})`,
      postgres ? `  PostgreSQL   ${postgres.url}` : '  PostgreSQL   DATABASE_URL',
      'Press Ctrl-C to stop.',
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
