/**
 * The web app in a real browser (Debian's Chromium driven by playwright-core): an owner reports off
 * track, a leader sees it on Översikt and acknowledges the escalation, the owner sees the
 * acknowledgement. Every page is scanned with axe-core for WCAG 2.1 A/AA violations, and a screenshot
 * of each is kept in test/artifacts/screens.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Browser, chromium, Page } from 'playwright-core';
import { projectRoot } from '@app/devstack';
import { CHROMIUM_ARGS, ensureChromium } from '../support/chromium';
import { TEST_PASSWORD } from '../support/test-api';
import { useLiveApi } from '../support/live-api';

const SCREENS = join(projectRoot(), 'test', 'artifacts', 'screens');
const webRoot = mkdtempSync(join(tmpdir(), 'samverkan-web-'));
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

describe('the web app in a browser', () => {
  beforeAll(() => {
    const built = spawnSync(process.execPath, [join(projectRoot(), 'scripts', 'build-web.js'), webRoot], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('building the web app failed');
    mkdirSync(SCREENS, { recursive: true });
  });
  const live = useLiveApi('2026-11-23', { env: { WEB_ROOT: webRoot } });
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

  /** Scans the page with axe-core for WCAG 2.1 A and AA rules and keeps a screenshot. */
  async function check(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
    await page.addScriptTag({ content: AXE });
    // Evaluated in the page (a string, since the browser's globals are not this file's).
    const violations: string[] = await page.evaluate(`
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
        .then((r) => r.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.length + ')'))`);
    expect([name, violations]).toEqual([name, []]);
  }

  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto(`${base}/#/logga-in`);
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Lösenord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
  }

  it('owner reports off track, a leader sees it and acknowledges, the owner sees the acknowledgement', async () => {
    const owner = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
    await owner.goto(`${base}/#/logga-in`);
    await owner.getByRole('heading', { name: 'Logga in' }).waitFor();
    await check(owner, '01-logga-in');

    await signIn(owner, 'polis@samverkan.example');
    await owner.getByRole('heading', { name: 'Mina aktiviteter' }).waitFor();
    await owner.getByRole('link', { name: 'Människan bakom uniformen (MBU)' }).waitFor();
    await check(owner, '02-mina-aktiviteter');

    await owner.getByRole('link', { name: 'Människan bakom uniformen (MBU)' }).click();
    await owner.getByRole('heading', { name: 'Lämna lägesrapport' }).waitFor();
    await check(owner, '03-aktivitet');
    await expect(owner.getByText('Skriv inga personuppgifter om invånare eller barn')).toBeTruthy();
    await owner.getByLabel('Avviker från plan').check();
    await owner.getByLabel('Hur långt har ni kommit (0–100 %)?').fill('150');
    await owner.getByLabel('Lägesbeskrivning').fill('Inga besök i förskolorna sedan september.');
    await owner.getByRole('button', { name: 'Skicka rapport' }).click();
    await owner.getByText('Ange hur långt ni kommit som ett heltal mellan 0 och 100.').waitFor(); // checked before sending
    await owner.getByLabel('Hur långt har ni kommit (0–100 %)?').fill('20');
    await owner.getByRole('button', { name: 'Skicka rapport' }).click();
    await owner.getByText(/Lägesrapport: avviker från plan, 20 %/).waitFor();
    await check(owner, '04-aktivitet-efter-rapport');

    const leader = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
    await signIn(leader, 'operativ@samverkan.example');
    await leader.getByRole('heading', { name: 'Översikt' }).waitFor();
    const policeRow = leader.getByRole('row', { name: /Polisen, lokalpolisområde Västerås/ });
    await expect(await policeRow.getByRole('cell').nth(3).textContent()).toBe('1'); // Avviker
    await check(leader, '05-oversikt');
    // Each number links to the list behind it.
    await policeRow.getByRole('link', { name: '1 som avviker från plan' }).click();
    await leader.getByRole('heading', { name: 'Aktiviteter: Avviker från plan' }).waitFor();
    expect(await leader.getByRole('main').getByRole('listitem').allTextContents()).toEqual(['Människan bakom uniformen (MBU) (Lång sikt)']);
    await leader.goBack();
    await leader.getByRole('heading', { name: 'Översikt' }).waitFor();

    await policeRow.getByRole('link', { name: '1 öppna eskaleringar på nivå 1' }).click();
    await leader.getByRole('heading', { name: 'Eskaleringar' }).waitFor();
    await check(leader, '06-eskaleringar');
    await leader.getByLabel('Kommentar (vad gör ledningen?)').fill('Vi tar upp det med polisområdet på torsdag.');
    await leader.getByRole('button', { name: 'Kvittera' }).click();
    await leader.getByText(/Kvitterad .*: Vi tar upp det med polisområdet på torsdag\./).waitFor();
    await check(leader, '07-eskalering-kvitterad');

    await owner.goto(`${base}/#/notiser`);
    await owner.getByText('Eskaleringen för ”Människan bakom uniformen (MBU)” är kvitterad').waitFor({ timeout: 20_000 });
    await check(owner, '08-notiser');

    const visitor = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
    await visitor.goto(`${base}/insyn`);
    await visitor.getByRole('heading', { name: 'Insyn: så går arbetet' }).waitFor();
    await check(visitor, '09-insyn');
  });

  it('lets an admin create an activity, pause it with a reason, resume it and change its goal areas', async () => {
    const admin = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
    await signIn(admin, 'admin@samverkan.example');
    await admin.getByRole('link', { name: 'Ny aktivitet' }).click();
    await admin.getByRole('heading', { name: 'Ny aktivitet' }).waitFor();
    await check(admin, '11-ny-aktivitet');
    await admin.getByRole('button', { name: 'Skapa aktiviteten' }).click();
    await admin.getByText('Ge aktiviteten ett namn (minst 3 tecken).').waitFor();
    await admin.getByLabel('Namn', { exact: true }).fill('Trygghetsvandringar efter skjutning');
    await admin.getByLabel('Kortnamn').fill('trygghetsvandringar');
    await admin.getByLabel('C Ökad tillit till myndigheter').check();
    await admin.getByLabel('Ansvarig part').selectOption('police');
    await admin.getByRole('button', { name: 'Skapa aktiviteten' }).click();
    await admin.getByRole('heading', { name: 'Trygghetsvandringar efter skjutning' }).waitFor();
    await admin.getByRole('heading', { name: 'Styr aktiviteten' }).waitFor();
    await check(admin, '12-ny-aktivitet-skapad');

    await admin.getByLabel('Skäl till paus').fill('Väntar på ny samordnare');
    await admin.getByRole('button', { name: 'Pausa' }).click();
    await admin.getByText(/Pausad sedan .*: Väntar på ny samordnare/).waitFor();
    await check(admin, '13-pausad');
    await admin.getByRole('button', { name: 'Återuppta' }).click();
    await admin.getByLabel('Skäl till paus').waitFor();

    await admin.getByLabel('G Trygga och bra boendemiljöer').check();
    await admin.getByRole('button', { name: 'Spara målområden' }).click();
    await admin.getByText(/Målområden: C Ökad tillit till myndigheter, G Trygga och bra boendemiljöer/).waitFor();
    const timeline = await admin.getByRole('list').last().textContent();
    expect(timeline).toMatch(/Pausad: Väntar på ny samordnare/);
    expect(timeline).toMatch(/Återupptagen/);
  });

  /**
   * Presses Tab until the focused element passes `test` (a function source, run in the page), checking
   * on the way that every element the keyboard reaches shows its focus.
   */
  async function tabUntil(page: Page, test: string, max = 60): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const [hit, element, outline]: [boolean, string, string] = await page.evaluate(`(() => {
        const el = document.activeElement;
        return [Boolean((${test})(el)), el.outerHTML.slice(0, 100), el === document.body ? 'body' : getComputedStyle(el).outlineStyle];
      })()`);
      expect([element, outline]).not.toEqual([element, 'none']);
      if (hit) return;
    }
    throw new Error(`Tab never reached an element for which ${test}`);
  }

  it('can be used with the keyboard alone, with a visible focus: sign in, open an activity, report', async () => {
    const page = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
    await page.goto(`${base}/#/logga-in`);
    await page.getByRole('heading', { name: 'Logga in' }).waitFor();
    await page.keyboard.press('Tab'); // from the page's main area to its first field
    expect(await page.evaluate('document.activeElement.id')).toBe('email');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    await page.keyboard.type('stad@samverkan.example');
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Mina aktiviteter' }).waitFor();

    // To the first of my activities, and open it.
    await page.getByRole('main').getByRole('link').first().waitFor();
    await tabUntil(page, "(el) => el.tagName === 'A' && el.closest('main table')");
    const title = (await page.evaluate('document.activeElement.textContent')) as string;
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Lämna lägesrapport' }).waitFor();

    // The report form: arrow keys move within the status choices, Tab between fields, Enter sends.
    await tabUntil(page, "(el) => el.id === 's-on'");
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(`document.querySelector('input[name=status]:checked').value`)).toBe('at_risk');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('progress');
    await page.keyboard.type('55');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('summary');
    await page.keyboard.type('Tolv sommarjobb klara, avtal med två nya arbetsgivare dröjer.');
    await tabUntil(page, "(el) => el.tagName === 'BUTTON' && el.textContent === 'Skicka rapport'", 3);
    await page.keyboard.press('Enter');
    await page.getByText(/Lägesrapport: risk för avvikelse, 55 %/).waitFor();
  });

  it('works at phone width', async () => {
    const phone = await (await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'sv-SE' })).newPage();
    await signIn(phone, 'ledning@samverkan.example');
    await phone.getByRole('heading', { name: 'Översikt' }).waitFor();
    const width: number = await phone.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    await check(phone, '10-oversikt-mobil');
  });
});
