import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureDatabase } from '@app/devstack';
import { testEnv } from './test-env';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file. `migrated` copies the template that global setup built
 * with the real migrations; `empty` is a blank database for testing the migrations themselves.
 */
export async function createTestDatabase(kind: 'migrated' | 'empty' = 'migrated'): Promise<TestDatabase> {
  const adminUrl = testEnv('adminUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name, kind === 'migrated' ? testEnv('template') : 'template0');
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  return {
    url,
    name,
    async drop() {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
