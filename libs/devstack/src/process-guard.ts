/**
 * Keeps the processes that `npm start` runs from outliving it unnoticed.
 *
 * The launcher puts every server it starts in a process group of its own (so that Ctrl-C in the
 * terminal reaches only the launcher, which stops them in order) and lists them, in stop order, in a
 * state file in the data directory. A small detached watchdog process (orphan-watchdog.ts) notices
 * when the launcher dies without stopping them (SIGKILL, a crash) and stops them in the same order.
 * Should the watchdog be gone as well, the next start finds the state file and stops what is left.
 *
 * Only Node built-ins here: the watchdog loads this file and must start fast.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { TS_NODE_ARGS } from './child-process';

/** A process as much as another process needs to know to stop it later, and never a stranger. */
export interface GuardedProcess {
  /** As log lines name it: "the API", "PostgreSQL". */
  name: string;
  pid: number;
  /** The process's start time as the OS tells it: a later process that reuses the pid has another. */
  startTime: string;
  /** The polite stop signal (PostgreSQL: SIGINT, its fast shutdown). */
  signal: NodeJS.Signals;
  /** How long to wait after the polite signal before SIGKILL. */
  graceMs: number;
}

interface LauncherState {
  launcher: GuardedProcess;
  watchdog?: GuardedProcess;
  /** In stop order. */
  processes: GuardedProcess[];
}

interface ProcessInfo {
  command: string;
  startTime: string;
  /** Exited, and only waiting for its parent to reap it. */
  zombie: boolean;
}

/** What the OS says about a process, or undefined when there is none with that pid. */
export function processInfo(pid: number): ProcessInfo | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (existsSync('/proc/self/stat')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      // Field 3 is the state, field 22 the start time (clock ticks after boot).
      return { command: stat.slice(stat.indexOf('(') + 1, close), startTime: fields[19], zombie: fields[0] === 'Z' || fields[0] === 'X' };
    } catch {
      return undefined;
    }
  }
  try {
    const out = execFileSync('ps', ['-o', 'stat=', '-o', 'lstart=', '-o', 'comm=', '-p', String(pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const words = out.split(/\s+/);
    if (words.length < 7) return undefined;
    return { command: basename(words.slice(6).join(' ')), startTime: words.slice(1, 6).join(' '), zombie: words[0].startsWith('Z') };
  } catch {
    return undefined;
  }
}

/** Describes a running process for stopping it later; undefined when it has ended already. */
export function guardedProcess(name: string, pid: number, signal: NodeJS.Signals, graceMs: number): GuardedProcess | undefined {
  const info = processInfo(pid);
  if (!info || info.zombie) return undefined;
  return { name, pid, startTime: info.startTime, signal, graceMs };
}

/** True while the very process described runs (not one that reused its pid, not a zombie). */
export function isRunning(target: GuardedProcess): boolean {
  const info = processInfo(target.pid);
  return !!info && !info.zombie && info.startTime === target.startTime;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone already
  }
}

/** Resolves true once the process has ended, false when it still runs after `timeoutMs`. */
export async function waitUntilEnded(target: GuardedProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(target)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Stops a process that need not be our child: its polite signal, then SIGKILL after its grace time. */
export async function stopGuarded(target: GuardedProcess): Promise<void> {
  if (!isRunning(target)) return;
  signal(target.pid, target.signal);
  if (await waitUntilEnded(target, target.graceMs)) return;
  signal(target.pid, 'SIGKILL');
  await waitUntilEnded(target, 5000);
}

/**
 * Node options for a Node child that runs our code: this process's own (without debugger flags), and
 * ts-node's hooks when we run from TypeScript source without them on the command line (the ts-node CLI).
 */
export function inheritedExecArgv(): string[] {
  const own = process.execArgv.filter((arg) => !/^--(inspect|debug)/.test(arg));
  const fromSource = extname(__filename) === '.ts';
  if (!fromSource || own.some((arg) => arg.includes('ts-node'))) return own;
  return [...own, ...TS_NODE_ARGS];
}

function readState(file: string): LauncherState | undefined {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as LauncherState;
    return state && state.launcher && Array.isArray(state.processes) ? state : undefined;
  } catch {
    return undefined;
  }
}

function writeState(file: string, state: LauncherState): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, file);
}

/** For the launcher: the state file, the watchdog, and what an earlier launcher left running. */
export class ProcessGuard {
  private state: LauncherState;

  private constructor(
    private readonly stateFile: string,
    private readonly watchdog: ChildProcess,
    launcher: GuardedProcess,
  ) {
    this.state = {
      launcher,
      watchdog: guardedProcess('the watchdog', watchdog.pid ?? -1, 'SIGTERM', 5000),
      processes: [],
    };
    writeState(stateFile, this.state);
  }

  /**
   * Stops what an earlier launcher with this state file left running (refusing while that launcher
   * itself still runs), then starts the watchdog. `log` gets one line per thing done.
   */
  static async start(stateFile: string, log: (line: string) => void): Promise<ProcessGuard> {
    mkdirSync(dirname(stateFile), { recursive: true });
    await stopLeftovers(stateFile, log);
    const script = join(__dirname, `orphan-watchdog${extname(__filename)}`);
    const watchdog = spawn(process.execPath, [...inheritedExecArgv(), script, stateFile, String(process.pid)], {
      detached: true, // not in our process group: Ctrl-C in the terminal must not end it
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    watchdog.on('error', (error) => log(`the watchdog could not start: ${error.message}`));
    const launcher = guardedProcess('the launcher', process.pid, 'SIGTERM', 60_000);
    if (!launcher) throw new Error('Cannot read this process from the OS');
    return new ProcessGuard(stateFile, watchdog, launcher);
  }

  /** The processes that run now, in the order they must be stopped. */
  set(processes: GuardedProcess[]): void {
    this.state = { ...this.state, processes };
    writeState(this.stateFile, this.state);
  }

  /** After a clean stop: nothing is left to watch, so the watchdog ends; we wait for it (and reap it). */
  async close(): Promise<void> {
    rmSync(this.stateFile, { force: true });
    if (this.watchdog.exitCode !== null || this.watchdog.signalCode !== null || !this.watchdog.pid) return;
    const ended = new Promise((resolve) => this.watchdog.once('exit', resolve));
    if (this.watchdog.connected) this.watchdog.disconnect();
    await Promise.race([ended, sleep(5000)]);
  }
}

async function stopLeftovers(stateFile: string, log: (line: string) => void): Promise<void> {
  const previous = readState(stateFile);
  if (!previous) return;
  if (previous.launcher.pid !== process.pid && isRunning(previous.launcher)) {
    throw new Error(
      `Another Samverkan launcher (pid ${previous.launcher.pid}) runs on the data in ${dirname(stateFile)}. ` +
        `Stop it first (Ctrl-C where it runs, or kill ${previous.launcher.pid}), or set SAMVERKAN_DATA_DIR to another folder.`,
    );
  }
  if (previous.watchdog && isRunning(previous.watchdog)) {
    log(`the watchdog of an earlier start (pid ${previous.watchdog.pid}) is still stopping what that start left; waiting for it`);
    await waitUntilEnded(previous.watchdog, 90_000);
  }
  const left = previous.processes.filter(isRunning);
  if (left.length) log(`an earlier start ended without stopping ${left.map((p) => `${p.name} (pid ${p.pid})`).join(', ')}; stopping them now`);
  for (const leftover of left) {
    await stopGuarded(leftover);
    log(`stopped ${leftover.name} (pid ${leftover.pid}) that an earlier start left`);
  }
  rmSync(stateFile, { force: true });
}

/**
 * The watchdog's work (see orphan-watchdog.ts). Its parent is the launcher: when the IPC channel to
 * the launcher closes or the launcher's pid is no longer our parent, the launcher has ended. If it
 * left the state file behind, it did not stop everything: we stop what still runs, in its order.
 */
export function runWatchdog(stateFile: string, launcherPid: number): void {
  const say = (line: string) => {
    try {
      process.stdout.write(`[samverkan watchdog] ${line}\n`);
    } catch {
      // the terminal may be gone; the stopping matters, not the telling
    }
  };
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  // Detached from the terminal already; a hang-up or a stray Ctrl-C must not end the watch.
  process.on('SIGINT', () => undefined);
  process.on('SIGHUP', () => undefined);
  let acting = false;
  const act = async () => {
    if (acting) return;
    acting = true;
    clearInterval(poll);
    const state = readState(stateFile);
    if (state && state.launcher.pid === launcherPid) {
      const left = state.processes.filter(isRunning);
      if (left.length) {
        say(`the launcher (pid ${launcherPid}) ended without stopping ${left.map((p) => p.name).join(', ')}; stopping them`);
        for (const leftover of left) {
          await stopGuarded(leftover);
          say(`stopped ${leftover.name} (pid ${leftover.pid})`);
        }
      }
      rmSync(stateFile, { force: true });
    }
    process.exit(0);
  };
  process.on('disconnect', () => void act());
  const poll = setInterval(() => {
    if (process.ppid !== launcherPid) void act();
  }, 1000);
  if (!process.connected || process.ppid !== launcherPid) void act(); // it died while we started
}
