import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * The worker has no HTTP server, so a container health check asks a file instead: while its
 * Temporal worker is RUNNING, the worker rewrites `WORKER_HEARTBEAT_FILE` every
 * HEARTBEAT_EVERY_MS; `healthcheck.ts` passes while the file is younger than HEARTBEAT_STALE_AFTER_MS
 * (a hung event loop, a stopped or failed worker, or a dead process all let it grow old).
 */
export const HEARTBEAT_EVERY_MS = 10_000;
export const HEARTBEAT_STALE_AFTER_MS = 30_000;

export interface Heartbeat {
  pid: number;
  /** The Temporal worker's state when it was written. */
  state: string;
  at: string;
}

/** The heartbeat file, when one is wanted (WORKER_HEARTBEAT_FILE set and not empty). */
export function heartbeatFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.WORKER_HEARTBEAT_FILE?.trim() || undefined;
}

/** Writes the heartbeat whole (a reader never sees half a file). */
export function writeHeartbeat(file: string, state: string, now = new Date()): void {
  const beat: Heartbeat = { pid: process.pid, state, at: now.toISOString() };
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(beat)}\n`);
  renameSync(temporary, file);
}

export function removeHeartbeat(file: string): void {
  rmSync(file, { force: true });
}

/** Whether the heartbeat in `file` says the worker is running, and why not. */
export function checkHeartbeat(file: string, now = Date.now()): { ok: boolean; message: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, message: `no heartbeat in ${file} (${(error as Error).message})` };
  }
  return judgeHeartbeat(text, now);
}

/** Judges a heartbeat file's text at `now` (milliseconds since the epoch). */
export function judgeHeartbeat(text: string, now: number): { ok: boolean; message: string } {
  let beat: Partial<Heartbeat>;
  try {
    beat = JSON.parse(text) as Partial<Heartbeat>;
  } catch {
    return { ok: false, message: 'the heartbeat file holds no heartbeat' };
  }
  const at = Date.parse(beat.at ?? '');
  if (Number.isNaN(at)) return { ok: false, message: 'the heartbeat file holds no time' };
  const age = now - at;
  if (age > HEARTBEAT_STALE_AFTER_MS) {
    return { ok: false, message: `the last heartbeat (worker ${beat.state}) is ${Math.round(age / 1000)} s old` };
  }
  if (beat.state !== 'RUNNING') return { ok: false, message: `the Temporal worker is ${beat.state}` };
  return { ok: true, message: `the Temporal worker (pid ${beat.pid}) is RUNNING; heartbeat ${Math.round(age / 1000)} s old` };
}
