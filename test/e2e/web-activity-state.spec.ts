/**
 * The activity page as a daily tool (issue 13, points 2, 4 and 9), in a real browser (Debian's Chromium
 * driven by playwright-core) on the real API with a worker: it opens with its state (the latest report
 * and who sent it, the next deadline in words, open escalations, overdue delmål in red with their days);
 * an owner reports and sees the new state at the top, with focus moved there; steering sits behind its
 * own button; an administrator cannot pick a council member as owner, and is told why. The page passes
 * axe-core's WCAG 2.1 A/AA rules at 1280 px, 375 px and 200 % zoom, with screenshots.
 */
import { BrowserContextOptions, Page } from 'playwright-core';
import { addDays, localDate } from '@app/domain';
import { signInInBrowser } from '../support/chromium';
import { useWebApp } from '../support/web-app';

const MBU = '#/vasteras-2023-2027/aktivitet/mbu';
const VIEWS: { name: string; options: BrowserContextOptions }[] = [
  { name: '1280', options: { viewport: { width: 1280, height: 900 } } },
  { name: '375', options: { viewport: { width: 375, height: 740 } } },
  { name: 'zoom200', options: { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 } },
];

describe('the activity page opens with its state', () => {
  const web = useWebApp('2026-11-23');
  const { live } = web;

  beforeAll(async () => {
    // A delmål of mbu's current phase whose date passed 12 days ago (Swedish time), never reported reached.
    const due = addDays(localDate(Date.now()), -12);
    await live.ds.query(
      `INSERT INTO milestone (phase_id, position, title, due_date, status)
       SELECT p.id, 99, 'Utbildningsdag genomförd', $1, 'open' FROM phase p JOIN activity a ON a.id = p.activity_id AND p.kind = a.current_phase WHERE a.key = 'mbu'`,
      [due],
    );
  });

  async function opened(email: string, options: BrowserContextOptions = VIEWS[0].options): Promise<Page> {
    const page = await web.newPage(options);
    await signInInBrowser(page, web.base, email, { from: MBU });
    await page.getByRole('heading', { name: 'Människan bakom uniformen (MBU)', level: 1 }).waitFor({ timeout: 20_000 });
    await page.getByRole('heading', { name: 'Läget' }).waitFor();
    return page;
  }

  it('an owner reports and sees the new state at the top, with focus there', async () => {
    const page = await opened('polis@samverkan.example');
    expect(await page.locator('#latest-report').innerText()).toBe('Ingen lägesrapport ännu.');
    expect(await page.locator('#next-report').innerText()).toMatch(/^Nästa rapport senast \d+ \w+ 20\d\d, (om \d+ dagar|i dag|i morgon)\.$/);
    // Steering is not stacked under the report form: it is behind its own button (polis may not steer at all).
    await page.getByRole('form', { name: 'Lämna lägesrapport' }).waitFor();

    await page.getByLabel('Risk för avvikelse').check();
    await page.getByLabel('Hur långt har ni kommit (0–100 %)?').fill('40,5');
    await page.getByLabel('Lägesbeskrivning').fill('Två av tre utbildningsdagar är klara.');
    const answer = page.waitForResponse((r) => r.url().includes('/api/activities/mbu/reports') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Skicka rapport' }).click();
    expect([201, 202]).toContain((await answer).status());

    const notice = page.locator('#activity-notice');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.innerText()).toMatch(/^Tack! Rapporten är (skickad|sparad) \(Risk för avvikelse, 41 %\)/);
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('activity-notice');
    // The notice is at the top of the page, above the state.
    const [noticeBox, stateBox] = [await notice.boundingBox(), await page.locator('.activity-state').boundingBox()];
    expect(noticeBox!.y).toBeLessThan(stateBox!.y);
    const latest = await page.locator('#latest-report').innerText();
    expect(latest).toMatch(/Risk för avvikelse/);
    expect(latest).toMatch(/41 % klart · rapporterad \d+ \w+ 2026 av Petra Polhem$/);
    // The timeline names who reported.
    expect(await page.locator('ol li').first().innerText()).toMatch(/Lägesrapport: risk för avvikelse, 41 %.*\(Petra Polhem\)$/);
    await web.check(page, 'activity-reported-1280');
    await page.context().close();
  });

  it('shows an overdue delmål in red, with its days', async () => {
    const page = await opened('operativ@samverkan.example');
    const item = page.locator('#overdue-milestones li', { hasText: 'Utbildningsdag genomförd' });
    expect(await item.innerText()).toMatch(/^Utbildningsdag genomförd: försenat 12 dagar \(senast \d+ \w+ 2026\)$/);
    const [r, g, b] = (await item.evaluate((e) => (globalThis as unknown as { getComputedStyle(x: unknown): { color: string } }).getComputedStyle(e).color)).match(/\d+/g)!.map(Number);
    expect(r).toBeGreaterThan(g + 60);
    expect(r).toBeGreaterThan(b + 60);
    // In the list of delmål too, with its state in words rather than "(pågår)".
    await page.getByText(/Delmål: Utbildningsdag genomförd, senast \d+ \w+ 2026 \(försenat 12 dagar\)/).waitFor();
    await page.context().close();
  });

  it('lets an administrator pick only owners at the lead or a co-operating party, and says why a council member is missing', async () => {
    const page = await opened('admin@samverkan.example');
    const toggle = page.getByRole('button', { name: 'Styr aktiviteten' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('#owner-select').isVisible()).toBe(false);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const options = await page.locator('#owner-select option').allInnerTexts();
    expect(options).toContain('Petra Polhem (Polisen, lokalpolisområde Västerås)');
    expect(options.some((o) => o.startsWith('Rut Rådsdotter'))).toBe(false);
    expect(options.some((o) => o.startsWith('Maja Mimersdal'))).toBe(false);
    await page.getByText('Varför saknas vissa?').click();
    await page.locator('#owner-missing').getByText(/^Rut Rådsdotter \(ingen part\) har inte rollen aktivitetsansvarig\.$/).waitFor();
    await page.locator('#owner-missing').getByText(/^Maja Mimersdal \(.+\) hör till en part som varken leder eller samverkar i aktiviteten\.$/).waitFor();
    await web.check(page, 'activity-steering-1280');
    await page.context().close();
  });

  it('passes axe on the activity page at 1280 px, 375 px and 200 % zoom', async () => {
    for (const view of VIEWS) {
      for (const [who, email] of [['owner', 'polis@samverkan.example'], ['admin', 'admin@samverkan.example']] as const) {
        const page = await opened(email, view.options);
        if (who === 'admin') await page.getByRole('button', { name: 'Styr aktiviteten' }).click();
        await web.check(page, who === 'owner' ? `activity-${view.name}` : `activity-admin-${view.name}`);
        await page.context().close();
      }
    }
  });
});
