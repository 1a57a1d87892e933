/**
 * The web app in a real browser (Debian's Chromium driven by playwright-core): an owner reports off
 * track, with a delmål reached and next steps, a leader follows Översikt's numbers to the lists behind
 * them and acknowledges the escalation, the owner reads the acknowledgement among the notifications.
 * Every page a test visits is scanned with axe-core for WCAG 2.1 A/AA violations, and a screenshot of
 * each is kept in test/artifacts/screens.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Browser, chromium, Page } from 'playwright-core';
import { projectRoot } from '@app/devstack';
import { CHROMIUM_ARGS, ensureChromium, signInInBrowser } from '../support/chromium';
import { TEST_PASSWORD } from '../support/test-api';
import { useLiveApi } from '../support/live-api';

const SCREENS = join(projectRoot(), 'test', 'artifacts', 'screens');
/** Every in-app address names the agreement: the seeded Västerås one here. */
const V = '#/vasteras-2023-2027';
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

  /** What the browser refused under the Content-Security-Policy, on any page of any context: nothing, we check. */
  const cspViolations: string[] = [];
  async function newContext(options: Parameters<Browser['newContext']>[0]) {
    const context = await browser.newContext(options);
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${message.location().url}: ${message.text()}`);
    });
    return context;
  }

  /** Scans the page with axe-core for WCAG 2.1 A and AA rules and keeps a screenshot; nothing was refused by the CSP. */
  async function check(page: Page, name: string): Promise<void> {
    expect([name, cspViolations]).toEqual([name, []]);
    await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
    await page.evaluate(AXE); // not a <script> tag: the page's Content-Security-Policy allows no inline script
    // Evaluated in the page (a string, since the browser's globals are not this file's).
    const violations: string[] = await page.evaluate(`
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
        .then((r) => r.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.length + ')'))`);
    expect([name, violations]).toEqual([name, []]);
  }

  it('owner reports off track with a delmål and next steps, a leader follows Översikt to the lists and acknowledges, the owner reads the notifications', async () => {
    const owner = await (await newContext({ locale: 'sv-SE' })).newPage();
    await owner.goto(`${base}/#/logga-in`);
    await owner.getByRole('heading', { name: 'Logga in' }).waitFor();
    await check(owner, '01-logga-in');

    await signInInBrowser(owner, base, 'polis@samverkan.example');
    await owner.getByRole('heading', { name: 'Mina aktiviteter' }).waitFor();
    await owner.getByRole('link', { name: 'Människan bakom uniformen (MBU)' }).waitFor();
    await check(owner, '02-mina-aktiviteter');

    await owner.getByRole('link', { name: 'Människan bakom uniformen (MBU)' }).click();
    await owner.getByRole('heading', { name: 'Lämna lägesrapport' }).waitFor();
    await check(owner, '03-aktivitet');
    // Phase dates and the cadence in Swedish words, not 2023-06-01 and P13W.
    const plan = (await owner.getByRole('heading', { name: 'Faser och delmål' }).locator('xpath=following-sibling::ul[1]').innerText()).trim();
    expect(plan).toMatch(/^Kort sikt: 1 juni 2023 – \d{1,2} [a-zåäö]+ 2024, uppföljning var 4:e vecka/);
    expect(plan).toMatch(/Lång sikt: .* – 1 juni 2027, uppföljning var 13:e vecka/);
    expect(plan).not.toMatch(/\d{4}-\d{2}-\d{2}|P\d+W/);
    // The personal-data notice is shown, and read out with both free-text fields.
    const notice = owner.getByText('Skriv inga personuppgifter om invånare eller barn. Beskriv arbetet, inte enskilda personer.');
    expect(await notice.isVisible()).toBe(true);
    const noticeId = await notice.getAttribute('id');
    expect(noticeId).toBeTruthy();
    for (const field of ['Lägesbeskrivning', 'Nästa steg (frivilligt)']) {
      expect((await owner.getByLabel(field, { exact: true }).getAttribute('aria-describedby'))?.split(' ')).toContain(noticeId);
    }
    await owner.getByLabel('Avviker från plan').check();
    await owner.getByLabel('Hur långt har ni kommit (0–100 %)?').fill('150');
    await owner.getByLabel('Lägesbeskrivning').fill('Inga besök i förskolorna sedan september.');
    await owner.getByRole('button', { name: 'Skicka rapport' }).click();
    await owner.getByText('Ange hur långt ni kommit, från 0 till 100 %.').waitFor(); // checked before sending
    await owner.getByLabel('Hur långt har ni kommit (0–100 %)?').fill('20');
    await owner.getByLabel('Nästa steg (frivilligt)').fill('x'.repeat(2001));
    await owner.getByRole('button', { name: 'Skicka rapport' }).click();
    await owner.getByText('Nästa steg får vara högst 2000 tecken (nu 2001). Korta texten.').waitFor();
    await owner.getByLabel('Nästa steg (frivilligt)').fill('Nytt möte med förskolecheferna i december.');
    // The delmål of every phase can be reported on; this one is reached.
    const shortMilestone = owner.getByRole('group', { name: 'Delmål, Kort sikt' }).getByLabel('Nuläge beskrivet och arbetsplan fastställd');
    expect(await shortMilestone.isChecked()).toBe(false);
    await shortMilestone.check();
    await owner.getByRole('button', { name: 'Skicka rapport' }).click();
    await owner.getByText(/Lägesrapport: avviker från plan, 20 % – Inga besök i förskolorna sedan september\. Delmål klart: Nuläge beskrivet och arbetsplan fastställd\. Nästa steg: Nytt möte med förskolecheferna i december\./).waitFor();
    await owner.getByText(/Delmål: Nuläge beskrivet och arbetsplan fastställd, senast \d{1,2} [a-zåäö]+ 2023 \(uppnått \d{1,2} [a-zåäö]+ 20\d\d\)/).waitFor();
    expect(await owner.getByRole('group', { name: 'Delmål, Kort sikt' }).getByLabel('Nuläge beskrivet och arbetsplan fastställd').isChecked()).toBe(true);
    await check(owner, '04-aktivitet-efter-rapport');

    const leader = await (await newContext({ locale: 'sv-SE' })).newPage();
    await signInInBrowser(leader, base, 'operativ@samverkan.example');
    await leader.getByRole('heading', { name: 'Översikt' }).waitFor();
    const policeRow = leader.getByRole('row', { name: /Polisen, lokalpolisområde Västerås/ });
    expect((await policeRow.getByRole('cell').nth(2).getByRole('link').innerText()).replace(/\s+/g, ' ').trim()).toBe('✕ 1'); // Avviker, in its colour and symbol
    await leader.getByText(/^Trygghetsrådets nästa möte: \d{1,2} [a-zåäö]+ 20\d\d · ärenden dit: 0$/).waitFor();
    await check(leader, '05-oversikt');

    // Each number links to the list behind it, with the row's filter: the list holds what was counted.
    const overviewLink = (name: string, where = leader.getByRole('main')) => where.getByRole('link', { name, exact: true });
    expect(await overviewLink('1 som avviker från plan', policeRow).getAttribute('href')).toBe(`${V}/aktiviteter?party=police&status=off_track`);
    expect(await overviewLink('1 öppna eskaleringar på nivå 1', policeRow).getAttribute('href')).toBe(`${V}/eskaleringar?party=police&state=open&level=1`);
    const areaA = leader.getByRole('row', { name: /^A / });
    expect(await overviewLink('0 öppna eskaleringar på nivå 1', areaA).getAttribute('href')).toBe(`${V}/eskaleringar?goalArea=A&state=open&level=1`);
    const longPhase = leader.getByRole('row', { name: /^Lång sikt/ });
    expect(await overviewLink('16 aktiviteter', longPhase).getAttribute('href')).toBe(`${V}/aktiviteter?phase=long`);
    // The totals line at the top links too.
    expect(await overviewLink('16').getAttribute('href')).toBe(`${V}/aktiviteter`);
    expect(await overviewLink('0 försenade').first().getAttribute('href')).toBe(`${V}/aktiviteter?overdue=true`);
    expect(await overviewLink('1 öppna eskaleringar').getAttribute('href')).toBe(`${V}/eskaleringar?state=open`);

    await overviewLink('1 som avviker från plan', policeRow).click();
    await leader.getByRole('heading', { name: 'Aktiviteter: Polisen, lokalpolisområde Västerås, Avviker från plan' }).waitFor();
    expect(await leader.locator('#activity-list tbody th').allTextContents()).toEqual(['Människan bakom uniformen (MBU)']);
    await leader.getByText('1 aktivitet som följs upp.').waitFor();
    await check(leader, '05a-aktiviteter-polisen-avviker');
    await leader.goBack();
    await leader.getByRole('heading', { name: 'Översikt' }).waitFor();

    await overviewLink('0 öppna eskaleringar på nivå 1', areaA).click();
    await leader.getByText('0 öppna eskaleringar på nivå 1 (Övergripande operativ ledning) i målområde A.').waitFor();
    await check(leader, '05b-eskaleringar-tom-lista');
    await leader.goBack();
    await leader.getByRole('heading', { name: 'Översikt' }).waitFor();

    await overviewLink('1 öppna eskaleringar på nivå 1', policeRow).click();
    await leader.getByText('1 öppen eskalering på nivå 1 (Övergripande operativ ledning) för Polisen, lokalpolisområde Västerås.').waitFor();
    expect(await leader.getByRole('main').getByRole('heading', { level: 2 }).allTextContents()).toEqual(['Människan bakom uniformen (MBU)']);
    await leader.getByText('Öppen, inte kvitterad.').waitFor();
    await check(leader, '06-eskaleringar');
    await leader.getByRole('button', { name: 'Kvittera' }).click();
    await leader.getByText('Skriv en kommentar (minst 3 tecken): vad gör ledningen?').waitFor();
    await leader.getByLabel('Kommentar (vad gör ledningen?)').fill('Vi tar upp det med polisområdet på torsdag.');
    await leader.getByRole('button', { name: 'Kvittera' }).click();
    await leader.getByText(/Kvitterad .*: Vi tar upp det med polisområdet på torsdag\./).waitFor();
    // Acknowledged, it is still open until a report resolves it: still on the list, still counted.
    await leader.getByText('Öppen, kvitterad.').waitFor();
    await leader.getByText(/^1 öppen eskalering på nivå 1/).waitFor();
    await check(leader, '07-eskalering-kvitterad');
    await leader.getByRole('link', { name: 'Översikt', exact: true }).click();
    await leader.getByRole('heading', { name: 'Översikt' }).waitFor();
    await overviewLink('1 öppna eskaleringar', policeRow.page().getByRole('main')).waitFor();
    await overviewLink('1 öppna eskaleringar på nivå 1', policeRow).waitFor();

    // An address from before addresses named the agreement leads to the person's only one.
    await owner.goto(`${base}/#/notiser`);
    await owner.waitForURL(`${base}/${V}/notiser`);
    const acknowledged = 'Eskaleringen för ”Människan bakom uniformen (MBU)” är kvitterad';
    await owner.getByRole('link', { name: acknowledged }).waitFor({ timeout: 20_000 });
    // The menu says how many are unread, as many as there are to mark read.
    const markButtons = owner.getByRole('button', { name: /^Markera som läst:/ });
    const unread = await markButtons.count();
    expect(unread).toBeGreaterThanOrEqual(2);
    const menuLink = owner.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: /^Notiser/ });
    await owner.getByRole('link', { name: `Notiser (${unread} olästa)`, exact: true }).waitFor();
    await check(owner, '08-notiser');
    // Mark one read: it loses its mark and the menu counts one fewer.
    const markAcknowledged = owner.getByRole('button', { name: `Markera som läst: ${acknowledged}` });
    await markAcknowledged.click();
    await owner.getByRole('link', { name: `Notiser (${unread - 1} ${unread - 1 === 1 ? 'oläst' : 'olästa'})`, exact: true }).waitFor();
    await markAcknowledged.waitFor({ state: 'detached' }); // the list is drawn again after the menu
    expect(await markButtons.count()).toBe(unread - 1);
    expect(await owner.getByRole('listitem').filter({ hasText: acknowledged }).innerText()).not.toMatch(/Oläst/);
    await check(owner, '08a-notis-last');
    // A notification links to its activity; opening it marks it read.
    const escalated = owner.getByRole('main').getByRole('link', { name: /^Eskalering nivå 1 till Övergripande operativ ledning/ });
    await escalated.click();
    await owner.getByRole('heading', { name: 'Människan bakom uniformen (MBU)', level: 1 }).waitFor();
    await owner.getByRole('link', { name: unread - 2 ? `Notiser (${unread - 2} ${unread - 2 === 1 ? 'oläst' : 'olästa'})` : 'Notiser', exact: true }).waitFor();
    expect(await menuLink.count()).toBe(1);
    await check(owner, '08b-aktivitet-fran-notis');

    const visitor = await (await newContext({ locale: 'sv-SE' })).newPage();
    await visitor.goto(`${base}/insyn`);
    await visitor.getByRole('heading', { name: 'Insyn: så går arbetet' }).waitFor();
    await check(visitor, '09-insyn');
  });

  it('lets an admin create an activity, pause it with a reason, resume it, change its plan (in Swedish words) and its goal areas', async () => {
    const admin = await (await newContext({ locale: 'sv-SE' })).newPage();
    await signInInBrowser(admin, base, 'admin@samverkan.example');
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
    // Steering is behind its own button; it stays open while the page is redrawn after each change.
    await admin.getByRole('button', { name: 'Styr aktiviteten' }).click();
    await check(admin, '12-ny-aktivitet-skapad');

    await admin.getByLabel('Skäl till paus').fill('Väntar på ny samordnare');
    await admin.getByRole('button', { name: 'Pausa' }).click();
    await admin.getByText(/^Pausad sedan \d{1,2} [a-zåäö]+ 2026: Väntar på ny samordnare$/).waitFor();
    await check(admin, '13-pausad');
    await admin.getByRole('button', { name: 'Återuppta' }).click();
    await admin.getByText('Skriv varför aktiviteten återupptas (minst 3 tecken).').waitFor();
    await admin.getByLabel('Skäl till att återuppta').fill('Ny samordnare på plats');
    await admin.getByRole('button', { name: 'Återuppta' }).click();
    await admin.getByLabel('Skäl till paus').waitFor();

    // The plan in Swedish: dates and cadences in words; a new cadence is a choice in words (the ISO form only in the API).
    expect(await admin.getByLabel('Fas', { exact: true }).locator('option').first().textContent()).toMatch(/^Kort sikt \(\d{1,2} [a-zåäö]+ 2026 – \d{1,2} [a-zåäö]+ 2027, uppföljning var 4:e vecka\)$/);
    const cadenceField = admin.getByLabel('Ny uppföljningsperiod (frivilligt)');
    expect(await cadenceField.locator('option').allTextContents()).toEqual(['Behåll nuvarande', 'varje vecka', 'varannan vecka', 'var fjärde vecka', 'varje månad', 'varje kvartal']);
    // Nothing chosen: refused at the field, which is marked and gets focus.
    await admin.getByRole('button', { name: 'Spara plan' }).click();
    await admin.getByText('Välj en ny uppföljningsperiod eller ange ett nytt slutdatum.').waitFor();
    expect(await cadenceField.getAttribute('aria-invalid')).toBe('true');
    expect(await admin.evaluate('document.activeElement?.id')).toBe('plan-cadence');
    await cadenceField.selectOption({ label: 'varannan vecka' });
    await check(admin, '14-plan');
    await admin.getByRole('button', { name: 'Spara plan' }).click();
    await admin.getByText(/^Kort sikt: .*, uppföljning varannan vecka/).waitFor();
    // An error from the API is explained in Swedish; its own (English) words only behind "Teknisk information".
    // Dates are written ÅÅÅÅ-MM-DD (the hint says so); a day not in the calendar is refused at the field.
    const targetField = admin.getByLabel('Nytt slutdatum (frivilligt)');
    expect(await admin.locator(`#${await targetField.getAttribute('aria-describedby')}`).textContent()).toBe('Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-03-01.');
    await targetField.fill('2027-02-30');
    await admin.getByRole('button', { name: 'Spara plan' }).click();
    await admin.getByText('2027-02-30 finns inte i kalendern.').waitFor();
    expect(await targetField.getAttribute('aria-invalid')).toBe('true');
    await targetField.fill('2020-01-01');
    await admin.getByRole('button', { name: 'Spara plan' }).click();
    const planForm = admin.locator('form#plan');
    await planForm.getByText('Teknisk information').waitFor();
    expect(await planForm.getByRole('alert').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Uppgifterna kunde inte tas emot|Datumet ligger utanför/)]));
    expect(await planForm.getByText(/is outside the agreement's period/).isVisible()).toBe(false);
    await planForm.getByText('Teknisk information').click();
    await planForm.getByText(/2020-01-01 is outside the agreement's period/).waitFor();
    await check(admin, '15-plan-fel');

    await admin.getByLabel('G Trygga och bra boendemiljöer').check();
    await admin.getByRole('button', { name: 'Spara målområden' }).click();
    await admin.getByText(/Målområden: C Ökad tillit till myndigheter, G Trygga och bra boendemiljöer/).waitFor();
    const timeline = await admin.getByRole('list').last().textContent();
    expect(timeline).toMatch(/Pausad: Väntar på ny samordnare/);
    expect(timeline).toMatch(/Återupptagen: Ny samordnare på plats/);
    await check(admin, '15a-malomraden-sparade');

    // Cancelling is permanent: a dialog names what happens and asks for the reason; going back changes nothing.
    await admin.getByRole('button', { name: 'Avsluta aktiviteten permanent …' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Avsluta aktiviteten permanent?' });
    await dialog.getByText('Det går inte att ångra. Aktiviteten och dess historik finns kvar att läsa.').waitFor();
    await check(admin, '15b-avsluta-dialog');
    await dialog.getByRole('button', { name: 'Nej, behåll aktiviteten' }).click();
    await dialog.waitFor({ state: 'detached' });
    await admin.getByRole('button', { name: 'Avsluta aktiviteten permanent …' }).click();
    await dialog.getByRole('button', { name: 'Ja, avsluta aktiviteten permanent' }).click();
    await dialog.getByText('Skriv varför, så att det finns med i historiken.').waitFor();
    expect(await dialog.getByLabel('Skäl till att aktiviteten avslutas').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Skäl till att aktiviteten avslutas').fill('Slås ihop med Myndighetsnärvaro');
    await dialog.getByRole('button', { name: 'Ja, avsluta aktiviteten permanent' }).click();
    await admin.getByText('Aktiviteten är avbruten', { exact: true }).waitFor();
    expect(await admin.getByRole('heading', { name: 'Styr aktiviteten' }).count()).toBe(0);
    expect(await admin.getByRole('list').last().textContent()).toMatch(/Aktiviteten avbröts: Slås ihop med Myndighetsnärvaro/);
    await check(admin, '15b-avbruten');
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
    const page = await (await newContext({ locale: 'sv-SE' })).newPage();
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
    await check(page, '16-tangentbord-mina-aktiviteter');
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
    // Then the next steps and the delmål (three phases, one each), then the button.
    await tabUntil(page, "(el) => el.tagName === 'BUTTON' && el.textContent === 'Skicka rapport'", 6);
    await page.keyboard.press('Enter');
    await page.getByText(/Lägesrapport: risk för avvikelse, 55 %/).waitFor();
    await check(page, '17-tangentbord-efter-rapport');
  });

  /** Every table cell's visible text at phone width, which must start with its column's name. */
  async function cellTexts(page: Page): Promise<{ label: string; text: string }[]> {
    return page.evaluate(`Array.from(document.querySelectorAll('main td')).map((td) => {
      const table = td.closest('table');
      const label = table.querySelectorAll('thead th')[td.cellIndex].textContent;
      return { label, text: td.innerText.trim() };
    })`);
  }

  it('works at phone width, where each table cell names its column', async () => {
    const phone = await (await newContext({ viewport: { width: 375, height: 740 }, locale: 'sv-SE' })).newPage();
    await signInInBrowser(phone, base, 'ledning@samverkan.example');
    await phone.getByRole('heading', { name: 'Översikt' }).waitFor();
    const width: number = await phone.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    expect(await phone.locator('main thead').first().isVisible()).toBe(false);
    const cells = await cellTexts(phone);
    // Per goal area (and their sum), all activities once, per party, per phase.
    expect(cells.length).toBe((8 + 1 + 1 + 4 + 3) * 7);
    for (const { label, text } of cells) expect(text.startsWith(`${label}: `)).toBe(true);
    // Each row's off-track number with its symbol and its share of the row (the goal areas' sum row has plain sums).
    const offTrack = cells.filter((c) => c.label === 'Avviker' && c.text.includes('%'));
    expect(offTrack).toHaveLength(8 + 1 + 4 + 3);
    for (const c of offTrack) expect(c.text.replace(/\s+/g, ' ')).toMatch(/^Avviker: ✕ \d+ \d+ %/);
    await check(phone, '10-oversikt-mobil');

    const owner = await (await newContext({ viewport: { width: 375, height: 740 }, locale: 'sv-SE' })).newPage();
    await signInInBrowser(owner, base, 'polis@samverkan.example');
    await owner.getByRole('heading', { name: 'Mina aktiviteter' }).waitFor();
    await owner.getByRole('link', { name: 'Människan bakom uniformen (MBU)' }).waitFor();
    expect(await owner.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    const mine = await cellTexts(owner);
    expect(mine.length).toBe(4 * 3);
    for (const { label, text } of mine) expect(text.startsWith(`${label}: `)).toBe(true);
    expect(mine).toContainEqual({ label: 'Senaste status', text: 'Senaste status: ✕ Avviker från plan' });
    await check(owner, '10a-mina-aktiviteter-mobil');
  });
});
