import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ClosableConnection } from '@app/temporal/connection';
import { spawnManaged } from './child-process';
import { isListening } from './free-port';
import { findTool } from './tools';

export interface TemporalDevServerOptions {
  /** SQLite file that keeps workflows across restarts; without one the server keeps them in memory. */
  dbFile?: string;
  port: number;
  /** Port of the web UI; ignored when headless. */
  uiPort?: number;
  headless?: boolean;
  namespace?: string;
  log?: (line: string) => void;
  /** How long to wait for the server to answer. */
  timeoutMs?: number;
  /** Dynamic config values, e.g. `{ 'limit.historyCount.suggestContinueAsNew': 60 }`. */
  dynamicConfig?: Record<string, string | number | boolean>;
  /**
   * Runs the server in a process group of its own, so that Ctrl-C in a terminal (which signals the
   * whole foreground group) does not reach it; the caller stops it, in its turn.
   */
  detached?: boolean;
  /** Called with the server's pid as soon as it is spawned, before it answers. */
  onSpawn?: (pid: number) => void;
}

export interface RunningTemporal {
  address: string;
  uiUrl: string | null;
  pid: number;
  /** Resolves with the exit code (or signal name) once the server has ended. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

/** Starts `temporal server start-dev` (a real Temporal server with SQLite) and waits until it answers. */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<RunningTemporal> {
  const { dbFile, port, headless = false, namespace = 'default' } = options;
  const uiPort = options.uiPort ?? port + 1000;
  const log = options.log ?? (() => undefined);
  if (await isListening(port)) {
    throw new Error(
      `Port ${port} is already in use, so the Temporal dev server cannot start there. ` +
        'Stop whatever listens there, set EMBEDDED_TEMPORAL_PORT to another port, ' +
        'or set TEMPORAL_ADDRESS to use that server.',
    );
  }
  if (dbFile) mkdirSync(dirname(dbFile), { recursive: true });
  const args = [
    'server', 'start-dev',
    ...(dbFile ? ['--db-filename', dbFile] : []),
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--namespace', namespace,
    '--log-level', 'error',
    ...(headless ? ['--headless'] : ['--ui-port', String(uiPort)]),
    ...Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]),
  ];
  const lastLines: string[] = [];
  const server = spawnManaged('temporal', findTool('temporal'), args, {
    log: (line) => {
      lastLines.push(line);
      if (lastLines.length > 20) lastLines.shift();
      log(line);
    },
    detached: options.detached ?? false,
  });
  if (server.child.pid) options.onSpawn?.(server.child.pid);
  const address = `127.0.0.1:${port}`;
  try {
    await waitForTemporal(address, namespace, options.timeoutMs ?? 60_000, server.exited);
  } catch (error) {
    await server.stop();
    const output = lastLines.filter((l) => l.trim()).join('\n  ');
    throw new Error(`${(error as Error).message}${output ? `. Its last output:\n  ${output}` : ''}`, { cause: error });
  }
  return {
    address,
    uiUrl: headless ? null : `http://127.0.0.1:${uiPort}`,
    pid: server.child.pid ?? -1,
    exited: server.exited,
    stop: () => server.stop(),
  };
}

/** Resolves once the Temporal frontend at `address` answers for `namespace`. */
export async function waitForTemporal(
  address: string,
  namespace: string,
  timeoutMs: number,
  exited?: Promise<unknown>,
): Promise<void> {
  let ended: unknown;
  void exited?.then((code) => (ended = code));
  const deadline = Date.now() + timeoutMs;
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  const check = () => {
    if (ended !== undefined) throw new Error(`The Temporal server exited (${String(ended)}) before it answered`);
    if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not answer within ${timeoutMs} ms`);
  };
  while (!(await isListening(port, host))) {
    check();
    await new Promise((r) => setTimeout(r, 100));
  }
  // One connection for every attempt, closed only when no call of ours is retrying on it any more.
  const closable = new ClosableConnection({ address, connectTimeout: '2s' });
  const { connection } = closable;
  try {
    for (;;) {
      check();
      try {
        await connection.withDeadline(Date.now() + 2000, () => connection.workflowService.describeNamespace({ namespace }));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await closable.close();
  }
}
