import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

/** Where embedded services keep their data (git-ignored). */
export function dataDir(...parts: string[]): string {
  return join(projectRoot(), '.data', ...parts);
}
