/**
 * Sign-in through a party's own identity provider (OpenID Connect): the links on the sign-in page,
 * the hand-over back, and the administrators' page where the providers are registered.
 */
import { api, messageOf, session } from '../api';
import type { components } from '../api/schema';
import { announce, cell, day, esc, show } from '../ui';
import { EMAIL_DOMAIN } from '@app/domain/email-domain';
import { currentAgreement, hasRole } from '../agreement';
import { redirect } from '../router';
import { afterSignIn } from './pages';

type Connection = components['schemas']['OidcConnectionDto'];

/**
 * The agreement the sign-in page is for: named by its address (`#/logga-in?agreement=<key>`, the link
 * an administrator hands out) or by the address it leads on to (`till=/<key>/…`, an e-mail's link).
 */
export function signInAgreement(query: URLSearchParams): string | null {
  const named = query.get('agreement');
  if (named) return named;
  // An older link's first segment (`/aktivitet/mbu`) is no agreement's key: the API then offers none.
  return /^\/([a-z0-9]+(?:-[a-z0-9]+)*)\//.exec(query.get('till') ?? '')?.[1] ?? null;
}

/**
 * "Logga in med …" under the password form: the providers of the agreement the page is for (none
 * when it names none: the platform does not tell visitors which providers other municipalities
 * use). A link (a navigation, not a fetch): the API redirects to the provider, which sends the
 * person back.
 */
export async function providerLinks(container: HTMLElement, agreement: string | null): Promise<void> {
  if (!agreement) return;
  const result = await api.GET('/api/auth/oidc/providers', { params: { query: { agreement } } }).catch(() => undefined);
  const providers = result?.data ?? [];
  if (!providers.length) return;
  container.innerHTML = `<h2>Logga in via din organisation</h2>
    <p>${esc(providers[0].agreementTitle)}</p>
    <ul class="oidc-providers">${providers.map((p) => `<li><a href="${esc(p.startUrl)}">Logga in med ${esc(p.displayName)}</a></li>`).join('')}</ul>
    <p class="hint">Du kommer in om en administratör har bjudit in dig med samma e-postadress. Roller och behörigheter sätts här, inte hos din organisation.</p>`;
}

/**
 * `#/oidc/<code>`: the API's one-time code for a finished sign-in through a provider, exchanged (once,
 * within a minute) for tokens by POST. The code leaves the address at once; tokens never are in it.
 */
export async function finishProviderSignIn(code: string): Promise<void> {
  history.replaceState(null, '', `${location.pathname}${location.search}#/oidc`);
  show('Loggar in', '<p role="status">Loggar in …</p>');
  const result = await api.POST('/api/auth/oidc/exchange', { body: { code } }).catch(() => undefined);
  if (!result?.data) {
    show(
      'Inloggningen gick inte',
      `<p class="error" role="alert">Inloggningen kunde inte slutföras: den har redan använts eller tog för lång tid. <a href="#/logga-in">Logga in igen</a>.</p>`,
    );
    return;
  }
  session.start(result.data);
  redirect(afterSignIn(null));
}


/** What went wrong with a registration, in Swedish: the API's field-by-field answer, with its detail. */
function registrationProblem(result: { error?: unknown; response: Response }, issuer: string): string {
  const details = (result.error as { details?: { field: string; message: string }[] } | undefined)?.details ?? [];
  const issuerProblem = details.find((d) => d.field === 'issuer');
  if (issuerProblem && /did not answer|discovery/.test(issuerProblem.message)) {
    return `Utfärdaren ${issuer} svarade inte som en OpenID Connect-leverantör: adressen ${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration gav inget giltigt svar som namnger just den utfärdaren. Kontrollera adressen (exakt som leverantören skriver den). (Detalj: ${issuerProblem.message})`;
  }
  if (issuerProblem) return `Utfärdarens adress går inte att använda. (Detalj: ${issuerProblem.message})`;
  return messageOf(result);
}

/** Client-side checks of the form, in Swedish, before anything is sent; null when it can be sent. */
function checkRegistration(body: components['schemas']['CreateOidcConnectionDto']): string | null {
  if (!body.party) return 'Välj vilken part leverantören hör till.';
  let url: URL | null = null;
  try {
    url = new URL(body.issuer);
  } catch {
    url = null;
  }
  if (!url || !/^https?:$/.test(url.protocol)) return 'Skriv utfärdarens adress (issuer), till exempel https://login.microsoftonline.com/<katalog-id>/v2.0.';
  if (!body.clientId) return 'Skriv klient-id:t som leverantören gav er.';
  if (!body.clientSecret) return 'Skriv klienthemligheten som leverantören gav er.';
  if (!body.allowedDomains.length) return 'Skriv minst en e-postdomän, till exempel polisen.se.';
  const bad = body.allowedDomains.find((d) => !EMAIL_DOMAIN.test(d));
  if (bad) return `”${bad}” är ingen e-postdomän. Skriv domäner som polisen.se, utan @ och utan *.`;
  return null;
}

/** `#/<agreement>/inloggning`: the agreement's identity providers (administrators): list, add, remove. */
export async function oidcConnections(): Promise<void> {
  const title = 'Inloggning via organisation';
  if (!hasRole('admin')) return show(title, '<p>Bara överenskommelsens administratörer kan se och ändra inloggningen via organisationer.</p>');
  const [list, { data: parties }] = await Promise.all([api.GET('/api/oidc-connections', { params: { query: {} } }), api.GET('/api/parties', { params: { query: {} } })]);
  if (!list.data) return show(title, `<p class="error" role="alert">${esc(messageOf(list))}</p>`);
  const partyName = (key: string) => parties?.find((p) => p.key === key)?.name ?? key;
  const connections: Connection[] = list.data;
  const redirectUri = connections[0]?.redirectUri ?? `${location.origin}/api/auth/oidc/callback`;
  const signInLink = `${location.origin}/#/logga-in?${new URLSearchParams({ agreement: currentAgreement() ?? '' })}`;
  const rows = connections
    .map(
      (c) => `<tr data-connection="${esc(c.id)}"><th scope="row">${esc(c.displayName)}</th>${cell('Part', esc(partyName(c.party)))}${cell('Utfärdare', `<code>${esc(c.issuer)}</code>`)}
      ${cell('Klient-id', `<code>${esc(c.clientId)}</code>`)}${cell('E-postdomäner', esc(c.allowedDomains.join(', ')))}${cell('Registrerad', esc(day(c.createdAt)))}
      <td><form class="remove" data-id="${esc(c.id)}" data-name="${esc(c.displayName)}" novalidate><button type="submit" class="secondary" aria-label="Ta bort ${esc(c.displayName)}">Ta bort</button><p class="error" role="alert"></p></form></td></tr>`,
    )
    .join('');
  show(
    title,
    `<p>Här kopplar du en parts egen inloggning (OpenID Connect, till exempel Microsoft Entra ID) till överenskommelsen. På inloggningssidan visas då ”Logga in med …”.
      Bara den som är inbjuden under Personer med samma e-postadress kommer in, och med de roller som står där: leverantören bestämmer aldrig roller.</p>
    <p>Registrera den här adressen som omdirigerings-URI (redirect URI) hos leverantören: <code id="redirect-uri">${esc(redirectUri)}</code></p>
    <p>Länk till inloggningen för överenskommelsen, att ge personalen: <code id="sign-in-link">${esc(signInLink)}</code></p>
    ${
      connections.length
        ? `<table><caption>Registrerade identitetsleverantörer</caption><thead><tr><th scope="col">Namn</th><th scope="col">Part</th><th scope="col">Utfärdare</th><th scope="col">Klient-id</th><th scope="col">E-postdomäner</th><th scope="col">Registrerad</th><th scope="col">Åtgärd</th></tr></thead><tbody>${rows}</tbody></table>`
        : '<p id="no-connections">Ingen identitetsleverantör är registrerad än. Alla loggar in med lösenord.</p>'
    }
    <h2>Registrera en identitetsleverantör</h2>
    <form id="add-connection" novalidate>
      <label for="oidc-party">Part</label>
      <select id="oidc-party" name="party" required><option value="">Välj part</option>${(parties ?? []).map((p) => `<option value="${esc(p.key)}">${esc(p.name)}</option>`).join('')}</select>
      <label for="oidc-name">Namn på knappen (frivilligt)</label>
      <p id="oidc-name-hint" class="hint">Visas som ”Logga in med …”. Utan namn används partens namn.</p>
      <input id="oidc-name" name="displayName" autocomplete="off" maxlength="80" aria-describedby="oidc-name-hint">
      <label for="oidc-issuer">Utfärdare (issuer)</label>
      <p id="oidc-issuer-hint" class="hint">Adressen som leverantören kallar issuer, till exempel https://login.microsoftonline.com/&lt;katalog-id&gt;/v2.0. Den kontrolleras direkt.</p>
      <input id="oidc-issuer" name="issuer" type="url" autocomplete="off" required aria-describedby="oidc-issuer-hint">
      <label for="oidc-client-id">Klient-id</label>
      <input id="oidc-client-id" name="clientId" autocomplete="off" required>
      <label for="oidc-client-secret">Klienthemlighet</label>
      <p id="oidc-secret-hint" class="hint">Sparas krypterad och visas aldrig igen, inte heller här.</p>
      <input id="oidc-client-secret" name="clientSecret" type="password" autocomplete="new-password" required aria-describedby="oidc-secret-hint">
      <label for="oidc-domains">Tillåtna e-postdomäner</label>
      <p id="oidc-domains-hint" class="hint">En eller flera, åtskilda med komma eller mellanslag, till exempel polisen.se. Bara adresser i dem kan logga in via leverantören.</p>
      <input id="oidc-domains" name="allowedDomains" autocomplete="off" required aria-describedby="oidc-domains-hint">
      <p class="error" role="alert"></p>
      <button type="submit">Registrera</button>
    </form>`,
  );
  const add = document.getElementById('add-connection') as HTMLFormElement;
  add.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (name: string) => (add.elements.namedItem(name) as HTMLInputElement).value.trim();
    const error = add.querySelector<HTMLElement>('.error')!;
    const displayName = value('displayName');
    const body = {
      party: value('party'),
      ...(displayName ? { displayName } : {}),
      issuer: value('issuer'),
      clientId: value('clientId'),
      clientSecret: (add.elements.namedItem('clientSecret') as HTMLInputElement).value,
      allowedDomains: value('allowedDomains').split(/[\s,;]+/).filter(Boolean),
    };
    const problem = checkRegistration(body);
    if (problem) {
      error.textContent = problem;
      return;
    }
    error.textContent = '';
    const button = add.querySelector('button')!;
    button.disabled = true;
    const result = await api.POST('/api/oidc-connections', { params: { query: {} }, body }).catch(() => undefined);
    button.disabled = false;
    if (!result?.data) {
      error.textContent = result ? registrationProblem(result, body.issuer) : 'Samverkan svarar inte. Kontrollera uppkopplingen och försök igen.';
      return;
    }
    const made = result.data;
    await oidcConnections();
    announce(`${made.displayName} är registrerad. Personer med e-post i ${made.allowedDomains.join(', ')} som är inbjudna kan nu logga in med den.`);
  });
  document.querySelectorAll<HTMLFormElement>('form.remove').forEach((form) =>
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const result = await api.DELETE('/api/oidc-connections/{id}', { params: { path: { id: form.dataset.id ?? '' }, query: {} } });
      if (result.error || !result.response.ok) {
        form.querySelector<HTMLElement>('.error')!.textContent = messageOf(result);
        return;
      }
      await oidcConnections();
      announce(`${form.dataset.name} är borttagen. De som loggade in med den loggar nu in med lösenord.`);
    }),
  );
}
