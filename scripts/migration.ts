/**
 * `npm run migration:generate -- <Name>`: compares the entities with the schema the committed
 * migrations build and writes the difference as a new migration under libs/database/src/migrations.
 *
 * Needs no database of yours: without DATABASE_URL it starts a scratch embedded PostgreSQL under
 * .data/migration-scratch, builds the schema from the migrations there, and throws it away after.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, freePort, projectRoot, startEmbeddedPostgres, TS_NODE_ARGS } from '@app/devstack';
import { runMigrations } from '@app/database';

/** Rewrites migrations/index.ts so that it lists every migration file, oldest first. */
function writeMigrationIndex(dir: string): void {
  const files = readdirSync(dir).filter((f) => /^\d+-[A-Za-z0-9]+\.ts$/.test(f)).sort();
  const entries = files.map((file) => {
    const match = /export class (\w+)/.exec(readFileSync(join(dir, file), 'utf8'));
    if (!match) throw new Error(`${file} has no exported migration class`);
    return { file: file.replace(/\.ts$/, ''), name: match[1] };
  });
  writeFileSync(
    join(dir, 'index.ts'),
    [
      ...entries.map((e) => `import { ${e.name} } from './${e.file}';`),
      '',
      '/**',
      ' * Every migration, oldest first. Written by `npm run migration:generate -- <Name>`; a migration that',
      ' * has been merged is never edited: write a new one.',
      ' */',
      `export const MIGRATIONS: Function[] = [${entries.map((e) => e.name).join(', ')}];`,
      '',
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (command !== 'generate' || !name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error('Usage: npm run migration:generate -- <PascalCaseName>   (for example AddReportTable)');
    process.exit(2);
  }
  const root = projectRoot();
  const scratch = dataDir('migration-scratch');
  rmSync(scratch, { recursive: true, force: true });
  const pg = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({ dataDir: scratch, port: await freePort(), database: 'scratch' });
  const url = process.env.DATABASE_URL || pg!.url;
  try {
    await runMigrations(url);
    const result = spawnSync(
      process.execPath,
      [
        ...TS_NODE_ARGS,
        join(root, 'node_modules/typeorm/cli.js'),
        'migration:generate',
        '-d', 'libs/database/src/data-source.ts',
        '--pretty',
        join('libs/database/src/migrations', name),
      ],
      { cwd: root, stdio: 'inherit', env: { ...process.env, DATABASE_URL: url } },
    );
    if (result.status === 0) {
      writeMigrationIndex(join(root, 'libs/database/src/migrations'));
      console.log('\nlibs/database/src/migrations/index.ts lists it now. Review the SQL, then commit both files.');
    }
    process.exitCode = result.status ?? 1;
  } finally {
    await pg?.stop();
    if (pg) rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
