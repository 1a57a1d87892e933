import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '@app/devstack';

const compose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
const available = compose.status === 0;
if (!available) {
  process.stdout.write('\n[docker-compose.spec] SKIPPED: no docker client with the compose plugin here, so docker-compose.yml is not validated.\n');
}

describe('docker-compose.yml', () => {
  (available ? it : it.skip)('is accepted by `docker compose config`, with every service and its health check', () => {
    const result = spawnSync('docker', ['compose', '-f', join(projectRoot(), 'docker-compose.yml'), 'config', '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, JWT_SECRET: 'a-secret-for-validating-the-file' }, // required by the file, on purpose
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const config = JSON.parse(result.stdout);
    expect(Object.keys(config.services).sort()).toEqual(['api', 'postgres', 'temporal', 'temporal-ui', 'worker']);
    for (const name of ['postgres', 'temporal', 'temporal-ui', 'api']) expect(config.services[name].healthcheck).toBeDefined();
    expect(config.services.worker.depends_on.api.condition).toBe('service_healthy');
    expect(config.services.api.depends_on.temporal.condition).toBe('service_healthy');
    expect(config.services.temporal.environment.DB).toBe('postgres12');
  });
});
