import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@app/devstack';

const compose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
const available = compose.status === 0;
if (!available) {
  process.stdout.write('\n[docker-compose.spec] SKIPPED: no docker client with the compose plugin here, so docker-compose.yml is not validated.\n');
}

interface Service {
  healthcheck?: { test?: string[] | string; disable?: boolean };
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
}

/** `docker compose config`: the file as Docker reads it (validated; no engine needed). */
function composeConfig(): { services: Record<string, Service> } {
  const result = spawnSync('docker', ['compose', '-f', join(projectRoot(), 'docker-compose.yml'), 'config', '--format', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, JWT_SECRET: 'a-secret-for-validating-the-file' }, // required by the file, on purpose
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

describe('docker-compose.yml', () => {
  const whenDocker = available ? it : it.skip;

  whenDocker('is accepted by `docker compose config`, with every service', () => {
    const config = composeConfig();
    expect(Object.keys(config.services).sort()).toEqual(['api', 'postgres', 'temporal', 'temporal-ui', 'worker']);
    expect(config.services.worker.depends_on!.api.condition).toBe('service_healthy');
    expect(config.services.api.depends_on!.temporal.condition).toBe('service_healthy');
    expect(config.services.temporal.environment!.DB).toBe('postgres12');
  });

  whenDocker('gives every long-running service a health check', () => {
    const { services } = composeConfig();
    // One-off jobs (restart "no" or "on-failure") may go without; everything else runs for good.
    const longRunning = Object.entries(services).filter(([, s]) => !/^(no|on-failure)/.test(s.restart ?? 'no'));
    expect(longRunning.map(([name]) => name).sort()).toEqual(Object.keys(services).sort());
    for (const [name, service] of longRunning) {
      const check = service.healthcheck;
      expect({ service: name, test: check?.test?.length ? 'set' : 'missing', disabled: check?.disable === true }).toEqual({
        service: name,
        test: 'set',
        disabled: false,
      });
    }
  });

  whenDocker("checks the worker through the heartbeat file it writes, with the image's health check script", () => {
    const { worker } = composeConfig().services;
    expect(worker.environment!.WORKER_HEARTBEAT_FILE).toMatch(/^\//);
    expect(worker.healthcheck!.test).toEqual(['CMD', 'node', '/app/dist/apps/worker/src/healthcheck.js']);
    // The Dockerfile builds /app/dist with `nest build`, which compiles this source into that script.
    expect(existsSync(join(projectRoot(), 'apps/worker/src/healthcheck.ts'))).toBe(true);
  });
});
