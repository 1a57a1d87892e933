/**
 * Editing an activity's delmål, and the agreement's reminders and ladder, in a real browser (Debian's
 * Chromium driven by playwright-core) on the real API with a Temporal worker: the Västerås
 * administrator adds a delmål on the activity page (a date outside the phase explained beside the form
 * first), and the running workflow has its deadline; on "Påminnelser och eskalering" a ladder the seed
 * would refuse is explained in Swedish beside the form. The pages pass axe-core's WCAG 2.1 A/AA rules
 * and the Content-Security-Policy refuses nothing.
 */
import { Locator } from 'playwright-core';
import { dueInstant, startOfLocalDay } from '@app/domain';
import { lifecycleWorkflowId, stateQuery } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { signInInBrowser } from '../support/chromium';
import { useWebApp } from '../support/web-app';

describe('editing delmål and follow-up settings in the browser', () => {
  const web = useWebApp('2026-11-23', { agreements: 'demo' });
  const { live } = web;

  it('adds a delmål on the activity page, and the running workflow has its deadline', async () => {
    const page = await web.newPage();
    const { pageErrors } = web;
    await signInInBrowser(page, web.base, 'admin@samverkan.example', { from: '#/vasteras-2023-2027/aktivitet/feriepraktik' });
    await page
      .getByRole('heading', { name: 'Feriepraktik', level: 1 })
      .waitFor({ timeout: 15_000 })
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\nat ${page.url()}: ${await page.locator('main').innerHTML()}\npage errors: ${pageErrors.join('; ')}`);
      });
    await page.getByRole('heading', { name: 'Redigera aktiviteten' }).waitFor();
    // Editing is behind its own button, not stacked under the page.
    await page.getByRole('button', { name: 'Redigera aktiviteten' }).click();
    await web.check(page, 'activity-editing');

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
    await page.getByText(/^Delmål: Hundra platser tillsatta, senast 15 mars 2027 \(planerat, om \d+ dagar\)$/).waitFor();
    await page.getByRole('form', { name: 'Delmål Hundra platser tillsatta' }).waitFor();

    const [{ id }] = await live.ds.query(`SELECT id FROM activity WHERE key = 'feriepraktik'`);
    const state = await live.client.workflow.getHandle(lifecycleWorkflowId(id)).query(stateQuery);
    expect(state.upcoming).toContainEqual({ kind: 'deadline', at: new Date(dueInstant(startOfLocalDay('2027-03-15'), true)).toISOString(), phase: 'long' });
    expect(pageErrors).toEqual([]);
    await web.check(page, 'activity-editing-added');

    // Reminders and the ladder: a step the seed would refuse is explained beside the form.
    await page.getByRole('navigation').getByRole('link', { name: 'Påminnelser och eskalering' }).click();
    await page.getByRole('heading', { name: 'Påminnelser och eskalering', level: 1 }).waitFor();
    await web.check(page, 'follow-up-settings');
    await page.getByLabel('Påminnelser före varje uppföljning').fill('P0D');
    await page.getByRole('button', { name: 'Spara inställningarna' }).click();
    await untilText(page.locator('#follow-up-settings').getByRole('alert'), /P0D/);
    const [agreement] = await live.ds.query(`SELECT reminder_offsets FROM agreement WHERE key = 'vasteras-2023-2027'`);
    expect(agreement.reminder_offsets).toEqual(['P7D', 'P1D']);
    await page.context().close();
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
