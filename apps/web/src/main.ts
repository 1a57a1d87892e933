import { session } from './api';
import { activities, activity, escalations, mine, notifications, overview, signIn } from './pages/pages';
import { newActivity } from './pages/admin';
import { esc } from './ui';
import { navigate } from './router';

function menu(): void {
  const nav = document.getElementById('meny')!;
  if (!session.token) {
    nav.innerHTML = '<ul><li><a href="#/logga-in">Logga in</a></li><li><a href="/insyn">Insyn</a></li></ul>';
    return;
  }
  nav.innerHTML = `<ul>
    <li><a href="#/mina">Mina aktiviteter</a></li><li><a href="#/oversikt">Översikt</a></li>
    <li><a href="#/eskaleringar">Eskaleringar</a></li><li><a href="#/notiser">Notiser</a></li>
    ${session.user?.roles.includes('admin') ? '<li><a href="#/admin/ny-aktivitet">Ny aktivitet</a></li>' : ''}
    <li><button type="button" id="logout" class="secondary">Logga ut ${esc(session.user?.name ?? '')}</button></li></ul>`;
  document.getElementById('logout')!.addEventListener('click', () => {
    session.set(null);
    navigate('#/logga-in');
  });
}

async function route(): Promise<void> {
  const [path, queryString] = (location.hash.slice(1) || '/mina').split('?');
  const query = new URLSearchParams(queryString ?? '');
  if (!session.token && path !== '/logga-in') return navigate('#/logga-in');
  menu();
  const [, page, arg] = path.split('/');
  switch (page) {
    case 'logga-in':
      return signIn();
    case 'oversikt':
      return overview();
    case 'aktiviteter':
      return activities(query);
    case 'aktivitet':
      return activity(decodeURIComponent(arg ?? ''));
    case 'eskaleringar':
      return escalations(query);
    case 'notiser':
      return notifications();
    case 'admin':
      return newActivity();
    default:
      return mine();
  }
}

window.addEventListener('hashchange', () => void route());
void route();
