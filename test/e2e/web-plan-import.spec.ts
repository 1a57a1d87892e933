/**
 * The plan's import page in a real browser (Debian's Chromium driven by playwright-core), on the real
 * API with a Temporal worker running the import: the Exempelby administrator opens "Import och
 * export", downloads the plan, uploads a CSV with one good and two bad rows, and sees the progress bar
 * reach the end and a Swedish table of the refused rows; the good row is an activity. Then the
 * lägesrapporter of a period (a period that ends before it starts explained first). The page passes
 * axe-core's WCAG 2.1 A/AA rules and the Content-Security-Policy refuses nothing.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { Page } from 'playwright-core';
import { REPORT_COLUMNS, REPORTS_SHEET_NAME } from '@app/temporal/plan-io/report-sheet';
import { signInInBrowser } from '../support/chromium';
import { useWebApp } from '../support/web-app';

describe('the plan import page', () => {
  const web = useWebApp('2026-11-23', { agreements: 'demo' });
  const { live, cspViolations, pageErrors } = web;
  const check = (page: Page, name: string) => web.check(page, name);

  it('downloads the plan, imports a file, shows the progress and a Swedish table of the bad rows', async () => {
    const page = await web.newPage({ acceptDownloads: true });
    await signInInBrowser(page, web.base, 'admin@exempelby.example');
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
    await page.context().close();
  });
});
