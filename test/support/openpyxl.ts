import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '@app/devstack';

export interface OpenpyxlReading {
  sheets: { name: string; rows: string[][] }[];
  /** Cells openpyxl reads as formulas (ours must have none). */
  formulas: number;
}

/**
 * What openpyxl (Python, installed into .tools/venv by scripts/ensure-tools.js for tests) reads in an
 * XLSX file: a real parser other than the one that wrote it. Fails, never skips, when it is missing.
 */
export function readWithOpenpyxl(bytes: Buffer): OpenpyxlReading {
  const python = join(projectRoot(), '.tools', 'venv', 'bin', 'python');
  if (!existsSync(python)) throw new Error(`${python} is missing: run node scripts/ensure-tools.js test, which installs openpyxl`);
  const dir = mkdtempSync(join(tmpdir(), 'openpyxl-'));
  try {
    const file = join(dir, 'file.xlsx');
    writeFileSync(file, bytes);
    const read = spawnSync(python, [join(__dirname, 'read-xlsx.py'), file], { encoding: 'utf8', timeout: 60_000 });
    if (read.status !== 0) throw new Error(`openpyxl could not read the file (exit ${read.status}): ${read.stderr}`);
    return JSON.parse(read.stdout) as OpenpyxlReading;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
