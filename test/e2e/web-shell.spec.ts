/**
 * The web app's shell in a real browser (Debian's Chromium driven by playwright-core, on the real API):
 * no lost work (a report written across an access token's expiry is sent without signing in again;
 * the draft survives a reload and a new sign-in, which returns to the page you were on), unknown
 * addresses say "Sidan finns inte" with links, and errors stand at their fields in Swedish
 * (aria-invalid, aria-describedby, focus on the first). Every page passes axe-core's WCAG 2.1 A/AA
 * rules at 1280 px, at 375 px and at 200 % zoom, with a screenshot of each.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Browser, BrowserContextOptions, chromium, Page } from 'playwright-core';
import * as jwt from 'jsonwebtoken';
import { projectRoot } from '@app/devstack';
import { DEVELOPMENT_JWT_SECRET } from '@app/config';
import { ACCESS_TOKEN } from '../../apps/api/src/auth/auth.service';
import { CHROMIUM_ARGS, ensureChromium, signInInBrowser } from '../support/chromium';
import { useLiveApi } from '../support/live-api';
import { TEST_PASSWORD } from '../support/members';

const SCREENS = join(projectRoot(), 'test', 'artifacts', 'screens');
const V = '#/vasteras-2023-2027';
const webRoot = mkdtempSync(join(tmpdir(), 'samverkan-web-'));
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** The three ways a page is looked at: desktop, phone, and desktop at 200 % zoom (half the CSS pixels). */
const VIEWS: { name: string; options: BrowserContextOptions }[] = [
  { name: '1280', options: { viewport: { width: 1280, height: 900 } } },
  { name: '375', options: { viewport: { width: 375, height: 740 } } },
  { name: 'zoom200', options: { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 } },
];

describe('the web app shell in a browser', () => {
  beforeAll(() => {
    const built = spawnSync(process.execPath, [join(projectRoot(), 'scripts', 'build-web.js'), webRoot], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('building the web app failed');
    mkdirSync(SCREENS, { recursive: true });
  });
  // The shortest access token the configuration allows: 60 s.
  const live = useLiveApi('2026-11-23', { env: { WEB_ROOT: webRoot, ACCESS_TOKEN_TTL_SECONDS: '60' } });
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    await live.app.listen(0, '127.0.0.1');
    base = (await live.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
  }, 15 * 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  const problems: string[] = [];
  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ locale: 'sv-SE', ...options });
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) problems.push(`${message.location().url}: ${message.text()}`);
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    return page;
  }
  async function check(page: Page, name: string): Promise<void> {
    expect([name, problems]).toEqual([name, []]);
    await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
    await page.evaluate(AXE);
    const violations: string[] = await page.evaluate(`
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
        .then((r) => r.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.length + ')'))`);
    expect([name, violations]).toEqual([name, []]);
  }
  /** The landing page after signing in is drawn, and nothing of it is still on the way (it would draw over the next page). */
  async function landed(page: Page): Promise<void> {
    await page.getByRole('heading', { level: 1, name: /^(Översikt|Mina aktiviteter)$/ }).waitFor();
    await page.waitForLoadState('networkidle');
  }
  const focused = (page: Page): Promise<string> => page.evaluate(`document.activeElement?.id ?? ''`);

  it('sends a report written across the access token’s expiry without signing in again, and keeps the draft through a reload and a new sign-in', async () => {
    const owner = await newPage();
    await signInInBrowser(owner, base, 'polis@samverkan.example');
    await owner.getByRole('link', { name: 'Människan bakom uniformen (MBU)' }).click();
    await owner.getByRole('button', { name: 'Skicka rapport' }).waitFor();
    const activityAddress = new URL(owner.url()).hash;
    await owner.getByLabel('Risk för avvikelse').check();
    await owner.getByLabel('Hur långt har ni kommit (0–100 %)?').fill('40');
    await owner.getByLabel('Lägesbeskrivning').fill('Två skolbesök gjorda, två kvar före jul.');

    // A reload keeps what was written (a draft in this browser).
    await owner.reload();
    await owner.getByRole('button', { name: 'Skicka rapport' }).waitFor();
    expect(await owner.getByLabel('Lägesbeskrivning').inputValue()).toBe('Två skolbesök gjorda, två kvar före jul.');
    expect(await owner.getByLabel('Risk för avvikelse').isChecked()).toBe(true);

    // The sign-in ends (the tab's tokens gone): signing in again returns here, with the draft.
    await owner.evaluate('sessionStorage.clear()');
    await owner.reload();
    await owner.getByRole('heading', { name: 'Logga in', level: 1 }).waitFor();
    await owner.getByLabel('E-postadress').fill('polis@samverkan.example');
    await owner.getByLabel('Lösenord', { exact: true }).fill(TEST_PASSWORD);
    await owner.getByRole('button', { name: 'Logga in', exact: true }).click();
    await owner.getByRole('button', { name: 'Skicka rapport' }).waitFor();
    expect(new URL(owner.url()).hash).toBe(activityAddress);
    expect(await owner.getByLabel('Lägesbeskrivning').inputValue()).toBe('Två skolbesök gjorda, två kvar före jul.');

    // The access token runs out while the report is written: the API refuses it (401 expired), the
    // app refreshes it with the refresh token and sends the report again, no sign-in asked.
    const userId: string = await owner.evaluate(`JSON.parse(sessionStorage.getItem('samverkan.user')).id`);
    const expired = jwt.sign({ sub: userId, ver: 0, exp: Math.floor(Date.now() / 1000) - 5 }, DEVELOPMENT_JWT_SECRET, {
      algorithm: ACCESS_TOKEN.algorithm,
      issuer: ACCESS_TOKEN.issuer,
      audience: ACCESS_TOKEN.audience,
    });
    // The app does not know it expired (it thinks it has a minute left), as after a sleeping laptop.
    await owner.evaluate(`sessionStorage.setItem('samverkan.token', ${JSON.stringify(expired)}); sessionStorage.setItem('samverkan.expires', String(Date.now() + 10 * 60000))`);
    const answers: string[] = [];
    owner.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (r.request().method() === 'POST' && path.startsWith('/api/')) answers.push(`${r.status()} ${path.replace(/activities\/[^/]+/, 'activities/:id')}`);
    });
    await owner.getByLabel('Nästa steg (frivilligt)').fill('Avstämning med rektorerna.');
    await owner.getByRole('button', { name: 'Skicka rapport' }).click();
    await owner.getByText(/Lägesrapport: risk för avvikelse, 40 % – Två skolbesök gjorda, två kvar före jul\./).waitFor();
    expect(answers.slice(0, 3)).toEqual(['401 /api/activities/:id/reports', '200 /api/auth/refresh', expect.stringMatching(/^20[12] \/api\/activities\/:id\/reports$/)]);
    expect(owner.url()).not.toContain('logga-in');
    // Sent: the draft is gone.
    await owner.reload();
    await owner.getByRole('button', { name: 'Skicka rapport' }).waitFor();
    expect(await owner.getByLabel('Lägesbeskrivning').inputValue()).toBe('');
    await check(owner, 'shell-rapport-efter-fornyad-inloggning');
  });

  it('says "Sidan finns inte", with links, for an address it has no page for', async () => {
    for (const view of VIEWS) {
      const admin = await newPage(view.options);
      await admin.goto(`${base}/#/logga-in`);
      await admin.getByRole('heading', { name: 'Logga in', level: 1 }).waitFor();
      await check(admin, `shell-logga-in-${view.name}`);
      await signInInBrowser(admin, base, 'admin@samverkan.example');
      await landed(admin);
      await admin.goto(`${base}/${V}/losenord`);
      await admin.getByRole('heading', { name: 'Byt lösenord', level: 1 }).waitFor();
      await admin.getByRole('button', { name: 'Byt lösenord' }).click();
      await admin.getByText('Lösenordet behöver vara minst', { exact: false }).waitFor();
      expect(await admin.getByLabel('Nytt lösenord', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      await check(admin, `shell-byt-losenord-fel-${view.name}`);
      for (const [address, name] of [['#/moten', 'moten'], [`${V}/admin/anvandare`, 'admin-anvandare'], [`${V}/finns-inte`, 'okand-sida']] as const) {
        await admin.goto(`${base}/${address}`);
        await admin.getByRole('heading', { name: 'Sidan finns inte', level: 1 }).waitFor();
        expect(await admin.getByRole('main').textContent()).toContain(address.slice(1));
        expect(await admin.getByRole('main').getByRole('link', { name: 'Mina aktiviteter' }).count() + (await admin.getByRole('main').getByRole('link', { name: 'Startsidan' }).count())).toBeGreaterThan(0);
        if (view.name === '1280' || name === 'admin-anvandare') await check(admin, `shell-sidan-finns-inte-${name}-${view.name}`);
      }
      // A link on it leads on.
      await admin.getByRole('main').getByRole('link', { name: 'Översikt' }).click();
      await admin.getByRole('heading', { name: 'Översikt', level: 1 }).waitFor();
      await check(admin, `shell-oversikt-${view.name}`);
      await admin.context().close();
    }
  });

  it('prints a page without the menu, with the agreement and the date at the top and captions kept with their tables', async () => {
    const leader = await newPage();
    await signInInBrowser(leader, base, 'ledning@samverkan.example');
    await leader.getByRole('heading', { name: 'Översikt', level: 1 }).waitFor();
    await leader.waitForLoadState('networkidle');
    expect(await leader.locator('#utskrift').isVisible()).toBe(false);
    await leader.emulateMedia({ media: 'print' });
    expect(await leader.locator('#meny').isVisible()).toBe(false);
    expect(await leader.getByRole('button').first().isVisible()).toBe(false);
    expect(await leader.locator('#utskrift').textContent()).toMatch(/^Överenskommelse: Västerås: .+ · Utskriven \d{1,2} [a-zåäö]+ 20\d\d kl\. \d\d:\d\d$/);
    expect(await leader.locator('#utskrift').isVisible()).toBe(true);
    const caption: { breakAfter: string; headGroup: string } = await leader.evaluate(
      `({ breakAfter: getComputedStyle(document.querySelector('main caption')).breakAfter, headGroup: getComputedStyle(document.querySelector('main thead')).display })`,
    );
    expect(caption).toEqual({ breakAfter: 'avoid-page', headGroup: 'table-header-group' });
    await leader.screenshot({ path: join(SCREENS, 'shell-oversikt-utskrift.png'), fullPage: true });
  });

  it('shows every error at its field, in Swedish, with aria-invalid and focus on the first', async () => {
    for (const view of VIEWS) {
      const admin = await newPage(view.options);
      await signInInBrowser(admin, base, 'admin@samverkan.example');
      await landed(admin);
      await admin.goto(`${base}/${V}/admin/ny-aktivitet`);
      await admin.getByRole('heading', { name: 'Ny aktivitet', level: 1 }).waitFor();
      await check(admin, `shell-ny-aktivitet-${view.name}`);
      await admin.getByLabel('Kortnamn').fill('Fel Kortnamn');
      await admin.getByRole('button', { name: 'Skapa aktiviteten' }).click();
      // All three at once, each next to its field and named by it.
      const title = admin.getByLabel('Namn', { exact: true });
      const key = admin.getByLabel('Kortnamn');
      await admin.getByText('Ge aktiviteten ett namn (minst 3 tecken).').waitFor();
      await admin.getByText('Kortnamnet får bara ha små bokstäver, siffror och enkla bindestreck.').waitFor();
      await admin.getByText('Välj minst ett målområde.').waitFor();
      expect(await title.getAttribute('aria-invalid')).toBe('true');
      expect(await key.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await key.getAttribute('aria-describedby'))!.split(' ');
      expect(describedBy).toContain('key-hint');
      const errorId = describedBy.find((id) => id !== 'key-hint')!;
      expect(await admin.locator(`#${errorId}`).textContent()).toBe('Kortnamnet får bara ha små bokstäver, siffror och enkla bindestreck.');
      expect(await focused(admin)).toBe('new-title');
      await check(admin, `shell-faltfel-${view.name}`);
      // Corrected fields lose their mark; an API refusal is in Swedish, its English behind "Teknisk information".
      await title.fill('Trygghetsvandringar');
      await key.fill('mbu');
      await admin.getByLabel('C Ökad tillit till myndigheter').check();
      await admin.getByRole('button', { name: 'Skapa aktiviteten' }).click();
      // The API's answer replaces the form's own errors: the corrected fields are no longer marked.
      await admin.locator('#new-title:not([aria-invalid])').waitFor();
      const alert = admin.locator('form#create .form-errors');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/[åäö]/);
      const technical = alert.getByText('Teknisk information');
      if (await technical.count()) expect(await alert.locator('details').getAttribute('open')).toBeNull();
      await check(admin, `shell-api-fel-${view.name}`);
      await admin.context().close();
    }
  });
});
