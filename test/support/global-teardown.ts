import { rmSync } from 'node:fs';
import type { RunningPostgres, RunningTemporal } from '@app/devstack';

export default async function globalTeardown(): Promise<void> {
  const servers = (globalThis as Record<string, unknown>).__samverkanTestServers as
    | { postgres: RunningPostgres; temporal: RunningTemporal; pgDir: string }
    | undefined;
  if (!servers) return;
  await servers.temporal.stop();
  await servers.postgres.stop();
  rmSync(servers.pgDir, { recursive: true, force: true });
}
