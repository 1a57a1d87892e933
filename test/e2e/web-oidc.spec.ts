/**
 * The browser journey of signing in through a party's identity provider, in real Chromium
 * (playwright-core), against a real `oidc-provider` in this test process and the real API serving
 * the built web app. The sign-in page offers "Logga in med …"; the provider's own sign-in and consent
 * pages are used as a person would; an invited member lands signed in in their agreement with their
 * membership's roles, and no token is ever in an address; an uninvited address is refused with a
 * Swedish explanation and the way back, where the password form still works. Every page of ours passes
 * axe-core's WCAG 2.1 A/AA rules, and the Content-Security-Policy refuses nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { freePort, projectRoot } from '@app/devstack';
import { CHROMIUM_ARGS, ensureChromium, signInInBrowser } from '../support/chromium';
import { addMember } from '../support/members';
import { startTestOidcProvider, TestOidcProvider } from '../support/oidc-provider';
import { useSeededApi } from '../support/test-api';

const SCREENS = join(projectRoot(), 'test', 'artifacts', 'screens');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const webRoot = mkdtempSync(join(tmpdir(), 'samverkan-web-oidc-'));
const E = 'exempelby-2025-2028';
const INVITED = 'hanna.handlaggare@exempelby.example';
const UNINVITED = 'okand@exempelby.example';
const PROVIDER_NAME = 'Exempelby kommuns inloggning';

describe('signing in through an identity provider, in the browser', () => {
  let base = '';
  let provider: TestOidcProvider;
  let browser: Browser;
  beforeAll(async () => {
    const built = spawnSync(process.execPath, [join(projectRoot(), 'scripts', 'build-web.js'), webRoot], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('building the web app failed');
    mkdirSync(SCREENS, { recursive: true });
    base = `http://127.0.0.1:${await freePort()}`;
    Object.assign(process.env, { PUBLIC_URL: base, WEB_ROOT: webRoot });
  });
  const api = useSeededApi('2026-12-02', 'admin@exempelby.example', { agreements: 'demo' });

  beforeAll(async () => {
    await api.app.listen(new URL(base).port, '127.0.0.1');
    provider = await startTestOidcProvider(`${base}/api/auth/oidc/callback`, [
      { email: INVITED, emailVerified: true },
      { email: UNINVITED, emailVerified: true },
    ]);
    await addMember(api.ds, { email: INVITED, name: 'Hanna Handläggare', agreementKey: E, party: 'city', roles: ['coordinator'] });
    const registered = await api.http
      .post(`/api/oidc-connections?agreement=${E}`)
      .send({ party: 'city', displayName: PROVIDER_NAME, issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, allowedDomains: ['exempelby.example'] });
    if (registered.status !== 201) throw new Error(`registering the provider: ${registered.status} ${JSON.stringify(registered.body)}`);
    browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
  }, 10 * 60_000);
  afterAll(async () => {
    await browser?.close();
    await provider?.close();
    rmSync(webRoot, { recursive: true, force: true });
    delete process.env.PUBLIC_URL;
    delete process.env.WEB_ROOT;
  });

  const cspViolations: string[] = [];
  /** Every address any frame went to, to show no token was ever in one. */
  const visited: string[] = [];
  const serverErrors: string[] = [];
  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext({ locale: 'sv-SE' });
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${message.location().url}: ${message.text()}`);
    });
    context.on('request', (request) => visited.push(request.url()));
    context.on('response', (response) => {
      if (response.status() >= 500) serverErrors.push(`${response.status()} ${response.url()}`);
    });
    return context;
  }

  async function check(page: Page, name: string): Promise<void> {
    expect([name, cspViolations]).toEqual([name, []]);
    await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
    await page.evaluate(AXE);
    const violations: string[] = await page.evaluate(`
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
        .then((r) => r.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.length + ')'))`);
    expect([name, violations]).toEqual([name, []]);
  }

  /** From our sign-in page through the provider's own sign-in and consent pages, as `login`. */
  async function throughProvider(page: Page, login: string): Promise<void> {
    await page.goto(`${base}/#/logga-in`);
    const link = page.getByRole('link', { name: `Logga in med ${PROVIDER_NAME}` });
    await link.waitFor();
    await link.click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('provider-password');
    await page.locator('button[type="submit"]').click();
    // The provider asks to share the e-mail address with Samverkan.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === base);
  }

  it('the sign-in page offers "Logga in med …" beside the password form', async () => {
    const page = await (await newContext()).newPage();
    await page.goto(`${base}/#/logga-in`);
    await page.getByRole('link', { name: `Logga in med ${PROVIDER_NAME}` }).waitFor();
    await page.getByLabel('Lösenord').waitFor();
    await check(page, 'oidc01-logga-in');
    await page.context().close();
  });

  it('an invited member signs in with the provider and lands signed in in the right agreement, with the membership’s roles', async () => {
    const page = await (await newContext()).newPage();
    await throughProvider(page, INVITED);
    // A coordinator lands on their activities in Exempelby.
    await page.getByRole('heading', { name: 'Mina aktiviteter', level: 1 }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/${E}/mina`);
    const user = JSON.parse((await page.evaluate<string | null>(`sessionStorage.getItem('samverkan.user')`)) ?? 'null');
    expect(user).toMatchObject({ email: INVITED, memberships: [{ agreement: E, party: 'city', roles: ['coordinator'] }] });
    await check(page, 'oidc02-inloggad');
    // The one-time code went through the fragment and is gone from it; tokens never were in an address.
    const token = (await page.evaluate<string | null>(`sessionStorage.getItem('samverkan.token')`))!;
    expect(visited.filter((u) => u.includes(token))).toEqual([]);
    expect(visited.filter((u) => /access_?token|refresh_?token/i.test(u))).toEqual([]);
    // Signed in for real: the API answers with the person.
    expect(await page.evaluate(`fetch('/api/me', { headers: { Authorization: 'Bearer ${token}' } }).then((r) => r.status)`)).toBe(200);
    await page.context().close();
  });

  it('an uninvited address is refused with a Swedish explanation, and the password form is one link away', async () => {
    const page = await (await newContext()).newPage();
    const refused = page.waitForResponse((r) => r.url().startsWith(`${base}/api/auth/oidc/callback`));
    await throughProvider(page, UNINVITED);
    expect((await refused).status()).toBe(403);
    await page.getByRole('heading', { name: 'Inloggningen gick inte', level: 1 }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain(`${UNINVITED} är inte inbjuden`);
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    await check(page, 'oidc03-inte-inbjuden');
    expect(await page.evaluate(`sessionStorage.getItem('samverkan.token')`)).toBeNull();
    await page.getByRole('link', { name: 'Till inloggningssidan' }).click();
    await page.getByLabel('Lösenord', { exact: true }).waitFor();
    // Local passwords stay available.
    await signInInBrowser(page, base, 'admin@exempelby.example');
    await page.waitForURL((url) => url.hash.startsWith(`#/${E}/`));
    await page.context().close();
    expect(serverErrors).toEqual([]);
  });
});
