/** Sign-in through a party's own identity provider (OpenID Connect): the links, and the hand-over back. */
import { api, session } from '../api';
import { esc, show } from '../ui';
import { redirect } from '../router';
import { afterSignIn } from './pages';

/**
 * "Logga in med …" under the password form: every provider registered on the platform. A link (a
 * navigation, not a fetch): the API redirects to the provider, which sends the person back.
 */
export async function providerLinks(container: HTMLElement): Promise<void> {
  const result = await api.GET('/api/auth/oidc/providers').catch(() => undefined);
  const providers = result?.data ?? [];
  if (!providers.length) return;
  const agreements = new Set(providers.map((p) => p.agreement));
  container.innerHTML = `<h2>Logga in via din organisation</h2>
    <ul class="oidc-providers">${providers
      .map((p) => `<li><a href="${esc(p.startUrl)}">Logga in med ${esc(p.displayName)}</a>${agreements.size > 1 ? ` (${esc(p.agreementTitle)})` : ''}</li>`)
      .join('')}</ul>
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
