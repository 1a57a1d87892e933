import Module from 'node:module';
import type * as OpenIdClient from 'openid-client' with { 'resolution-mode': 'import' };

/**
 * Loads an ES-module-only package (openid-client) through Node's own loader, which on Node ≥ 20.19
 * gives ES modules to `require()`. A plain `import` would compile to the same `require`, but jest's
 * module sandbox refuses ES modules there (without --experimental-vm-modules); this way the API runs
 * the same under `npm start` and in the tests.
 */
export function loadEsmPackage<T>(name: string): T {
  const loader = Module as unknown as { _load(request: string, parent: unknown): T; _nodeModulePaths(dir: string): string[] };
  return loader._load(name, { id: __filename, filename: __filename, paths: loader._nodeModulePaths(__dirname) });
}

export type OpenIdClientModule = typeof OpenIdClient;

let openIdClient: OpenIdClientModule | undefined;
export function openid(): OpenIdClientModule {
  return (openIdClient ??= loadEsmPackage<OpenIdClientModule>('openid-client'));
}
