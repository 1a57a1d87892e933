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
// Designsystemet (the Norwegian public sector's design system, @digdir/designsystemet-css): its
// components and its default theme, served from here (no CDN).
const designSystem = join(root, 'node_modules/@digdir/designsystemet-css/dist');
copyFileSync(join(designSystem, 'src/index.css'), join(out, 'designsystemet.css'));
copyFileSync(join(designSystem, 'theme/designsystemet.css'), join(out, 'designsystemet-theme.css'));
