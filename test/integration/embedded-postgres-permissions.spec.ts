/**
 * Issue 17: as root, PostgreSQL runs as the `postgres` user, who must be able to enter every folder
 * above its data directory. Under a 0700 folder (a clone in /root, say) startEmbeddedPostgres and
 * `npm start` refuse before initdb, with a message that names the folder and `chmod o+x`, instead of
 * initdb's bare EACCES. Only as root: otherwise PostgreSQL runs as ourselves and this cannot happen.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, foldersOnTheWay, projectRoot, startEmbeddedPostgres, TS_NODE_ARGS } from '@app/devstack';

const asRoot = userInfo().uid === 0;
if (!asRoot) {
  process.stdout.write(
    '\n[embedded-postgres-permissions.spec] SKIPPED: not running as root, so PostgreSQL runs as this user and cannot be locked out of its folders.\n',
  );
}
const whenRoot = asRoot ? it : it.skip;

describe('embedded PostgreSQL under a folder the postgres user cannot enter', () => {
  let locked: string;
  beforeEach(() => {
    locked = mkdtempSync(join(tmpdir(), 'samverkan-0700-')); // /tmp is 1777; this one is ours alone
    chmodSync(locked, 0o700);
  });
  afterEach(() => rmSync(locked, { recursive: true, force: true }));

  whenRoot('startEmbeddedPostgres refuses before initdb, naming the folder and chmod o+x', async () => {
    const dataDir = join(locked, 'data', 'postgres');
    const started = startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'x' });
    await expect(started).rejects.toThrow(`cannot enter (has no search permission, x, on) this folder:\n  ${locked}  (mode 0700`);
    await expect(started).rejects.toThrow(`chmod o+x ${locked}`);
    await expect(started).rejects.toThrow(/"postgres" user/);
    await expect(started).rejects.toThrow(/SAMVERKAN_DATA_DIR/);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(false);
  });

  whenRoot('npm start (the launcher) prints that message, no stack, and exits 1 without running initdb', async () => {
    const root = projectRoot();
    const data = join(locked, 'data');
    const result = spawnSync(process.execPath, [...TS_NODE_ARGS, join(root, 'apps/launcher/src/main.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH, SAMVERKAN_DATA_DIR: data, EMBEDDED_PG_PORT: String(await freePort()) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`[samverkan] PostgreSQL cannot start: we run as root, so initdb and postgres run as the "postgres" user`);
    expect(result.stderr).toContain(`\n  ${locked}  (mode 0700`);
    expect(result.stderr).toContain(`chmod o+x ${locked}`);
    expect(result.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(result.stdout + result.stderr).not.toMatch(/initialising PostgreSQL data directory|EACCES/);
    expect(existsSync(join(data, 'postgres', 'PG_VERSION'))).toBe(false);
  });

  whenRoot('after chmod o+x the same data directory initialises', async () => {
    chmodSync(locked, 0o701);
    const pg = await startEmbeddedPostgres({ dataDir: join(locked, 'data', 'postgres'), port: await freePort(), database: 'x' });
    try {
      expect(existsSync(join(locked, 'data', 'postgres', 'PG_VERSION'))).toBe(true);
    } finally {
      await pg.stop();
    }
  });

  it('looks at the folders of a symbolic link’s real path too', () => {
    mkdirSync(join(locked, 'hidden', 'data'), { recursive: true });
    symlinkSync(join(locked, 'hidden', 'data'), join(locked, 'link'));
    const paths = foldersOnTheWay(join(locked, 'link')).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining([join(locked, 'link'), join(locked, 'hidden'), join(locked, 'hidden', 'data')]));
  });
});
