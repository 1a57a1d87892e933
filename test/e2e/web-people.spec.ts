/**
 * People administration in a real browser (Debian's Chromium driven by playwright-core), on the real
 * API with a Temporal worker and a real SMTP server: the Exempelby administrator invites a person on
 * Personer; the invitation e-mail, caught by the SMTP server, opens the set-password page; the new
 * owner chooses a password, is signed in, is made owner of an activity and reports on it; the
 * administrator deactivates them, and their open tab is signed out on its next request. The pages
 * pass axe-core's WCAG 2.1 A/AA rules and the Content-Security-Policy refuses nothing.
 */
import type { ParsedMail } from 'mailparser';
import { Page } from 'playwright-core';
import { signInInBrowser } from '../support/chromium';
import { useWebApp } from '../support/web-app';
import { useTestSmtp } from '../support/test-smtp';

const E = 'exempelby-2025-2028';
const PUBLIC_URL = 'http://samverkan.test';
const NEW = { name: 'Nils Nyström', email: 'nils.nystrom@exempelby.example', password: 'tre ord som lyser' };

async function eventually<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('people administration in the web app', () => {
  const smtp = useTestSmtp();
  const env: Record<string, string> = { PUBLIC_URL };
  beforeAll(() => {
    env.SMTP_URL = smtp.url; // read by useLiveApi's set-up, which runs after this
  });
  const web = useWebApp('2026-11-23', { agreements: 'demo', env });
  const { live } = web;
  const newPage = () => web.newPage();
  const check = (page: Page, name: string) => web.check(page, name);
  const main = (page: Page) => page.getByRole('main');
  const heading = (page: Page, name: string) => page.getByRole('heading', { name, level: 1 }).waitFor();

  it('invite, set the password from the e-mail, report, and be signed out when deactivated', async () => {
    // The administrator invites a person on Personer.
    const admin = await newPage();
    await signInInBrowser(admin, web.base, 'admin@exempelby.example');
    await admin.getByRole('navigation').getByRole('link', { name: 'Personer' }).click();
    await heading(admin, 'Personer');
    await check(admin, 'personer');
    const invite = admin.locator('#invite');
    // A problem is said before anything is sent.
    await invite.getByRole('button', { name: 'Skicka inbjudan' }).click();
    await invite.getByRole('alert').getByText('Skriv personens namn.').waitFor();
    await invite.getByLabel('Namn').fill(NEW.name);
    await invite.getByLabel('E-postadress').fill(NEW.email);
    await invite.getByLabel('Part').selectOption({ label: 'Exempelbyhem AB' });
    await expect(invite.getByLabel('aktivitetsansvarig').isChecked()).resolves.toBe(true);
    await invite.getByRole('button', { name: 'Skicka inbjudan' }).click();
    const row = admin.locator(`tr[data-person="${NEW.email}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/Inbjuden \(länken gäller till/);

    // The invitation e-mail opens the set-password page.
    const mail = await eventually(() => smtp.messages.find((m: ParsedMail) => (m.to as { text: string }).text === NEW.email));
    expect(mail.subject).toMatch(/^Inbjudan till Samverkan/);
    const link = /https?:\/\/\S+#\/losenord\/\S+/.exec(mail.text ?? '')![0];
    expect(link.startsWith(`${PUBLIC_URL}/#/losenord/`)).toBe(true);
    expect(mail.html).toContain(`href="${link}"`);
    const person = await newPage();
    await person.goto(`${web.base}${link.slice(PUBLIC_URL.length)}`);
    await heading(person, 'Välj lösenord');
    await check(person, 'valj-losenord');
    await person.getByLabel('Nytt lösenord').fill(NEW.password);
    await person.getByLabel('Upprepa lösenordet').fill('något annat');
    await person.getByRole('button', { name: 'Spara lösenord och logga in' }).click();
    await main(person).getByRole('alert').getByText(/inte lika/).waitFor();
    await person.getByLabel('Upprepa lösenordet').fill(NEW.password);
    await person.getByRole('button', { name: 'Spara lösenord och logga in' }).click();
    await heading(person, 'Mina aktiviteter');
    expect(new URL(person.url()).hash).toBe(`#/${E}/mina`);
    await expect(main(person).textContent()).resolves.toContain('Du ansvarar inte för någon aktivitet.');

    // The same link a second time says it has been used.
    const again = await newPage();
    await again.goto(`${web.base}${link.slice(PUBLIC_URL.length)}`);
    await again.getByLabel('Nytt lösenord').fill('ännu ett lösenord');
    await again.getByLabel('Upprepa lösenordet').fill('ännu ett lösenord');
    await again.getByRole('button', { name: 'Spara lösenord och logga in' }).click();
    await main(again).getByRole('alert').getByText(/Länken har redan använts/).waitFor();

    // The administrator makes them owner of an activity their party co-operates in (only an owner at the
    // lead or a co-operating party may own one).
    const [activity] = await live.ds.query(`SELECT a.id, a.key, a.title FROM activity a JOIN agreement g ON g.id = a.agreement_id WHERE g.key = $1 AND a.key = 'mbu'`, [E]);
    await live.ds.query(
      `INSERT INTO activity_cooperating_party (activity_id, party_id) SELECT $1, p.id FROM party p JOIN agreement g ON g.id = p.agreement_id WHERE g.key = $2 AND p.name = 'Exempelbyhem AB'`,
      [activity.id, E],
    );
    await admin.goto(`${web.base}/#/${E}/aktivitet/${activity.key}`);
    await heading(admin, activity.title);
    await admin.getByRole('button', { name: 'Styr aktiviteten' }).click();
    await admin.locator('#owner-select').selectOption({ label: `${NEW.name} (Exempelbyhem AB)` });
    await admin.getByRole('button', { name: 'Byt ansvarig' }).click();
    await admin.getByText(`Aktivitetsansvarig: ${NEW.name}`).waitFor();

    // The new owner reports.
    await person.reload();
    await heading(person, 'Mina aktiviteter');
    await main(person).getByRole('link', { name: activity.title }).click();
    await heading(person, activity.title);
    await person.getByLabel('Hur långt har ni kommit').fill('35');
    await person.getByLabel('Lägesbeskrivning').fill('Första träffen med skolorna är bokad.');
    await person.getByRole('button', { name: 'Skicka rapport' }).click();
    // The page has drawn the report and asked all it asks after one (else a late request of it, after
    // the deactivation below, would sign the tab out before the test makes its request).
    await person.getByText(/Lägesrapport: enligt plan, 35 %/).waitFor();
    await person.waitForLoadState('networkidle');
    const [{ id: personId }] = await live.ds.query(`SELECT id FROM app_user WHERE email = $1`, [NEW.email]);
    await eventually(async () => (await live.ds.query(`SELECT 1 FROM activity_report WHERE submitted_by_user_id = $1`, [personId])).length > 0);

    // The administrator deactivates them; their open tab is signed out on its next request.
    await admin.goto(`${web.base}/#/${E}/personer`);
    await heading(admin, 'Personer');
    await admin.locator(`section[data-person="${NEW.email}"]`).getByRole('button', { name: 'Inaktivera' }).click();
    await admin.locator(`tr[data-person="${NEW.email}"]`).getByText(/Inaktiverad/).waitFor();
    const [{ deactivated_at }] = await live.ds.query(`SELECT deactivated_at FROM app_user WHERE id = $1`, [personId]);
    expect(deactivated_at).not.toBeNull();
    await person.getByRole('navigation').getByRole('link', { name: 'Notiser' }).click();
    await heading(person, 'Logga in').catch(async (e) => {
      throw new Error(`${e.message}\nnot signed out: at ${person.url()} the page says ${await main(person).textContent()}`);
    });
    expect(await person.evaluate("sessionStorage.getItem('samverkan.token')")).toBeNull();
    // And cannot sign in again.
    await person.getByLabel('E-postadress').fill(NEW.email);
    await person.getByLabel('Lösenord', { exact: true }).fill(NEW.password);
    await person.getByRole('button', { name: 'Logga in' }).click();
    await person.locator('#login-error').getByText(/.+/).waitFor();
    await check(admin, 'personer-inaktiverad');
  }, 180_000);
});
