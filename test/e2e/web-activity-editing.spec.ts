/**
 * Editing an activity's delmål, and the agreement's reminders and ladder, in a real browser (Debian's
 * Chromium driven by playwright-core) on the real API with a Temporal worker: the Västerås
 * administrator adds a delmål on the activity page (a date outside the phase explained beside the form
 * first), and the running workflow has its deadline; on "Påminnelser och eskalering" a ladder the seed
 * would refuse is explained in Swedish beside the form. The pages pass axe-core's WCAG 2.1 A/AA rules
 * and the Content-Security-Policy refuses nothing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { projectRoot } from '@app/devstack';
import { dueInstant, startOfLocalDay } from '@app/domain';
import { lifecycleWorkflowId, stateQuery } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { CHROMIUM_ARGS, ensureChromium, signInInBrowser } from '../support/chromium';
import { useLiveApi } from '../support/live-api';

const SCREENS = join(projectRoot(), 'test', 'artifacts', 'screens');
const webRoot = mkdtempSync(join(tmpdir(), 'samverkan-web-'));
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

describe('editing delmål and follow-up settings in the browser', () => {
  beforeAll(() => {
    const built = spawnSync(process.execPath, [join(projectRoot(), 'scripts', 'build-web.js'), webRoot], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('building the web app failed');
    mkdirSync(SCREENS, { recursive: true });
  });
  const live = useLiveApi('2026-11-23', { agreements: 'demo', env: { WEB_ROOT: webRoot } });
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

  const cspViolations: string[] = [];
  async function check(page: Page, name: string): Promise<void> {
    expect([name, cspViolations]).toEqual([name, []]);
    await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
    await page.evaluate(AXE);
    const violations: string[] = await page.evaluate(`
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
        .then((r) => r.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.length + ')'))`);
    expect([name, violations]).toEqual([name, []]);
  }

  it('adds a delmål on the activity page, and the running workflow has its deadline', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${message.location().url}: ${message.text()}`);
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInInBrowser(page, base, 'admin@samverkan.example', { from: '#/vasteras-2023-2027/aktivitet/feriepraktik' });
    await page
      .getByRole('heading', { name: 'Feriepraktik', level: 1 })
      .waitFor({ timeout: 15_000 })
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\nat ${page.url()}: ${await page.locator('main').innerHTML()}\npage errors: ${pageErrors.join('; ')}`);
      });
    await page.getByRole('heading', { name: 'Redigera aktiviteten' }).waitFor();
    await check(page, 'activity-editing');

    const add = page.locator('#add-milestone-long');
    await add.getByLabel('Nytt delmål, lång sikt').fill('Hundra platser tillsatta');
    // A date after the phase is explained beside the form, and nothing is sent.
    await add.getByLabel('Datum').fill('2027-06-15');
    await add.getByRole('button', { name: 'Lägg till delmål' }).click();
    await untilText(add.getByRole('alert'), /Datumet ska ligga inom fasen/);

    await add.getByLabel('Datum').fill('2027-03-15');
    const answer = page.waitForResponse((r) => r.url().includes('/phases/long/milestones') && r.request().method() === 'POST');
    await add.getByRole('button', { name: 'Lägg till delmål' }).click();
    expect((await answer).status()).toBe(201);
    await page.getByText('Delmål: Hundra platser tillsatta, senast 15 mars 2027 (pågår)').waitFor();
    await page.getByRole('form', { name: 'Delmål Hundra platser tillsatta' }).waitFor();

    const [{ id }] = await live.ds.query(`SELECT id FROM activity WHERE key = 'feriepraktik'`);
    const state = await live.client.workflow.getHandle(lifecycleWorkflowId(id)).query(stateQuery);
    expect(state.upcoming).toContainEqual({ kind: 'deadline', at: new Date(dueInstant(startOfLocalDay('2027-03-15'), true)).toISOString(), phase: 'long' });
    expect(pageErrors).toEqual([]);
    await check(page, 'activity-editing-added');

    // Reminders and the ladder: a step the seed would refuse is explained beside the form.
    await page.getByRole('navigation').getByRole('link', { name: 'Påminnelser och eskalering' }).click();
    await page.getByRole('heading', { name: 'Påminnelser och eskalering', level: 1 }).waitFor();
    await check(page, 'follow-up-settings');
    await page.getByLabel('Påminnelser före varje uppföljning').fill('P0D');
    await page.getByRole('button', { name: 'Spara inställningarna' }).click();
    await untilText(page.locator('#follow-up-settings').getByRole('alert'), /P0D/);
    const [agreement] = await live.ds.query(`SELECT reminder_offsets FROM agreement WHERE key = 'vasteras-2023-2027'`);
    expect(agreement.reminder_offsets).toEqual(['P7D', 'P1D']);
    await context.close();
  });
});

/** Waits until the locator's text matches `pattern` (jest's expect does not poll). */
async function untilText(locator: Locator, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (pattern.test((await locator.textContent()) ?? '')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${pattern} is not in "${await locator.textContent()}"`);
}
