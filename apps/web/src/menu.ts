/** The main menu: where to go, which page you are on, and how many notifications are unread. */
import { api, session, signOut } from './api';
import { esc } from './ui';
import { navigate } from './router';

export function menu(page: string): void {
  const nav = document.getElementById('meny')!;
  const link = (href: string, text: string, id = '') =>
    `<li><a href="${href}"${id ? ` id="${id}"` : ''}${href.slice(2).split('/')[0] === page ? ' aria-current="page"' : ''}>${text}</a></li>`;
  if (!session.token) {
    nav.innerHTML = `<ul>${link('#/logga-in', 'Logga in')}<li><a href="/insyn">Insyn</a></li></ul>`;
    return;
  }
  nav.innerHTML = `<ul>
    ${link('#/mina', 'Mina aktiviteter')}${link('#/oversikt', 'Översikt')}${link('#/eskaleringar', 'Eskaleringar')}${link('#/notiser', 'Notiser', 'menu-notiser')}
    ${session.user?.roles.includes('admin') ? link('#/admin/ny-aktivitet', 'Ny aktivitet') : ''}
    <li><button type="button" id="logout" class="secondary">Logga ut ${esc(session.user?.name ?? '')}</button></li></ul>`;
  document.getElementById('logout')!.addEventListener('click', async () => {
    await signOut();
    navigate('#/logga-in');
  });
  void refreshUnread();
}

/** Shows the unread count in the menu's link: "Notiser (2 olästa)". */
export async function refreshUnread(): Promise<void> {
  const { data } = await api.GET('/api/notifications', { params: { query: { limit: 1 } } });
  const link = document.getElementById('menu-notiser');
  if (!data || !link) return;
  link.textContent = data.unread ? `Notiser (${unreadText(data.unread)})` : 'Notiser';
}

export const unreadText = (n: number) => `${n} ${n === 1 ? 'oläst' : 'olästa'}`;
