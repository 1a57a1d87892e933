/**
 * People administration for the current agreement (its administrators): the members, inviting one,
 * changing roles and party, deactivating and reactivating, re-sending an invitation. And one's own
 * password: the page an invitation or reset link opens (`#/losenord/<token>`), "Glömt lösenordet?",
 * and "Byt lösenord".
 */
import { api, messageOf, session } from '../api';
import { showFieldErrors } from '../errors';
import type { FieldProblem } from '../errors';
import type { components } from '../api/schema';
import { ROLE_NAMES_SV, swedishRoles } from '@app/domain/role-names';
import { USER_ROLES } from '@app/domain/user-role';
import type { UserRole } from '@app/domain/user-role';
import { announce, cell, day, esc, show } from '../ui';
import { hasRole, href, landingPage } from '../agreement';
import { navigate } from '../router';

type Person = components['schemas']['PersonDto'];
type Party = components['schemas']['PartyDto'];

/** Shortest password the API takes (MIN_PASSWORD_LENGTH). */
const MIN_PASSWORD = 10;

const STATE_SV: Record<Person['state'], string> = {
  active: 'Aktiv',
  invited: 'Inbjuden',
  'invitation-expired': 'Inbjudan har gått ut',
  deactivated: 'Inaktiverad',
};

const roleBoxes = (prefix: string, chosen: readonly string[]) =>
  `<fieldset><legend>Roller</legend>${USER_ROLES.map(
    (r) => `<input type="checkbox" id="${prefix}-${r}" name="roles" value="${r}"${chosen.includes(r) ? ' checked' : ''}><label for="${prefix}-${r}">${esc(ROLE_NAMES_SV[r])}</label><br>`,
  ).join('')}</fieldset>`;

/**
 * GET /api/parties offers the parties that take part now; a member of a party since retired keeps it
 * as a choice (so saving their roles does not take their party away).
 */
const partySelect = (id: string, offered: Party[], chosen: string | null) => {
  const parties: Pick<Party, 'key' | 'name'>[] = chosen === null || offered.some((p) => p.key === chosen) ? offered : [...offered, { key: chosen, name: `${chosen} (avslutad part)` }];
  return `<label for="${id}">Part</label><select id="${id}" name="party"><option value=""${chosen === null ? ' selected' : ''}>Ingen part (gemensamma organ)</option>${parties
    .map((p) => `<option value="${esc(p.key)}"${p.key === chosen ? ' selected' : ''}>${esc(p.name)}</option>`)
    .join('')}</select>`;
};

const rolesOf = (form: HTMLFormElement) => Array.from(form.querySelectorAll<HTMLInputElement>('input[name="roles"]:checked')).map((i) => i.value as UserRole);
const partyOf = (form: HTMLFormElement) => (form.querySelector('select[name="party"]') as HTMLSelectElement).value || null;

function stateText(p: Person): string {
  if (p.state === 'invited') return `${STATE_SV.invited} (länken gäller till ${day(p.invitationExpiresAt)})`;
  if (p.state === 'deactivated') return `${STATE_SV.deactivated} ${day(p.deactivatedAt)}`;
  return STATE_SV[p.state];
}

/** `#/<agreement>/personer` */
export async function people(): Promise<void> {
  if (!hasRole('admin')) return show('Personer', '<p>Bara överenskommelsens administratörer kan se och ändra vilka som är med.</p>');
  const [list, { data: parties }] = await Promise.all([api.GET('/api/people', { params: { query: {} } }), api.GET('/api/parties', { params: { query: {} } })]);
  if (!list.data) return show('Personer', `<p class="error" role="alert">${esc(messageOf(list))}</p>`);
  const partyName = (key: string | null) => (key ? parties?.find((p) => p.key === key)?.name ?? key : 'Ingen part');
  const rows = list.data
    .map(
      (p) => `<tr data-person="${esc(p.email)}"><th scope="row">${esc(p.name)}<br><span class="hint">${esc(p.email)}</span></th>
      ${cell('Part', esc(partyName(p.party)))}${cell('Roller', esc(swedishRoles(p.roles as UserRole[])))}${cell('Status', `<span class="state">${esc(stateText(p))}</span>`)}</tr>`,
    )
    .join('');
  const forms = list.data
    .map(
      (p) => `<section id="person-${p.id}" data-person="${esc(p.email)}" aria-labelledby="rubrik-${p.id}"><h3 id="rubrik-${p.id}">${esc(p.name)} (${esc(STATE_SV[p.state])})</h3>
      <form class="membership" data-id="${p.id}" novalidate>${partySelect(`party-${p.id}`, parties ?? [], p.party)}${roleBoxes(`role-${p.id}`, p.roles)}
        <p class="error" role="alert"></p><button type="submit">Spara roller och part</button></form>
      ${
        p.state === 'invited' || p.state === 'invitation-expired'
          ? `<form class="resend" data-id="${p.id}" novalidate><p class="error" role="alert"></p><button type="submit" class="secondary">Skicka inbjudan igen</button></form>`
          : ''
      }
      ${
        p.state === 'deactivated'
          ? `<form class="reactivate" data-id="${p.id}" novalidate><p class="error" role="alert"></p><button type="submit">Återaktivera</button></form>`
          : `<form class="deactivate" data-id="${p.id}" novalidate><p class="hint">Personen loggas ut direkt och kan inte logga in igen förrän hen återaktiveras.</p><p class="error" role="alert"></p><button type="submit" class="secondary">Inaktivera</button></form>`
      }</section>`,
    )
    .join('');
  show(
    'Personer',
    `<table><caption>Personer i överenskommelsen</caption><thead><tr><th scope="col">Namn</th><th scope="col">Part</th><th scope="col">Roller</th><th scope="col">Status</th></tr></thead><tbody>${rows}</tbody></table>
    <h2>Bjud in en person</h2>
    <form id="invite" novalidate>
      <label for="invite-name">Namn</label><input id="invite-name" name="name" autocomplete="off" required>
      <label for="invite-email">E-postadress</label><input id="invite-email" name="email" type="email" autocomplete="off" required>
      ${partySelect('invite-party', parties ?? [], null)}
      ${roleBoxes('invite-role', ['owner'])}
      <p class="hint">Personen får ett e-brev med en länk för att välja lösenord. Länken gäller i 7 dagar och kan användas en gång.</p>
      <p class="error" role="alert"></p><button type="submit">Skicka inbjudan</button>
    </form>
    <h2>Ändra roller, part och behörighet</h2>${forms}`,
  );
  const on = (selector: string, handler: (form: HTMLFormElement, id: string) => Promise<string | { data?: unknown; error?: unknown; response: Response }>, done: (form: HTMLFormElement, result: unknown) => string) => {
    document.querySelectorAll<HTMLFormElement>(selector).forEach((form) =>
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const result = await handler(form, form.dataset.id ?? '');
        if (typeof result === 'string' || result.error) {
          form.querySelector<HTMLElement>('.error')!.textContent = typeof result === 'string' ? result : messageOf(result);
          return;
        }
        const said = done(form, result.data);
        await people();
        announce(said);
      }),
    );
  };
  const path = (id: string) => ({ params: { path: { id }, query: {} } });
  on(
    '#invite',
    async (f) => {
      const name = (f.querySelector('#invite-name') as HTMLInputElement).value.trim();
      const email = (f.querySelector('#invite-email') as HTMLInputElement).value.trim();
      const roles = rolesOf(f);
      if (name.length < 2) return 'Skriv personens namn.';
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return 'Skriv en e-postadress, till exempel namn@kommun.se.';
      if (roles.length === 0) return 'Välj minst en roll.';
      return api.POST('/api/people', { params: { query: {} }, body: { name, email, party: partyOf(f), roles } });
    },
    (_f, data) => {
      const d = data as components['schemas']['InvitedDto'];
      if (!d.emailSent) return `${d.person.name} är tillagd, men e-brevet kunde inte skickas. Försök igen med Skicka inbjudan igen.`;
      return d.invitation ? `Inbjudan är skickad till ${d.person.email}.` : `${d.person.name} har redan ett konto och har fått besked om sin nya behörighet.`;
    },
  );
  on(
    'form.membership',
    async (f, id) => {
      const roles = rolesOf(f);
      if (roles.length === 0) return 'Välj minst en roll.';
      return api.PATCH('/api/people/{id}', { ...path(id), body: { party: partyOf(f), roles } });
    },
    () => 'Roller och part är sparade. De gäller från personens nästa klick.',
  );
  on('form.resend', (_f, id) => api.POST('/api/people/{id}/invitation', path(id)), () => 'En ny inbjudan är skickad; den gamla länken slutar gälla.');
  on('form.deactivate', (_f, id) => api.POST('/api/people/{id}/deactivate', path(id)), () => 'Personen är inaktiverad och utloggad.');
  on('form.reactivate', (_f, id) => api.POST('/api/people/{id}/reactivate', path(id)), () => 'Personen är återaktiverad och kan logga in igen.');
}

const passwordFields = (label: string) => `<label for="new-password">${label}</label>
  <input id="new-password" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD}" required aria-describedby="password-hint">
  <p id="password-hint" class="hint">Minst ${MIN_PASSWORD} tecken. En fras av flera ord är lätt att minnas och svår att gissa.</p>
  <label for="repeat-password">Upprepa lösenordet</label>
  <input id="repeat-password" type="password" autocomplete="new-password" required>`;

function newPasswordOf(form: HTMLFormElement): string | FieldProblem[] {
  const password = (form.querySelector('#new-password') as HTMLInputElement).value;
  const repeated = (form.querySelector('#repeat-password') as HTMLInputElement).value;
  if (password.length < MIN_PASSWORD) return [{ field: 'new-password', message: `Lösenordet behöver vara minst ${MIN_PASSWORD} tecken.` }];
  if (password !== repeated) return [{ field: 'repeat-password', message: 'Lösenorden är inte lika. Skriv samma lösenord två gånger.' }];
  return password;
}

/** `#/losenord/<token>`: choose a password with the link of an invitation or reset e-mail, then on in, signed in. */
export async function setPassword(token: string): Promise<void> {
  show(
    'Välj lösenord',
    `<form id="set-password" novalidate>
      <p>Välj det lösenord du ska logga in med. Länken i e-brevet fungerar en gång.</p>
      ${passwordFields('Nytt lösenord')}
      <button type="submit">Spara lösenord och logga in</button>
    </form>`,
  );
  const form = document.getElementById('set-password') as HTMLFormElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const password = newPasswordOf(form);
    if (typeof password !== 'string') return void showFieldErrors(form, password);
    const result = await api.POST('/api/auth/set-password', { body: { token, password } });
    if (!result.data) return void showFieldErrors(form, [{ field: 'link', message: linkProblem(result) }]);
    const signedIn = await api.POST('/api/auth/login', { body: { email: result.data.email, password } });
    if (!signedIn.data) return navigate('#/logga-in');
    session.start(signedIn.data);
    const first = signedIn.data.user.memberships[0];
    navigate(first ? href(landingPage(first), first.agreement) : '#/');
  });
}

/** What is wrong with the link, in Swedish (the API says it in its message). */
function linkProblem(result: { error?: unknown; response: Response }): string {
  const message = String((result.error as { message?: unknown } | undefined)?.message ?? '');
  if (/used already/.test(message)) return 'Länken har redan använts. Logga in med ditt lösenord, eller be om en ny länk.';
  if (/newer link/.test(message)) return 'En nyare länk har ersatt den här. Använd länken i det senaste e-brevet.';
  if (/expired/.test(message)) return 'Länken har slutat gälla. Be din administratör skicka inbjudan igen, eller be om en ny länk under Glömt lösenordet?';
  if (/not one of ours/.test(message)) return 'Länken känns inte igen. Kontrollera att du har fått med hela länken från e-brevet.';
  if (/deactivated/.test(message)) return 'Kontot är inaktiverat. Kontakta en administratör.';
  return messageOf(result);
}

/** `#/glomt-losenord`: ask for a reset link. The answer is the same whether the address is known or not. */
export async function forgotPassword(): Promise<void> {
  show(
    'Glömt lösenordet?',
    `<form id="reset" novalidate>
      <p>Skriv din e-postadress, så skickar vi en länk där du kan välja ett nytt lösenord. Länken gäller i en timme.</p>
      <label for="reset-email">E-postadress</label><input id="reset-email" type="email" autocomplete="username" required>
      <button type="submit">Skicka länk</button>
    </form><p><a href="#/logga-in">Tillbaka till inloggningen</a></p>`,
  );
  const form = document.getElementById('reset') as HTMLFormElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const email = (form.querySelector('#reset-email') as HTMLInputElement).value.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return void showFieldErrors(form, [{ field: 'reset-email', message: 'Skriv en e-postadress, till exempel namn@kommun.se.' }]);
    const result = await api.POST('/api/auth/password-reset', { body: { email } });
    if (result.response.status !== 202) return void showFieldErrors(form, result);
    form.outerHTML = `<p role="status">Om adressen hör till ett konto är en länk på väg dit. Den gäller i en timme.</p>`;
  });
}

/** `#/<agreement>/losenord`: change one's own password, then stay signed in with the new one. */
export async function changePassword(): Promise<void> {
  show(
    'Byt lösenord',
    `<form id="change-password" novalidate>
      <label for="current-password">Nuvarande lösenord</label><input id="current-password" type="password" autocomplete="current-password" required>
      ${passwordFields('Nytt lösenord')}
      <p class="hint">Alla dina andra inloggningar avslutas.</p>
      <button type="submit">Byt lösenord</button>
    </form>`,
  );
  const form = document.getElementById('change-password') as HTMLFormElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const currentPassword = (form.querySelector('#current-password') as HTMLInputElement).value;
    const newPassword = newPasswordOf(form);
    if (typeof newPassword !== 'string') return void showFieldErrors(form, newPassword);
    const result = await api.PUT('/api/me/password', { body: { currentPassword, newPassword } });
    if (result.response.status !== 204) {
      const message = String((result.error as { message?: unknown } | undefined)?.message ?? '');
      return void (/currentPassword/.test(message) ? showFieldErrors(form, [{ field: 'current-password', message: 'Det nuvarande lösenordet stämmer inte.' }]) : showFieldErrors(form, result));
    }
    // Every sign-in of the person ended with the change: this tab signs in again with the new one.
    const email = session.user?.email ?? '';
    const signedIn = await api.POST('/api/auth/login', { body: { email, password: newPassword } });
    if (signedIn.data) session.start(signedIn.data);
    form.outerHTML = `<p role="status">Lösenordet är bytt.</p>`;
    announce('Lösenordet är bytt.');
  });
}
