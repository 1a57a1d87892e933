/**
 * The web app's API client is generated from the API's OpenAPI document. This fails when an endpoint
 * or DTO changed and `npm run web:api-client` was not run: regenerate, then commit.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot, TS_NODE_ARGS } from '@app/devstack';

describe('the generated web API client', () => {
  it('matches the API as it is (run `npm run web:api-client` after changing the API)', () => {
    const root = projectRoot();
    const out = mkdtempSync(join(tmpdir(), 'samverkan-openapi-'));
    try {
      const result = spawnSync(
        process.execPath,
        [...TS_NODE_ARGS, join(root, 'scripts/openapi.ts'), out],
        { cwd: root, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } },
      );
      expect(result.stderr).not.toMatch(/Error/);
      expect(result.status).toBe(0);
      for (const file of ['openapi.json', 'schema.d.ts']) {
        expect([file, readFileSync(join(out, file), 'utf8') === readFileSync(join(root, 'apps/web/src/api', file), 'utf8')]).toEqual([file, true]);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
