import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root: the nearest folder above this file holding `nest-cli.json`. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'nest-cli.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No nest-cli.json found above ${from}`);
    dir = parent;
  }
  return dir;
}

/**
 * Where embedded services keep their data: `SAMVERKAN_DATA_DIR` when set (relative to the working
 * directory), else `.data/` in the repository (git-ignored).
 */
export function dataDir(...parts: string[]): string {
  const override = process.env.SAMVERKAN_DATA_DIR;
  return join(override ? resolve(override) : join(projectRoot(), '.data'), ...parts);
}
