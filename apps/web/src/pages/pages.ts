import { clearFieldErrors, showFieldErrors } from '../errors';
import { api, messageOf, session } from '../api';
import { cell, deadlineDate, esc, PHASES, show, statusBadge } from '../ui';
import { navigate } from '../router';
import { providerLinks, signInAgreement } from './oidc';
import { agreementName, defaultMembership, href, landingPage } from '../agreement';

/**
 * Where to go after signing in: the address asked for before (`till`, an in-app address such as a
 * link from an e-mail), else the first page of the remembered or only agreement, else the choice.
 */
export function afterSignIn(till: string | null): string {
  if (till && /^\/[^/]/.test(till) && !till.startsWith('/logga-in')) return `#${till}`;
  const person = session.user;
  const chosen = person && defaultMembership(person);
  return chosen ? href(landingPage(chosen), chosen.agreement) : '#/';
}

export async function signIn(till: string | null = null): Promise<void> {
  show(
    'Logga in',
    `<form id="login" novalidate>
      <label for="email">E-postadress</label>
      <input id="email" name="email" type="email" autocomplete="username" required>
      <label for="password">Lösenord</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <p id="login-error" class="error" role="alert"></p>
      <button type="submit">Logga in</button>
    </form>
    <p><a href="#/glomt-losenord">Glömt lösenordet?</a></p>
    <div id="oidc-providers"></div>`,
  );
  void providerLinks(document.getElementById('oidc-providers')!, signInAgreement(new URLSearchParams(location.hash.split('?')[1] ?? '')));
  document.getElementById('login')!.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const email = (form.elements.namedItem('email') as HTMLInputElement).value.trim();
    const password = (form.elements.namedItem('password') as HTMLInputElement).value;
    const out = document.getElementById('login-error')!;
    out.textContent = '';
    clearFieldErrors(form);
    const missing = [...(email ? [] : [{ field: 'email', message: 'Fyll i din e-postadress.' }]), ...(password ? [] : [{ field: 'password', message: 'Fyll i ditt lösenord.' }])];
    if (missing.length) return void showFieldErrors(form, missing);
    const result = await api.POST('/api/auth/login', { body: { email, password } });
    if (!result.data) {
      if (result.response.status !== 401) return void showFieldErrors(form, result);
      // Which of the two is wrong is not said (that would tell who has an account): both are marked.
      out.textContent = 'Fel e-postadress eller lösenord.';
      for (const name of ['email', 'password']) {
        const field = form.elements.namedItem(name) as HTMLInputElement;
        field.setAttribute('aria-invalid', 'true');
        field.setAttribute('aria-describedby', 'login-error');
      }
      (form.elements.namedItem('password') as HTMLInputElement).focus();
      return;
    }
    session.start(result.data);
    navigate(afterSignIn(till));
  });
}

export async function mine(): Promise<void> {
  const result = await api.GET('/api/me/activities');
  const data = result.data;
  if (!data) return show('Mina aktiviteter', `<p class="error">${esc(messageOf(result))}</p>`);
  const rows = data
    .map(
      (a) => `<tr><th scope="row"><a href="${esc(href(`aktivitet/${encodeURIComponent(a.key)}`))}">${esc(a.title)}</a></th>${cell('Fas', esc(PHASES[a.phase]))}
      ${cell('Nästa uppföljning', `${a.overdue ? '<strong>Försenad</strong> · ' : ''}${deadlineDate(a.nextDeadline)}`)}${cell('Senaste status', statusBadge(a.latestStatus))}</tr>`,
    )
    .join('');
  show(
    'Mina aktiviteter',
    data.length
      ? `<table><caption>Aktiviteter du ansvarar för, försenade först</caption><thead><tr><th scope="col">Aktivitet</th><th scope="col">Fas</th><th scope="col">Nästa uppföljning</th><th scope="col">Senaste status</th></tr></thead><tbody>${rows}</tbody></table>`
      : '<p>Du ansvarar inte för någon aktivitet.</p>',
  );
}

/** Someone with several memberships came by an address that names no agreement (and none is remembered): which one? */
export async function chooseAgreement(rest: string, queryString: string): Promise<void> {
  const memberships = session.user?.memberships ?? [];
  const links = memberships
    .map((m) => `<li><a href="${esc(href((rest || landingPage(m)) + (queryString ? `?${queryString}` : ''), m.agreement))}">${esc(agreementName(m))}</a></li>`)
    .join('');
  show(
    'Välj överenskommelse',
    `<p>Du är med i ${memberships.length} samverkansöverenskommelser.${rest ? ' Länken du följde säger inte vilken den gäller.' : ''} Välj den du vill arbeta i:</p>
    <ul class="agreements">${links}</ul>
    <p class="hint">Du kan byta överenskommelse när som helst i sidhuvudet. Den du valde senast öppnas nästa gång du loggar in.</p>`,
  );
}

/** A signed-in person who is a member of no agreement (a platform operator, or someone not yet given a membership). */
export async function noMembership(): Promise<void> {
  show(
    'Inget medlemskap',
    `<p>Du är inte medlem i någon samverkansöverenskommelse ännu, så det finns inget att visa här.</p>
    <p>Be en administratör i din kommun att lägga till dig i kommunens överenskommelse, med din organisation och dina roller.</p>`,
  );
}

/** An address naming an agreement the person is not a member of (or that does not exist: the two look the same). */
export async function notMember(key: string): Promise<void> {
  const memberships = session.user?.memberships ?? [];
  show(
    'Överenskommelsen finns inte för dig',
    `<p>Adressen gäller överenskommelsen ”${esc(key)}”. Den finns inte, eller så är du inte medlem i den.</p>
    <p>Dina överenskommelser:</p>
    <ul class="agreements">${memberships.map((m) => `<li><a href="${esc(href(landingPage(m), m.agreement))}">${esc(agreementName(m))}</a></li>`).join('')}</ul>`,
  );
}
