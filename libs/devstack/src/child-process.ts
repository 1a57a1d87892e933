import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** Sends `signal` (SIGTERM unless told), then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number, signal?: NodeJS.Signals): Promise<void>;
}

/** Node's arguments for running a TypeScript file of this project from source (with its path aliases). */
export const TS_NODE_ARGS: readonly string[] = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

/** Spawns a child whose output lines go to `log`, and that can be stopped politely. */
export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & { log?: (line: string) => void } = {},
): ManagedProcess {
  const { log, ...spawnOptions } = options;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream && log) createInterface({ input: stream }).on('line', (line) => log(line));
    else stream?.resume();
  }
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => {
      log?.(`${name} could not be started: ${error.message}`);
      resolve('error');
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    name,
    child,
    exited,
    stop(graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM') {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
