/**
 * The browser journey of signing in through a party's identity provider, in real Chromium
 * (playwright-core), against a real `oidc-provider` in this test process and the real API serving
 * the built web app. The agreement's administrator registers the provider on the page Inloggning
 * (refused first with Swedish messages: a form not filled in, an issuer that does not answer; the
 * secret is never shown back); the sign-in page for the agreement then offers "Logga in med …",
 * while the sign-in page that names no agreement offers none; the provider's own sign-in and consent
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

  const main = (page: Page) => page.getByRole('main');
  /** The sign-in page for Exempelby's agreement, as its administrator hands it out (read from the page Inloggning). */
  let signInLink = '';

  /** From our sign-in page through the provider's own sign-in and consent pages, as `login`. */
  async function throughProvider(page: Page, login: string): Promise<void> {
    await page.goto(signInLink);
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

  it('the administrator registers the provider on the page Inloggning: Swedish refusals first, the secret never shown back', async () => {
    const page = await (await newContext()).newPage();
    await signInInBrowser(page, base, 'admin@exempelby.example');
    await page.getByRole('navigation').getByRole('link', { name: 'Inloggning' }).click();
    await page.getByRole('heading', { name: 'Inloggning via organisation', level: 1 }).waitFor();
    await main(page).getByText('Ingen identitetsleverantör är registrerad än.').waitFor();
    expect(await page.locator('#redirect-uri').textContent()).toBe(`${base}/api/auth/oidc/callback`);
    signInLink = (await page.locator('#sign-in-link').textContent())!;
    expect(signInLink).toBe(`${base}/#/logga-in?agreement=${E}`);
    await check(page, 'oidc00-inloggning-tom');

    const form = page.locator('#add-connection');
    const problem = form.getByRole('alert');
    const register = () => form.getByRole('button', { name: 'Registrera' }).click();
    // Checked before anything is sent.
    await register();
    await problem.getByText('Välj vilken part leverantören hör till.').waitFor();
    await form.getByLabel('Part').selectOption('city');
    await form.getByLabel('Namn på knappen (frivilligt)').fill(PROVIDER_NAME);
    await form.getByLabel('Utfärdare (issuer)').fill('inte en adress');
    await register();
    await problem.getByText(/^Skriv utfärdarens adress \(issuer\)/).waitFor();
    // An issuer that does not answer discovery: the API's refusal, said in Swedish.
    const nobody = `http://127.0.0.1:${await freePort()}`;
    await form.getByLabel('Utfärdare (issuer)').fill(nobody);
    await form.getByLabel('Klient-id').fill(provider.clientId);
    await form.getByLabel('Klienthemlighet').fill(provider.clientSecret);
    await form.getByLabel('Tillåtna e-postdomäner').fill('@exempelby.example');
    await register();
    await problem.getByText('”@exempelby.example” är ingen e-postdomän. Skriv domäner som polisen.se, utan @ och utan *.').waitFor();
    await form.getByLabel('Tillåtna e-postdomäner').fill('exempelby.example');
    const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/oidc-connections' && r.request().method() === 'POST');
    await register();
    expect((await refused).status()).toBe(400);
    await problem.getByText(new RegExp(`^Utfärdaren ${nobody} svarade inte som en OpenID Connect-leverantör`)).waitFor();
    await check(page, 'oidc00-inloggning-fel');

    await form.getByLabel('Utfärdare (issuer)').fill(provider.issuer);
    await register();
    const row = main(page).getByRole('row', { name: new RegExp(PROVIDER_NAME) });
    await row.waitFor();
    await row.getByText(provider.issuer).waitFor();
    await row.getByText('exempelby.example').waitFor();
    // Said to screen readers too.
    await page.locator('#meddelande', { hasText: `${PROVIDER_NAME} är registrerad.` }).waitFor({ state: 'attached' });
    // The secret is stored, and never shown back: not in the page, not in its form.
    expect(await page.content()).not.toContain(provider.clientSecret);
    expect(await page.locator('#oidc-client-secret').inputValue()).toBe('');
    const listed = await api.http.get(`/api/oidc-connections?agreement=${E}`).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ displayName: PROVIDER_NAME, party: 'city', issuer: provider.issuer, allowedDomains: ['exempelby.example'] })]);
    await check(page, 'oidc00-inloggning-registrerad');
    await page.context().close();
  });

  it('the sign-in page for the agreement offers "Logga in med …" beside the password form; one that names no agreement offers none', async () => {
    const page = await (await newContext()).newPage();
    await page.goto(signInLink);
    await page.getByRole('link', { name: `Logga in med ${PROVIDER_NAME}` }).waitFor();
    await page.getByLabel('Lösenord', { exact: true }).waitFor();
    await check(page, 'oidc01-logga-in');
    // Led there by a link of the agreement (an e-mail's), too.
    await page.goto(`${base}/#/${E}/mina`);
    await page.waitForURL(`${base}/#/logga-in?till=${encodeURIComponent(`/${E}/mina`)}`);
    await page.getByRole('link', { name: `Logga in med ${PROVIDER_NAME}` }).waitFor();
    // Named by nothing: no provider of any tenant is shown (nor asked for).
    const asked: string[] = [];
    page.on('request', (r) => void (new URL(r.url()).pathname.startsWith('/api/auth/oidc/providers') && asked.push(r.url())));
    await page.goto(`${base}/#/logga-in`);
    await page.getByRole('heading', { name: 'Logga in', level: 1 }).waitFor();
    await page.getByLabel('Lösenord', { exact: true }).waitFor();
    await page.waitForTimeout(300);
    expect(await page.getByRole('link', { name: /^Logga in med/ }).count()).toBe(0);
    expect(await main(page).textContent()).not.toContain(PROVIDER_NAME);
    expect(asked).toEqual([]);
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
    // Back on the sign-in page of the connection's agreement: its provider is offered again.
    expect(page.url()).toBe(signInLink);
    await page.getByRole('link', { name: `Logga in med ${PROVIDER_NAME}` }).waitFor();
    // Local passwords stay available.
    await signInInBrowser(page, base, 'admin@exempelby.example');
    await page.waitForURL((url) => url.hash.startsWith(`#/${E}/`));
    await page.context().close();
    expect(serverErrors).toEqual([]);
  });

  it('the administrator removes the provider on the page; the sign-in page no longer offers it', async () => {
    const page = await (await newContext()).newPage();
    await signInInBrowser(page, base, 'admin@exempelby.example');
    await page.getByRole('navigation').getByRole('link', { name: 'Inloggning' }).click();
    await page.getByRole('button', { name: `Ta bort ${PROVIDER_NAME}` }).click();
    await main(page).getByText('Ingen identitetsleverantör är registrerad än.').waitFor();
    expect((await api.http.get(`/api/oidc-connections?agreement=${E}`).expect(200)).body).toEqual([]);
    const providers = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/oidc/providers');
    await page.goto(signInLink);
    await (await providers).finished();
    await page.getByLabel('Lösenord', { exact: true }).waitFor();
    expect(await page.getByRole('link', { name: /^Logga in med/ }).count()).toBe(0);
    await page.context().close();
    expect(serverErrors).toEqual([]);
  });
});
