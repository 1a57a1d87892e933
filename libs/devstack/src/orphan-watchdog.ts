/**
 * The watchdog that ProcessGuard starts beside the launcher, in a process group of its own: when the
 * launcher ends without stopping what it started (SIGKILL, a crash), this stops those processes in
 * the launcher's order. Usage: node orphan-watchdog.js <state file> <launcher pid>
 */
import { runWatchdog } from './process-guard';

runWatchdog(process.argv[2], Number(process.argv[3]));
