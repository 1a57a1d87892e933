/**
 * `npm start` checks its configuration before it starts anything, and says which variable is wrong.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '@app/devstack';

function launch(env: Record<string, string>) {
  const root = projectRoot();
  return spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(root, 'apps/launcher/src/main.ts')],
    { cwd: root, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 60_000 },
  );
}

describe('the launcher (npm start)', () => {
  it.each([
    [{ PORT: 'abc' }, /PORT must be a whole number between 1 and 65535 \(got "abc"\)/],
    [{ TEMPORAL_ADDRESS: 'localhost' }, /TEMPORAL_ADDRESS must be host:port/],
    [{ DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL must be a PostgreSQL URL/],
    [{ EMBEDDED_PG_PORT: '99999' }, /EMBEDDED_PG_PORT must be a whole number between 1 and 65535/],
  ])('refuses %j with a message naming the variable, before starting anything', (env, message) => {
    const result = launch(env);
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toMatch(message);
    expect(result.stdout).not.toMatch(/starting embedded PostgreSQL/);
  });
});
