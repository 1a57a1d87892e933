import { session } from './api';
import { activities, activity, escalations, mine, notifications, overview, signIn } from './pages/pages';
import { newActivity } from './pages/admin';
import { menu } from './menu';
import { navigate } from './router';

async function route(): Promise<void> {
  const [path, queryString] = (location.hash.slice(1) || '/mina').split('?');
  const query = new URLSearchParams(queryString ?? '');
  if (!session.token && path !== '/logga-in') return navigate('#/logga-in');
  const [, page, arg] = path.split('/');
  menu(page || 'mina');
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
