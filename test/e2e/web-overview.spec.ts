/**
 * Översikt at a glance, the lists behind it, escalations per deadline and notifications in full, in a
 * real browser (Debian's Chromium driven by playwright-core) on the real API with a worker (issue 13,
 * points 5 and 6): the matrix shows colour, number, share, trend and totals; the list behind a number
 * has status, owner, party, progress, last report, next deadline and escalation level, sorts, filters,
 * and downloads a CSV file that csv-parse reads back (a title that would be a formula neutralised);
 * escalations are one item per deadline with their level history and who acknowledged; acknowledging
 * one a report resolved meanwhile says so in Swedish; a notification shows its whole text. Each page
 * passes axe-core's WCAG 2.1 A/AA rules at 1280 px, 375 px and 200 % zoom, with screenshots.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { BrowserContextOptions, Page } from 'playwright-core';
import { signInInBrowser } from '../support/chromium';
import { useWebApp } from '../support/web-app';

const V = '#/vasteras-2023-2027';
const DAY = 86_400_000;
/** A report is taken: 201 delivered to its workflow at once, 202 kept to be delivered. */
const accepted = (r: { status: number }) => expect([201, 202]).toContain(r.status);
const VIEWS: { name: string; options: BrowserContextOptions }[] = [
  { name: '1280', options: { viewport: { width: 1280, height: 900 } } },
  { name: '375', options: { viewport: { width: 375, height: 740 } } },
  { name: 'zoom200', options: { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 } },
];

describe('Översikt, its lists, escalations and notifications in the browser', () => {
  const web = useWebApp('2026-11-23');
  const { live } = web;
  let skjutningar: string;

  /** Two levels of one missed deadline, as the workflow writes them; returns their ids, level 1 first. */
  async function missedDeadline(activityId: string, tag: string): Promise<[string, string]> {
    const due = new Date(Date.now() - 20 * DAY);
    const ids: string[] = [];
    for (const [level, body, days] of [[1, 'operational', 13], [2, 'strategic', 6]] as const) {
      const [{ id }] = await live.ds.query(
        `INSERT INTO follow_up_event (activity_id, key, kind, phase, due_at, fired_at, level, body) VALUES ($1, $2, 'escalation', 'long', $3, now() - make_interval(days => $4), $5, $6) RETURNING id`,
        [activityId, `long:follow_up:${tag}:escalation:${level}`, due, days, level, body],
      );
      ids.push(id);
    }
    return ids as [string, string];
  }

  beforeAll(async () => {
    const polis = await live.as('polis@samverkan.example');
    await polis.post('/api/activities/mbu/reports').send({ status: 'at_risk', progress: 35, summary: 'Färre besök än planerat.' }).expect(accepted);
    await polis.post('/api/activities/skjutningar/reports').send({ status: 'on_track', progress: 60, summary: 'Arbetet går som planerat.' }).expect(accepted);
    [{ id: skjutningar }] = await live.ds.query(`SELECT id FROM activity WHERE key = 'skjutningar'`);
    await missedDeadline(skjutningar, 'web');
    // A title a spreadsheet would take for a formula: the CSV file must neutralise it.
    await live.ds.query(`UPDATE activity SET title = '=1+1 Trygga stråk' WHERE key = 'trygga-strak'`);
  });

  async function signedIn(email: string, from: string, options: BrowserContextOptions = VIEWS[0].options): Promise<Page> {
    const page = await web.newPage({ acceptDownloads: true, ...options });
    await signInInBrowser(page, web.base, email, { from });
    return page;
  }

  it('shows the matrix with colour, number, share, trend and totals, and explains why goal areas add up to more', async () => {
    const page = await signedIn('operativ@samverkan.example', `${V}/oversikt`);
    const matrix = page.getByRole('table', { name: 'Per målområde och status' });
    await matrix.waitFor();
    await page.getByText(/^Läget \d+ \w+ 2026/).waitFor();
    // Goal area C (mbu serves it): one at risk, coloured and with its symbol, its share of the row, up from none.
    const c = matrix.getByRole('row', { name: /^C / });
    const risk = c.getByRole('link', { name: '1 med risk för avvikelse', exact: true });
    expect(await risk.getAttribute('class')).toBe('status risk');
    expect((await risk.innerText()).replace(/\s+/g, ' ').trim()).toBe('! 1');
    const cActivities = Number(await c.getByRole('link', { name: / aktiviteter$/ }).innerText());
    expect(await c.locator('td').nth(1).innerText()).toContain(`${Math.round(100 / cActivities)} %`);
    expect(await c.locator('td').nth(1).locator('.trend').innerText()).toContain('↑ 1');
    // Totals: the goal areas' sum, more than the 16 activities, and why; the row counting each once.
    const sum = await matrix.locator('tfoot tr').innerText();
    const goalAreaSum = Number(/Summa av målområdena\s+(?:\S+\s+){4}(\d+)/.exec(sum.replace(/Enligt plan:|Risk:|Avviker:|Ingen rapport:|Totalt:/g, ''))?.[1]);
    expect(goalAreaSum).toBeGreaterThan(16);
    await page.getByText(`Målområdenas rader summerar till ${goalAreaSum}, fler än de 16 aktiviteterna, eftersom en aktivitet kan tjäna flera målområden`).waitFor();
    const all = page.getByRole('table', { name: 'Alla aktiviteter, var och en en gång' });
    await all.getByRole('link', { name: '16 aktiviteter', exact: true }).waitFor();
    expect(await all.getByRole('cell').nth(3).innerText()).toMatch(/14\s+88 %/);
    await web.check(page, 'overview-glance-1280');
  });

  it('prints Översikt without the menu, with the agreement and the date on top and captions kept with their tables', async () => {
    const page = await signedIn('operativ@samverkan.example', `${V}/oversikt`);
    await page.getByRole('table', { name: 'Per målområde och status' }).waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#meny').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Skriv ut översikten' }).isVisible()).toBe(false);
    const head = page.locator('#utskrift');
    expect(await head.isVisible()).toBe(true);
    expect(await head.innerText()).toMatch(/^Överenskommelse: Västerås: .* · Utskriven \d+ \w+ 2026/);
    expect(await page.locator('table.matrix caption').first().evaluate((c) => (globalThis as unknown as { getComputedStyle(e: unknown): { breakAfter: string } }).getComputedStyle(c).breakAfter)).toMatch(/^avoid/);
    expect(await page.locator('#as-of, .as-of').first().isVisible()).toBe(true);
    await page.pdf({ path: 'test/artifacts/screens/overview-print.pdf', format: 'A4' });
  });

  it('lists the activities behind a number with every column, sorts, filters and downloads a CSV file csv-parse reads', async () => {
    const page = await signedIn('operativ@samverkan.example', `${V}/oversikt`);
    await page.getByRole('table', { name: 'Alla aktiviteter, var och en en gång' }).getByRole('link', { name: '16 aktiviteter', exact: true }).click();
    const table = page.locator('#activity-list');
    await table.waitFor();
    const heads = await table.locator('thead th').allInnerTexts();
    expect(heads.map((h) => h.trim())).toEqual(['Aktivitet', 'Status', 'Aktivitetsansvarig', 'Part', 'Framsteg', 'Senaste rapport', 'Nästa uppföljning', 'Eskaleringsnivå']);
    expect(await table.locator('tbody tr').count()).toBe(16);
    await web.check(page, 'overview-list-1280');

    // Sort by progress, highest first: skjutningar (60 %), then mbu (35 %).
    const progress = table.getByRole('button', { name: 'Framsteg' });
    await progress.click();
    expect(await table.locator('th[data-key="progress"]').getAttribute('aria-sort')).toBe('ascending');
    await progress.click();
    expect(await table.locator('th[data-key="progress"]').getAttribute('aria-sort')).toBe('descending');
    const firstRows = await table.locator('tbody tr').evaluateAll((rows) => rows.slice(0, 2).map((r) => r.querySelector('th')!.textContent!.trim()));
    const [{ title: skjutningarTitle }] = await live.ds.query(`SELECT title FROM activity WHERE key = 'skjutningar'`);
    expect(firstRows).toEqual([skjutningarTitle, 'Människan bakom uniformen (MBU)']);
    const mbuRow = table.locator('tbody tr', { hasText: 'Människan bakom uniformen' });
    expect(await mbuRow.innerText()).toMatch(/Risk för avvikelse[\s\S]*35 %/);

    // The same by the choice that phone width shows instead of the column heads.
    await page.getByLabel('Sortera efter').selectOption('progress:asc');
    expect(await table.locator('th[data-key="progress"]').getAttribute('aria-sort')).toBe('ascending');
    expect(await table.locator('tbody tr').last().locator('th').innerText()).toBe(skjutningarTitle);
    await page.getByLabel('Sortera efter').selectOption('title:asc');

    // Filter by the lead party's name.
    await page.getByLabel('Filtrera (aktivitet, ansvarig eller part)').fill('Mimer');
    const mimer = await table.locator('tbody tr').count();
    expect(mimer).toBeGreaterThan(0);
    expect(mimer).toBeLessThan(16);
    await page.getByText(`Visar ${mimer} av 16.`).waitFor();
    await page.getByLabel('Filtrera (aktivitet, ansvarig eller part)').fill('');

    // The CSV file: what the table shows, read back by csv-parse, the formula-like title neutralised.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Ladda ner som CSV' }).click();
    const file = await (await download).path();
    const rows: string[][] = parse(readFileSync(file!, 'utf8'), { bom: true });
    expect(rows[0]).toEqual(heads.map((h) => h.trim()));
    expect(rows).toHaveLength(17);
    const mbu = rows.find((r) => r[0] === 'Människan bakom uniformen (MBU)')!;
    expect(mbu[1]).toBe('Risk för avvikelse');
    expect(mbu[3]).toMatch(/^Polisen/);
    expect(mbu[4]).toBe('35 %');
    expect(mbu[5]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(mbu[7]).toBe('0');
    expect(rows.map((r) => r[0])).toContain("'=1+1 Trygga stråk");
    expect(rows.map((r) => r[0])).not.toContain('=1+1 Trygga stråk');
  });

  it('shows escalations one per deadline with their level history, and says so when a report resolved one first', async () => {
    const page = await signedIn('operativ@samverkan.example', `${V}/eskaleringar?state=open`);
    await page.locator('li.escalation').first().waitFor();
    expect(await page.locator('li.escalation').count()).toBe(1);
    const one = page.locator('li.escalation').first();
    expect(await one.innerText()).toMatch(/Nivå 2: Strategisk samverkansledning/);
    expect(await one.innerText()).toMatch(/Öppen i 13 dagar/);
    const levels = await one.locator('ol.levels li').allInnerTexts();
    expect(levels).toHaveLength(2);
    expect(levels[0]).toMatch(/^Nivå 1, Övergripande operativ ledning: eskalerad .* · inte kvitterad$/);
    expect(levels[1]).toMatch(/^Nivå 2, Strategisk samverkansledning/);
    await web.check(page, 'escalations-grouped-1280');

    // Acknowledging the current level names who did it, with the comment.
    await one.getByLabel('Kommentar (vad gör ledningen?)').fill('Samverkansledningen tar upp det på måndag.');
    await one.getByRole('button', { name: 'Kvittera nivå 2' }).click();
    await page.getByText(/Nivå 2, Strategisk samverkansledning: eskalerad .* · kvitterad .* av Oskar Operativsson: ”Samverkansledningen tar upp det på måndag.”/).waitFor();

    // A second deadline is open when the page is drawn; a report resolves it before the acknowledgement is sent.
    const [, second] = await missedDeadline(skjutningar, 'resolved-first');
    await page.reload();
    const fresh = page.locator('li.escalation').filter({ hasNotText: 'Samverkansledningen tar upp' });
    await fresh.getByRole('button', { name: 'Kvittera nivå 2' }).waitFor();
    await live.ds.query(`UPDATE follow_up_event SET resolved_at = now(), resolution = 'report' WHERE key LIKE 'long:follow_up:resolved-first:%'`);
    await fresh.getByLabel('Kommentar (vad gör ledningen?)').fill('Vi tar det på torsdag.');
    await fresh.getByRole('button', { name: 'Kvittera nivå 2' }).click();
    await fresh.getByRole('alert').filter({ hasText: 'Eskaleringen är redan åtgärdad: en ny rapport kom in' }).waitFor();
    const [row] = await live.ds.query(`SELECT acknowledged_at FROM follow_up_event WHERE id = $1`, [second]);
    expect(row.acknowledged_at).toBeNull();
  });

  it('shows a notification’s whole text, the acknowledgement’s comment included', async () => {
    const page = await signedIn('polis@samverkan.example', `${V}/notiser`);
    await page.getByRole('heading', { name: 'Notiser', level: 1 }).waitFor();
    const text = page.locator('.notice-text', { hasText: 'Samverkansledningen tar upp det på måndag.' });
    await text.waitFor();
    expect(await text.innerText()).toMatch(/^Hej!\s+Ledningen har kvitterat eskaleringen för ”.*”:\s+”Samverkansledningen tar upp det på måndag\.”$/);
    await web.check(page, 'notifications-full-1280');
  });

  it('passes axe on Översikt, the list, escalations and notifications at 1280 px, 375 px and 200 % zoom', async () => {
    const pages: [string, string, string, string][] = [
      ['operativ@samverkan.example', `${V}/oversikt`, 'overview-glance', 'Per målområde och status'],
      ['operativ@samverkan.example', `${V}/aktiviteter?goalArea=C&status=at_risk`, 'overview-list', 'Aktiviteter: målområde C'],
      ['operativ@samverkan.example', `${V}/eskaleringar?state=all`, 'escalations-grouped', 'Nivåer'],
      ['polis@samverkan.example', `${V}/notiser`, 'notifications-full', 'Notiser'],
    ];
    for (const view of VIEWS) {
      for (const [email, from, name, marker] of pages) {
        const page = await signedIn(email, from, view.options);
        await page.getByText(marker).first().waitFor();
        await web.check(page, `${name}-${view.name}`);
        await page.context().close();
      }
    }
  });
});
