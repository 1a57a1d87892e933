/**
 * Agreement administration in a real browser (Debian's Chromium driven by playwright-core) on the
 * real API: the Exempelby administrator opens Överenskommelsen from the menu, adds a party (a taken key
 * is refused with the API's Swedish message beside the form) and retires it (its member keeps it on
 * Personer, nobody new is offered it), plans a meeting of Trygghetsrådet and cancels one. The page passes axe-core's WCAG 2.1 A/AA rules and the Content-Security-Policy refuses
 * nothing.
 */
import { Page } from 'playwright-core';
import { signInInBrowser } from '../support/chromium';
import { useWebApp } from '../support/web-app';

const E = 'exempelby-2025-2028';

describe('agreement administration in the web app', () => {
  const web = useWebApp('2026-11-23', { agreements: 'demo' });
  const { live } = web;
  const newPage = () => web.newPage();
  const check = (page: Page, name: string) => web.check(page, name);
  const heading = (page: Page, name: string) => page.getByRole('heading', { name, level: 1 }).waitFor();
  const said = (page: Page, text: string | RegExp) => page.locator('#meddelande').getByText(text).waitFor();

  it('adds and retires a party, plans a council meeting and cancels one', async () => {
    const admin = await newPage();
    await signInInBrowser(admin, web.base, 'admin@exempelby.example');
    await admin.getByRole('navigation').getByRole('link', { name: 'Överenskommelsen' }).click();
    await heading(admin, 'Överenskommelsen');
    expect(new URL(admin.url()).hash).toBe(`#/${E}/overenskommelse`);
    await check(admin, 'overenskommelse');

    // A party: a taken key is refused beside the form, in the API's Swedish words; then it is added.
    const newParty = admin.locator('#ny-part');
    await newParty.getByLabel('Namn').fill('Exempelby Fastigheter AB');
    await newParty.getByLabel('Nyckel').fill('police');
    await newParty.getByRole('button', { name: 'Lägg till parten' }).click();
    await newParty.getByRole('alert').getByText(/redan en part med nyckeln "police"/).waitFor();
    await newParty.getByLabel('Nyckel').fill('fastighet');
    await newParty.getByLabel('Med sedan (ÅÅÅÅ-MM, frivilligt)').fill('2026-11');
    await newParty.getByRole('button', { name: 'Lägg till parten' }).click();
    await said(admin, 'Parten Exempelby Fastigheter AB är tillagd.');
    const row = admin.locator('tr[data-party="fastighet"]');
    await expect(row.textContent()).resolves.toMatch(/Exempelby Fastigheter AB.*Nyckel: fastighet.*Med sedan: 2026-11.*Leder aktiviteter: 0.*Status: Aktiv/s);
    const [party] = await live.ds.query(`SELECT p.name, p.retired_at FROM party p JOIN agreement g ON g.id = p.agreement_id WHERE g.key = $1 AND p.key = 'fastighet'`, [E]);
    expect(party).toEqual({ name: 'Exempelby Fastigheter AB', retired_at: null });

    // Retire it (a member of it first): the page says so, and Personer still shows the member's party,
    // which is offered to nobody new.
    const api = await live.as('admin@exempelby.example');
    await api.post('/api/people').send({ email: 'fia.fastighet@exempelby.example', name: 'Fia Fastighet', party: 'fastighet', roles: ['owner'] }).expect(201);
    await admin.locator('section[data-party="fastighet"]').getByRole('button', { name: 'Avsluta parten' }).click();
    await said(admin, 'Parten är avslutad.');
    await expect(admin.locator('tr[data-party="fastighet"]').textContent()).resolves.toMatch(/Status: Avslutad/);
    await admin.goto(`${web.base}/#/${E}/personer`);
    await heading(admin, 'Personer');
    const member = admin.locator('section[data-person="fia.fastighet@exempelby.example"]').getByLabel('Part');
    await expect(member.evaluate((s) => (s as unknown as { selectedOptions: { textContent: string }[] }).selectedOptions[0].textContent)).resolves.toBe('fastighet (avslutad part)');
    await expect(admin.locator('#invite').getByLabel('Part').locator('option').allTextContents()).resolves.not.toContain('Exempelby Fastigheter AB');
    await admin.getByRole('navigation').getByRole('link', { name: 'Överenskommelsen' }).click();
    await heading(admin, 'Överenskommelsen');

    // A meeting of Trygghetsrådet: outside the agreement is refused beside the form; then it is planned.
    const newMeeting = admin.locator('#nytt-mote');
    await newMeeting.getByLabel('Datum').fill('2030-02-04');
    await newMeeting.getByRole('button', { name: 'Lägg till mötet' }).click();
    await newMeeting.getByRole('alert').getByText(/2030-02-04 ligger utanför överenskommelsens period/).waitFor();
    await newMeeting.getByLabel('Datum').fill('2027-02-04');
    await newMeeting.getByRole('button', { name: 'Lägg till mötet' }).click();
    await said(admin, 'Mötet 4 februari 2027 är tillagt.');
    const planned = admin.locator('tr[data-meeting="2027-02-04"]');
    await expect(planned.textContent()).resolves.toContain('Planerat');

    // Cancel it: a reason is needed; the meeting stays listed, cancelled, with the reason.
    await planned.getByRole('button', { name: 'Ställ in mötet' }).click();
    await planned.getByRole('alert').getByText('Skriv varför mötet ställs in.').waitFor();
    await planned.getByLabel('Skäl till att mötet ställs in').fill('Ordförandena har förhinder.');
    await planned.getByRole('button', { name: 'Ställ in mötet' }).click();
    await said(admin, /Mötet är inställt/);
    const cancelled = admin.locator('tr[data-meeting="2027-02-04"][data-cancelled="true"]');
    await expect(cancelled.textContent()).resolves.toMatch(/Inställt .*: Ordförandena har förhinder\./s);
    const [meeting] = await live.ds.query(
      `SELECT m.cancel_reason, m.cancelled_at IS NOT NULL AS cancelled FROM council_meeting m JOIN agreement g ON g.id = m.agreement_id WHERE g.key = $1 AND m.date = '2027-02-04'`,
      [E],
    );
    expect(meeting).toEqual({ cancel_reason: 'Ordförandena har förhinder.', cancelled: true });
    const actions = (await live.ds.query(`SELECT a.action FROM audit_entry a JOIN agreement g ON g.id = a.agreement_id WHERE g.key = $1 AND a.action LIKE ANY ('{party.%,council-meeting.%}') ORDER BY a.at`, [E])).map(
      (r: { action: string }) => r.action,
    );
    expect(actions).toEqual(['party.add', 'party.retire', 'council-meeting.add', 'council-meeting.cancel']);
    await check(admin, 'overenskommelse-mote-installt');

    // Someone who is no administrator is told so, and has no menu link.
    const owner = await newPage();
    await signInInBrowser(owner, web.base, 'polis@exempelby.example');
    await heading(owner, 'Mina aktiviteter'); // the landing page drawn, before going on
    await expect(owner.getByRole('navigation').getByRole('link', { name: 'Överenskommelsen' }).count()).resolves.toBe(0);
    await owner.goto(`${web.base}/#/${E}/overenskommelse`);
    await heading(owner, 'Överenskommelsen');
    await owner.getByText(/Bara överenskommelsens administratörer/).waitFor();
  }, 180_000);
});
