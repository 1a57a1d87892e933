/**
 * The main menu: where to go in the current agreement, which page you are on, how many notifications
 * are unread, and (for people with several memberships) a switcher to another agreement.
 */
import { api, session, signOut } from './api';
import { agreementName, currentMembership, hasRole, href, landingPage } from './agreement';
import type { Membership } from './agreement';
import { esc } from './ui';
import { navigate } from './router';

/** `page` is the current page of the agreement (null where there is no agreement: sign-in, choosing one). */
export function menu(page: string | null): void {
  const nav = document.getElementById('meny')!;
  const switcher = document.getElementById('overenskommelse')!;
  const brand = document.querySelector<HTMLAnchorElement>('.brand a')!;
  const here = currentMembership();
  const link = (path: string, text: string, id = '') =>
    `<li><a href="${esc(href(path))}"${id ? ` id="${id}"` : ''}${path.split('/')[0] === page ? ' aria-current="page"' : ''}>${text}</a></li>`;
  const logout = `<li><button type="button" id="logout" class="secondary">Logga ut ${esc(session.user?.name ?? '')}</button></li>`;
  brand.href = here ? href(landingPage(here)) : '#/';
  switcher.innerHTML = session.token && here ? agreementSwitcher(here, session.user?.memberships ?? []) : '';
  if (!session.token) {
    nav.innerHTML = `<ul><li><a href="#/logga-in"${page === null && location.hash.startsWith('#/logga-in') ? ' aria-current="page"' : ''}>Logga in</a></li><li><a href="/insyn">Insyn</a></li></ul>`;
    return;
  }
  nav.innerHTML = here
    ? `<ul>
    ${link('mina', 'Mina aktiviteter')}${link('oversikt', 'Översikt')}${link('eskaleringar', 'Eskaleringar')}${link('notiser', 'Notiser', 'menu-notiser')}
    ${hasRole('admin') ? link('admin/ny-aktivitet', 'Ny aktivitet') : ''}${hasRole('admin') ? link('plan', 'Import och export') : ''}${hasRole('admin') ? link('personer', 'Personer') : ''}${hasRole('admin') ? link('overenskommelse', 'Överenskommelsen') : ''}${hasRole('admin') ? link('uppfoljning', 'Påminnelser och eskalering') : ''}${hasRole('admin') ? link('inloggning', 'Inloggning') : ''}
    ${link('losenord', 'Byt lösenord')}${logout}</ul>`
    : `<ul>${logout}</ul>`;
  document.getElementById('logout')!.addEventListener('click', async () => {
    await signOut();
    navigate('#/logga-in');
  });
  wireSwitcher();
  if (here) void refreshUnread();
}

/**
 * The agreement the app is in; with several memberships a form to change it (a choice and a button,
 * so that moving through the choices does not leave the page).
 */
function agreementSwitcher(here: Membership, memberships: Membership[]): string {
  if (memberships.length < 2) return `<p class="agreement">Överenskommelse: <span id="aktuell-overenskommelse">${esc(agreementName(here))}</span></p>`;
  return `<form id="byt-overenskommelse" class="agreement" novalidate>
    <label for="valj-overenskommelse">Överenskommelse</label>
    <select id="valj-overenskommelse">${memberships
      .map((m) => `<option value="${esc(m.agreement)}"${m.agreement === here.agreement ? ' selected' : ''}>${esc(agreementName(m))}</option>`)
      .join('')}</select>
    <button type="submit" class="secondary">Byt</button>
  </form>`;
}

function wireSwitcher(): void {
  const form = document.getElementById('byt-overenskommelse') as HTMLFormElement | null;
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = (form.querySelector('select') as HTMLSelectElement).value;
    if (key !== currentMembership()?.agreement) navigate(samePageIn(key));
  });
}

/**
 * The page you are on, in the agreement `key`. An activity belongs to one agreement, so from an
 * activity you come to the other agreement's list of activities; a list's filters (goal areas,
 * parties) are the agreement's own, so only the escalations' state is kept.
 */
export function samePageIn(key: string): string {
  const [path, queryString] = location.hash.slice(1).split('?');
  const [, , page = '', ...rest] = path.split('/');
  const state = new URLSearchParams(queryString ?? '').get('state');
  switch (page) {
    case 'aktivitet':
      return href('aktiviteter', key);
    case 'aktiviteter':
      return href(page, key);
    case 'eskaleringar':
      return href(state ? `${page}?${new URLSearchParams({ state })}` : page, key);
    default:
      return href([page, ...rest].join('/'), key);
  }
}

/** Shows the unread count in the menu's link: "Notiser (2 olästa)". */
export async function refreshUnread(): Promise<void> {
  const { data } = await api.GET('/api/notifications', { params: { query: { limit: 1 } } });
  const link = document.getElementById('menu-notiser');
  if (!data || !link) return;
  link.textContent = data.unread ? `Notiser (${unreadText(data.unread)})` : 'Notiser';
}

export const unreadText = (n: number) => `${n} ${n === 1 ? 'oläst' : 'olästa'}`;
