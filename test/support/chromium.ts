import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { TEST_PASSWORD } from './members';

export const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium for the browser tests; installed with apt-get when missing (browser downloads fail here). */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  process.stdout.write('[browser tests] installing Debian’s chromium package …\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed; install chromium by hand (apt-get install chromium)`);
  }
  return CHROMIUM;
}

/** Flags that keep Chromium quiet on a machine with no network but loopback. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How `signInInBrowser` signs in; the defaults are the seeded test people's. */
export interface BrowserSignIn {
  /** The password typed; TEST_PASSWORD (every seeded test person's) by default. */
  password?: string;
  /** Where the page starts, relative to `base`: the sign-in page (`#/logga-in`) by default, or an address that leads through it. */
  from?: string;
}

/**
 * The one way the browser tests sign in with a password, as a person does: opens `${base}/${from}`,
 * waits for the sign-in page, types the e-mail address and the password into its labelled fields and
 * presses "Logga in". Resolves once the API has accepted the password and the page has gone on from
 * the sign-in page (to where it leads), so that what the test does next is not overtaken by that
 * navigation; throws with the API's answer when it refused the password.
 */
export async function signInInBrowser(page: Page, base: string, email: string, options: BrowserSignIn = {}): Promise<void> {
  await page.goto(`${base}/${(options.from ?? '#/logga-in').replace(/^\//, '')}`);
  await page.getByRole('heading', { name: 'Logga in', level: 1 }).waitFor();
  await page.getByLabel('E-postadress').fill(email);
  await page.getByLabel('Lösenord', { exact: true }).fill(options.password ?? TEST_PASSWORD);
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/login' && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Logga in', exact: true }).click();
  const response = await answer;
  if (!response.ok()) throw new Error(`signing in as ${email} was refused: ${response.status()} ${await response.text()}`);
  await page.waitForURL((url) => !url.hash.startsWith('#/logga-in'));
}
