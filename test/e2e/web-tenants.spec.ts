/**
 * Two tenants in a real browser (Debian's Chromium driven by playwright-core): the police coordinator
 * who is a member of both Västerås and Exempelby chooses an agreement, switches between them and sees
 * each one's Översikt and lists (that agreement's activities only), with the roles of his membership
 * there; links as e-mails carry them (`/#/<agreementKey>/aktivitet/<key>`) open the right agreement's
 * activity although both have an `mbu`; the last agreement used is remembered for the next sign-in and
 * for old links that name none; a person of one agreement sees no switcher and none of the other's;
 * a person of none is told so. Every API call names the agreement of the page; the
 * Content-Security-Policy refuses nothing; every page passes axe-core's WCAG 2.1 A/AA rules.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { hash } from 'bcryptjs';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { projectRoot } from '@app/devstack';
import { Activity, DEMO_STAFF, EXEMPELBY_2025_2028, seedAgreement } from '@app/database';
import { activityLink } from '@app/notifications/notification-writer';
import { ActivityLifecycleClient } from '@app/temporal';
import { CHROMIUM_ARGS, ensureChromium, signInInBrowser } from '../support/chromium';
import { TEST_PASSWORD } from '../support/test-api';
import { useLiveApi } from '../support/live-api';

const SCREENS = join(projectRoot(), 'test', 'artifacts', 'screens');
const webRoot = mkdtempSync(join(tmpdir(), 'samverkan-web-'));
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TODAY = '2026-11-23';
const V = 'vasteras-2023-2027';
const E = 'exempelby-2025-2028';
const BOTH = 'polis.samordnare@samverkan.example';
const VASTERAS_MBU = 'Människan bakom uniformen (MBU)';
const EXEMPELBY_MBU = 'Människan bakom uniformen i Exempelby';
const EXEMPELBY_TITLES = EXEMPELBY_2025_2028.activities.map((a) => a.title);

describe('the web app with two tenants', () => {
  beforeAll(() => {
    const built = spawnSync(process.execPath, [join(projectRoot(), 'scripts', 'build-web.js'), webRoot], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('building the web app failed');
    mkdirSync(SCREENS, { recursive: true });
  });
  // Västerås is seeded by useLiveApi; Exempelby (and the coordinator's second membership) below.
  const live = useLiveApi(TODAY, { env: { WEB_ROOT: webRoot } });
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    await seedAgreement(live.ds, EXEMPELBY_2025_2028, { today: TODAY, password: TEST_PASSWORD, staff: DEMO_STAFF });
    const exempelby = await live.ds.query(`SELECT a.id FROM activity a JOIN agreement g ON g.id = a.agreement_id WHERE g.key = $1`, [E]);
    await live.app.get(ActivityLifecycleClient).ensureStarted(exempelby.map((a: Activity) => a.id));
    await live.ds.query(`INSERT INTO app_user (email, name, password_hash) VALUES ($1, $2, $3)`, [
      'utan.medlemskap@samverkan.example',
      'Ulla Utan',
      await hash(TEST_PASSWORD, 4),
    ]);
    await live.app.listen(0, '127.0.0.1');
    base = (await live.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
  }, 15 * 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  /** What the browser refused under the Content-Security-Policy, on any page of any context: nothing, we check. */
  const cspViolations: string[] = [];
  /** API calls (but sign-in's) that named no agreement, or another than the page's; and answers 400 or 5xx. */
  const unscoped: string[] = [];
  const failed: string[] = [];
  async function newContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
    const context = await browser.newContext({ locale: 'sv-SE', ...options });
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${message.location().url}: ${message.text()}`);
    });
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (!url.pathname.startsWith('/api/') || url.pathname.startsWith('/api/auth/')) return;
      const page = /^#\/([^/?]+)\//.exec(new URL(request.frame().url()).hash)?.[1];
      if (url.searchParams.get('agreement') !== page) unscoped.push(`${request.method()} ${url.pathname}${url.search} on #/${page ?? ''}`);
    });
    context.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith('/api/') && (response.status() === 400 || response.status() >= 500)) failed.push(`${response.status()} ${url.pathname}${url.search}`);
    });
    return context;
  }

  /** Scans the page with axe-core for WCAG 2.1 A and AA rules and keeps a screenshot; nothing was refused by the CSP. */
  async function check(page: Page, name: string): Promise<void> {
    expect([name, cspViolations]).toEqual([name, []]);
    await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
    await page.evaluate(AXE); // not a <script> tag: the page's Content-Security-Policy allows no inline script
    const violations: string[] = await page.evaluate(`
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
        .then((r) => r.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.length + ')'))`);
    expect([name, violations]).toEqual([name, []]);
  }

  const main = (page: Page) => page.getByRole('main');
  const hashOf = (page: Page) => new URL(page.url()).hash;
  /** The titles an activity list (behind Översikt's total) shows, in its order. */
  const listedTitles = async (page: Page) => {
    await main(page).locator('#activity-list tbody tr').first().waitFor();
    return (await main(page).locator('#activity-list tbody th').allTextContents()).map((t) => t.trim());
  };
  const switcher = (page: Page) => page.getByRole('banner').getByLabel('Överenskommelse');
  async function switchTo(page: Page, key: string): Promise<void> {
    await switcher(page).selectOption(key);
    await page.getByRole('banner').getByRole('button', { name: 'Byt' }).click();
  }

  it('the coordinator of two agreements chooses, switches and sees each one’s Översikt with the roles he holds there', async () => {
    const page = await (await newContext()).newPage();
    await signInInBrowser(page, base, BOTH);
    // Nothing remembered yet and two memberships: he is asked which.
    await page.getByRole('heading', { name: 'Välj överenskommelse', level: 1 }).waitFor();
    const choices = main(page).getByRole('link');
    expect(await choices.allTextContents()).toEqual([
      `Exempelby: ${EXEMPELBY_2025_2028.title}`,
      'Västerås: Samverkansöverenskommelse mellan Västerås stad, lokalpolisområde Västerås och Mimer',
    ]);
    await check(page, 't01-valj-overenskommelse');
    await main(page).getByRole('link', { name: /^Västerås:/ }).click();
    // A coordinator lands on his activities: Västerås's police-led ones.
    await page.getByRole('heading', { name: 'Mina aktiviteter', level: 1 }).waitFor();
    expect(hashOf(page)).toBe(`#/${V}/mina`);
    await main(page).getByRole('link', { name: VASTERAS_MBU }).waitFor();
    expect(await switcher(page).inputValue()).toBe(V);
    await check(page, 't02-vasteras-mina');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Översikt', exact: true }).click();
    await page.getByRole('heading', { name: 'Översikt', level: 1 }).waitFor();
    expect(hashOf(page)).toBe(`#/${V}/oversikt`);
    await page.getByRole('row', { name: /Polisen, lokalpolisområde Västerås/ }).waitFor();
    expect(await main(page).getByRole('link', { name: '16', exact: true }).getAttribute('href')).toBe(`#/${V}/aktiviteter`);
    expect(await page.getByRole('row', { name: /Exempelby/ }).count()).toBe(0);
    await check(page, 't03-vasteras-oversikt');

    // Switching keeps the page: Exempelby's Översikt, its five activities, its parties and three goal areas.
    await switchTo(page, E);
    await page.waitForURL(`${base}/#/${E}/oversikt`);
    await page.getByRole('row', { name: /Exempelbyhem AB/ }).waitFor();
    expect(await main(page).getByRole('link', { name: '5', exact: true }).getAttribute('href')).toBe(`#/${E}/aktiviteter`);
    expect(await page.getByRole('row', { name: /Mimer|Västerås/ }).count()).toBe(0);
    const goalAreaRows = await page.getByRole('table', { name: 'Per målområde' }).locator('tbody').getByRole('rowheader').allTextContents();
    expect(goalAreaRows).toEqual(['A Trygga offentliga miljöer', 'B Barn och unga ska lyckas', 'C Tillit och delaktighet i bostadsområdena']);
    expect(await switcher(page).inputValue()).toBe(E);
    await check(page, 't04-exempelby-oversikt');
    await main(page).getByRole('link', { name: '5', exact: true }).click();
    await page.getByText('5 aktiviteter som följs upp.').waitFor();
    expect((await listedTitles(page)).sort()).toEqual([...EXEMPELBY_TITLES].sort());

    // Back in Västerås, the same list holds Västerås's activities only.
    await switchTo(page, V);
    await page.waitForURL(`${base}/#/${V}/aktiviteter`);
    await page.getByText('16 aktiviteter som följs upp.').waitFor();
    const vasteras = await listedTitles(page);
    expect(vasteras).toContain(VASTERAS_MBU);
    expect(vasteras.filter((t) => EXEMPELBY_TITLES.includes(t))).toEqual([]);

    // He coordinates the police in both, so he reports on both mbu: off track, which escalates at once.
    for (const [key, title] of [[V, VASTERAS_MBU], [E, EXEMPELBY_MBU]]) {
      await page.goto(`${base}/#/${key}/aktivitet/mbu`);
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      await page.getByLabel('Avviker från plan').check();
      await page.getByLabel('Hur långt har ni kommit (0–100 %)?').fill('10');
      await page.getByLabel('Lägesbeskrivning').fill('Besöken har uteblivit i höst.');
      await page.getByRole('button', { name: 'Skicka rapport' }).click();
      await page.getByText(/Lägesrapport: avviker från plan, 10 %/).waitFor();
    }
    await check(page, 't05-exempelby-aktivitet');
    // Switching from an activity leads to the other agreement's activities (an activity is one agreement's).
    await switchTo(page, V);
    await page.waitForURL(`${base}/#/${V}/aktiviteter`);

    // Roles are the membership's: in Exempelby he is also operational leadership and may acknowledge, in Västerås not.
    const openEscalation = async (key: string, title: string) => {
      for (let attempt = 0; ; attempt++) {
        await page.goto(`${base}/#/${key}/eskaleringar?state=open`);
        await page.getByText(/^\d+ öppen eskalering|^\d+ öppna eskaleringar/).waitFor();
        if ((await main(page).getByRole('heading', { name: title, level: 2 }).count()) > 0 || attempt === 40) break;
        await page.waitForTimeout(500); // the workflow writes the escalation
      }
      expect(await main(page).getByRole('heading', { level: 2 }).allTextContents()).toEqual([title]);
    };
    await openEscalation(E, EXEMPELBY_MBU);
    expect(await main(page).getByRole('button', { name: 'Kvittera' }).count()).toBe(1);
    await check(page, 't06-exempelby-eskaleringar');
    await openEscalation(V, VASTERAS_MBU);
    expect(await main(page).getByRole('button', { name: 'Kvittera' }).count()).toBe(0);
    await page.getByText('Öppen, inte kvitterad.').waitFor();

    // The last agreement used is remembered: he goes back to Exempelby, signs out and in again, and is there.
    await switchTo(page, E);
    await page.waitForURL(`${base}/#/${E}/eskaleringar?state=open`);
    await page.getByRole('button', { name: /^Logga ut/ }).click();
    await page.getByRole('heading', { name: 'Logga in' }).waitFor();
    await signInInBrowser(page, base, BOTH);
    await page.waitForURL(`${base}/#/${E}/mina`);
    await page.getByRole('heading', { name: 'Mina aktiviteter', level: 1 }).waitFor();
    await main(page).getByRole('link', { name: EXEMPELBY_MBU }).waitFor();
    // Exempelby's police-led activities, which he coordinates there; none of Västerås's.
    expect((await main(page).getByRole('table').getByRole('link').allTextContents()).sort()).toEqual([EXEMPELBY_MBU, 'Områdespolis på plats i Norrby och centrum'].sort());
    // An old link that names no agreement opens in the remembered one.
    await page.goto(`${base}/#/aktivitet/mbu`);
    await page.waitForURL(`${base}/#/${E}/aktivitet/mbu`);
    await page.getByRole('heading', { name: EXEMPELBY_MBU, level: 1 }).waitFor();

    expect(unscoped).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('links as e-mails carry them open the right agreement’s activity, also through sign-in', async () => {
    // The links the notifications of the two escalations above carry (the worker wrote them).
    const links = async () =>
      (await live.ds.query(
        `SELECT DISTINCT n.link FROM notification n JOIN activity a ON a.id = n.activity_id WHERE a.key = 'mbu' ORDER BY n.link`,
      )) as { link: string }[];
    for (let i = 0; i < 40 && (await links()).length < 2; i++) await new Promise((r) => setTimeout(r, 500));
    const stored = (await links()).map((l) => l.link.slice(l.link.indexOf('#')));
    expect(stored).toEqual([`#/${E}/aktivitet/mbu`, `#/${V}/aktivitet/mbu`]);

    // Not signed in: the link leads through sign-in to the activity it names.
    const page = await (await newContext()).newPage();
    const exempelbyLink = activityLink(base, E, 'mbu');
    expect(exempelbyLink).toBe(`${base}/#/${E}/aktivitet/mbu`);
    await page.goto(exempelbyLink);
    await page.getByRole('heading', { name: 'Logga in' }).waitFor();
    await check(page, 't07-lank-logga-in');
    await signInInBrowser(page, base, BOTH, { from: `#/${E}/aktivitet/mbu` });
    await page.getByRole('heading', { name: EXEMPELBY_MBU, level: 1 }).waitFor();
    expect(hashOf(page)).toBe(`#/${E}/aktivitet/mbu`);
    await page.getByText('Ansvarig part: Polisen, lokalpolisområde Exempelby', { exact: false }).waitFor();
    expect(await switcher(page).inputValue()).toBe(E);

    // Signed in: the Västerås link of the same key opens Västerås's mbu.
    await page.goto(activityLink(base, V, 'mbu'));
    await page.getByRole('heading', { name: VASTERAS_MBU, level: 1 }).waitFor();
    await page.getByText('Ansvarig part: Polisen, lokalpolisområde Västerås', { exact: false }).waitFor();
    expect(await switcher(page).inputValue()).toBe(V);
    await check(page, 't08-vasteras-aktivitet-fran-lank');

    // Exempelby's operational leadership reads the escalation among the notifications; its link opens Exempelby's mbu.
    const leader = await (await newContext()).newPage();
    await signInInBrowser(leader, base, 'operativ@exempelby.example');
    await leader.getByRole('heading', { name: 'Översikt', level: 1 }).waitFor();
    expect(hashOf(leader)).toBe(`#/${E}/oversikt`);
    await leader.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: /^Notiser/ }).click();
    const escalated = main(leader).getByRole('link', { name: /^Eskalering nivå 1/ });
    await escalated.first().waitFor();
    expect(await escalated.count()).toBe(1); // Västerås's escalation reaches nobody here
    expect(await escalated.getAttribute('href')).toBe(`#/${E}/aktivitet/mbu`);
    await escalated.click();
    await leader.getByRole('heading', { name: EXEMPELBY_MBU, level: 1 }).waitFor();

    expect(unscoped).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('a person of one agreement sees no switcher and nothing of another; a person of none is told so', async () => {
    const one = await (await newContext()).newPage();
    await signInInBrowser(one, base, 'polis@exempelby.example');
    await one.getByRole('heading', { name: 'Mina aktiviteter', level: 1 }).waitFor();
    expect(hashOf(one)).toBe(`#/${E}/mina`);
    expect(await one.getByRole('banner').getByRole('combobox').count()).toBe(0);
    expect((await one.getByRole('banner').textContent())?.replace(/\s+/g, ' ')).toContain(`Överenskommelse: Exempelby: ${EXEMPELBY_2025_2028.title}`);
    // Menu roles are those of his membership: an owner, no admin page.
    expect(await one.getByRole('link', { name: 'Ny aktivitet' }).count()).toBe(0);
    await check(one, 't09-en-overenskommelse');
    // Another tenant's address shows nothing of it.
    await one.goto(`${base}/#/${V}/oversikt`);
    await one.getByRole('heading', { name: 'Överenskommelsen finns inte för dig', level: 1 }).waitFor();
    expect(await one.getByRole('row').count()).toBe(0);
    await main(one).getByRole('link', { name: /^Exempelby:/ }).click();
    await one.waitForURL(`${base}/#/${E}/mina`);

    const none = await (await newContext()).newPage();
    await signInInBrowser(none, base, 'utan.medlemskap@samverkan.example');
    await none.getByRole('heading', { name: 'Inget medlemskap', level: 1 }).waitFor();
    await none.getByText('Du är inte medlem i någon samverkansöverenskommelse ännu, så det finns inget att visa här.').waitFor();
    expect(await none.getByRole('link', { name: 'Översikt' }).count()).toBe(0);
    await check(none, 't10-inget-medlemskap');
    await none.goto(`${base}/#/aktivitet/mbu`);
    await none.getByRole('heading', { name: 'Inget medlemskap', level: 1 }).waitFor();

    expect(unscoped).toEqual([]);
    expect(failed).toEqual([]);
  });
});
