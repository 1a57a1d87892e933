#!/usr/bin/env node
// Bundles the web app (apps/web) into dist/web, which the API serves at /. Usage: node scripts/build-web.js [outdir]
'use strict';
const { copyFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const root = join(__dirname, '..');
const out = process.argv[2] || join(root, 'dist', 'web');
mkdirSync(out, { recursive: true });
require('esbuild').buildSync({
  entryPoints: [join(root, 'apps/web/src/main.ts')],
  bundle: true,
  minify: true,
  sourcemap: true,
  target: ['es2022'],
  outfile: join(out, 'app.js'),
  logLevel: 'warning',
});
for (const file of ['index.html', 'styles.css']) copyFileSync(join(root, 'apps/web/src', file), join(out, file));
