import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { temporal } from '@temporalio/proto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { projectRoot } from '@app/devstack';

/** Recorded workflow histories, replayed against the current code by test/workflow/replay.spec.ts. */
export const HISTORIES = join(projectRoot(), 'test', 'workflow', 'histories');

/**
 * With RECORD_HISTORIES set (`npm run histories:record`), keeps `history` as `<name>.<today>.json`.
 * Never overwrites a file: the histories of earlier code are what the replay test guards.
 */
export function recordHistory(name: string, history: temporal.api.history.v1.IHistory): void {
  if (!process.env.RECORD_HISTORIES) return;
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  mkdirSync(HISTORIES, { recursive: true });
  const file = join(HISTORIES, `${slug}.${new Date().toISOString().slice(0, 10)}.json`);
  if (!existsSync(file)) writeFileSync(file, historyToJSON(history));
}
