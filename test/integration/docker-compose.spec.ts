import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { join } from 'node:path';
import { projectRoot } from '@app/devstack';

const compose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
const available = compose.status === 0;
if (!available) {
  process.stdout.write('\n[docker-compose.spec] SKIPPED: no docker client with the compose plugin here, so docker-compose.yml is not validated.\n');
}

interface Service {
  ports?: unknown[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  deploy?: { replicas?: number | string };
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

  // `docker compose config` where the plugin is installed; else the file as a YAML parser reads it
  // (anchors merged, `${VAR:-default}` left as written), so this runs on every machine.
  it('is safe by default: production mode, no demo data, and no Temporal port or UI published', () => {
    const services = available
      ? composeConfig().services
      : (parse(readFileSync(join(projectRoot(), 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> }).services;
    expect(services.temporal.ports ?? []).toEqual([]);
    expect(services['temporal-ui'].ports ?? []).toEqual([]);
    expect(Object.entries(services).filter(([, s]) => (s.ports ?? []).length > 0).map(([name]) => name)).toEqual(['api']);
    expect(services.api.environment!.SEED_DEMO_DATA).toBe(available ? 'false' : '${SEED_DEMO_DATA:-false}');
    for (const app of ['api', 'worker']) expect(services[app].environment!.NODE_ENV).toBe('production');
  });

  it('runs the API and the worker with as many replicas as asked, one host port per API replica', () => {
    const services = available
      ? composeConfig().services
      : (parse(readFileSync(join(projectRoot(), 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> }).services;
    expect(String(services.api.deploy?.replicas)).toBe(available ? '1' : '${API_REPLICAS:-1}');
    expect(String(services.worker.deploy?.replicas)).toBe(available ? '1' : '${WORKER_REPLICAS:-1}');
    const apiPorts = JSON.stringify(services.api.ports);
    expect(apiPorts).toContain(available ? '3000' : '${API_PORTS:-3000}:3000');
    for (const app of ['api', 'worker']) expect(services[app].environment).toHaveProperty('METRICS_TOKEN');
  });
});
