/**
 * The plan's import page in a real browser (Debian's Chromium driven by playwright-core), on the real
 * API with a Temporal worker running the import: the Exempelby administrator opens "Import och
 * export", downloads the plan, uploads a CSV with one good and two bad rows, and sees the progress bar
 * reach the end and a Swedish table of the refused rows; the good row is an activity. Then the
 * lägesrapporter of a period (a period that ends before it starts explained first). The page passes
 * axe-core's WCAG 2.1 A/AA rules and the Content-Security-Policy refuses nothing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { Browser, chromium, Page } from 'playwright-core';
import { projectRoot } from '@app/devstack';
import { REPORT_COLUMNS, REPORTS_SHEET_NAME } from '@app/temporal/plan-io/report-sheet';
import { CHROMIUM_ARGS, ensureChromium, signInInBrowser } from '../support/chromium';
import { useLiveApi } from '../support/live-api';

const SCREENS = join(projectRoot(), 'test', 'artifacts', 'screens');
const webRoot = mkdtempSync(join(tmpdir(), 'samverkan-web-'));
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

describe('the plan import page', () => {
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

  it('downloads the plan, imports a file, shows the progress and a Swedish table of the bad rows', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', acceptDownloads: true });
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${message.location().url}: ${message.text()}`);
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInInBrowser(page, base, 'admin@exempelby.example');
    // The landing page first (it renders after the sign-in), then on to the import page.
    await page.getByRole('heading', { name: 'Översikt', level: 1 }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Import och export' }).click();
    await page
      .getByRole('heading', { name: 'Importera och exportera planen', level: 1 })
      .waitFor({ timeout: 15_000 })
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\nat ${page.url()}: ${await page.locator('main').innerHTML()}\npage errors: ${pageErrors.join('; ')}`);
      });
    await check(page, 'plan-import');

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }).catch(async (error: Error) => {
        throw new Error(`${error.message}; said: ${await page.locator('#meddelande').textContent()}; page errors: ${pageErrors.join('; ')}; csp: ${cspViolations.join('; ')}`);
      }),
      page.getByRole('button', { name: 'Hämta som CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('exempelby-2025-2028-plan.csv');
    expect(readFileSync((await download.path())!, 'utf8')).toMatch(/^\uFEFF?external_id,key,title/);

    const csv = [
      'external_id,key,title,lead_party,owner_email,short_start,short_target,short_cadence,medium_start,medium_target,medium_cadence,long_start,long_target,long_cadence',
      'WEBB-1,webb-ett,Läxhjälp från webben,city,,2026-01-01,2026-12-31,P4W,2026-12-31,2027-12-31,P8W,2027-12-31,2028-12-31,P13W',
      'WEBB-2,webb-tva,Okänd ansvarig,city,okand@annanstans.example,,,,,,,,,',
      'WEBB-3,webb-tre,Omöjligt datum,city,,2026-02-30,2026-12-31,P4W,2026-12-31,2027-12-31,P8W,2027-12-31,2028-12-31,P13W',
    ].join('\n');
    await page.getByLabel(/Fil att läsa in/).setInputFiles({ name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Läs in' }).click();
    await page.locator('#import-summary').waitFor({ timeout: 30_000 });
    await expect(page.evaluate(`(() => { const p = document.getElementById('import-progress'); return [p.value, p.max]; })()`)).resolves.toEqual([3, 3]);
    await expect(page.locator('#import-summary').textContent()).resolves.toBe('1 skapade, 0 ändrade, 0 oförändrade, 2 med fel.');
    const rows = await page.evaluate(`Array.from(document.querySelectorAll('#import-fel tbody tr')).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent))`);
    expect(rows).toEqual([
      ['3', 'owner_email', expect.stringMatching(/^okand@annanstans.example är inte medlem i exempelby-2025-2028/)],
      ['4', 'short_start', '2026-02-30 finns inte i kalendern.'],
    ]);
    await expect(page.locator('#import-fel thead').textContent()).resolves.toBe('RadKolumnFel');
    await check(page, 'plan-import-klar');
    expect(await live.ds.query(`SELECT title FROM activity WHERE external_id LIKE 'WEBB-%'`)).toEqual([{ title: 'Läxhjälp från webben' }]);

    // Lägesrapporter of a period: a period backwards is explained in Swedish, then the file comes.
    await page.getByLabel('Första dag').fill('2026-06-30');
    await page.getByLabel('Sista dag').fill('2026-01-01');
    await page.getByRole('button', { name: 'Hämta lägesrapporter som Excel (.xlsx)' }).click();
    await expect(page.locator('#reports-error').textContent()).resolves.toMatch(/^Perioden slutar innan den börjar/);
    await page.getByLabel('Sista dag').fill('2026-12-31');
    const [reports] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }).catch(async (error: Error) => {
        throw new Error(`${error.message}; said: ${await page.locator('#reports-error').textContent()}; page errors: ${pageErrors.join('; ')}`);
      }),
      page.getByRole('button', { name: 'Hämta lägesrapporter som Excel (.xlsx)' }).click(),
    ]);
    expect(reports.suggestedFilename()).toBe('exempelby-2025-2028-lagesrapporter-2026-06-30-2026-12-31.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await reports.path())!);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([REPORTS_SHEET_NAME]);
    expect(workbook.worksheets[0].getRow(1).values).toEqual([undefined, ...REPORT_COLUMNS]);
    await expect(page.locator('#reports-error').textContent()).resolves.toBe('');
    await check(page, 'plan-import-lagesrapporter');
    await context.close();
  });
});
