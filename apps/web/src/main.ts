import { session } from './api';
import { defaultMembership, href, landingPage, membershipIn, remember, setCurrent } from './agreement';
import { chooseAgreement, mine, noMembership, notMember, signIn } from './pages/pages';
import { activities, overview } from './pages/overview';
import { escalations } from './pages/escalations';
import { notifications } from './pages/notifications';
import { activity } from './pages/activity';
import { newActivity } from './pages/admin';
import { planImport } from './pages/plan-import';
import { agreementAdmin } from './pages/agreement-admin';
import { followUpSettings } from './pages/activity-editing';
import { changePassword, forgotPassword, people, setPassword } from './pages/people';
import { finishProviderSignIn, oidcConnections } from './pages/oidc';
import { notFound } from './pages/not-found';
import { menu } from './menu';
import { redirect } from './router';
import { designSystem, printHead } from './ui';

/** The pages of an agreement: `#/<agreementKey>/<page>/<argument>?<query>`. */
const PAGES = ['mina', 'oversikt', 'aktiviteter', 'aktivitet', 'eskaleringar', 'notiser', 'admin', 'plan', 'personer', 'overenskommelse', 'inloggning', 'uppfoljning'];
/** What each page takes after its name: nothing, a required argument, or one of some words. */
const ARGUMENTS: Record<string, 'none' | 'required' | string[]> = {
  aktivitet: 'required',
  admin: ['', 'ny-aktivitet'],
};
/** True when `page` with `arg` is a page of an agreement (`#/<key>/admin/anvandare` is not). */
function isPage(page: string, arg: string | undefined, extra: string[]): boolean {
  if (![...PAGES, 'losenord'].includes(page) || extra.length) return false;
  const takes = ARGUMENTS[page] ?? 'none';
  if (takes === 'required') return !!arg;
  if (takes === 'none') return !arg;
  return takes.includes(arg ?? '');
}

async function route(): Promise<void> {
  const address = location.hash.slice(1) || '/';
  const [path, queryString] = address.split('?');
  const query = new URLSearchParams(queryString ?? '');
  const parts = path.split('/').slice(1);
  if (parts[0] === 'logga-in') {
    setCurrent(null);
    menu(null);
    return signIn(query.get('till'));
  }
  // The link of an invitation or reset e-mail, and asking for one: without a sign-in.
  if (parts[0] === 'losenord' || parts[0] === 'glomt-losenord') {
    setCurrent(null);
    menu(null);
    return parts[0] === 'losenord' ? setPassword(decodeURIComponent(parts[1] ?? '')) : forgotPassword();
  }
  if (parts[0] === 'oidc') {
    setCurrent(null);
    menu(null);
    return parts[1] ? finishProviderSignIn(parts[1]) : signIn(null);
  }
  const person = session.user;
  // Not signed in: sign in first, then on to the address asked for (a link from an e-mail, say).
  if (!session.token || !person) return redirect(address === '/' ? '#/logga-in' : `#/logga-in?till=${encodeURIComponent(address)}`);
  if (person.memberships.length === 0) {
    setCurrent(null);
    menu(null);
    return noMembership();
  }
  if (!parts[0] || PAGES.includes(parts[0])) {
    // An address that names no agreement (older links, the brand link): the remembered or only one.
    const chosen = defaultMembership(person);
    const rest = parts.join('/');
    if (chosen) return redirect(href((rest || landingPage(chosen)) + (queryString ? `?${queryString}` : ''), chosen.agreement));
    setCurrent(null);
    menu(null);
    return chooseAgreement(rest, queryString ?? '');
  }
  const key = decodeURIComponent(parts[0]);
  const membership = membershipIn(person, key);
  if (!membership) {
    setCurrent(null);
    menu(null);
    // `#/moten` names no page and no agreement of theirs; `#/<key>/oversikt` an agreement they are not in.
    return parts[1] && PAGES.includes(parts[1]) ? notMember(key) : notFound(address);
  }
  setCurrent(membership);
  remember(person, membership.agreement);
  const [, page, arg, ...extra] = parts;
  if (!page) return redirect(href(landingPage(membership)));
  // No page is current in the menu on "Sidan finns inte".
  menu(isPage(page, arg, extra) ? page : '');
  if (!isPage(page, arg, extra)) return notFound(address);
  switch (page) {
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
    case 'plan':
      return planImport();
    case 'mina':
      return mine();
    case 'personer':
      return people();
    case 'inloggning':
      return oidcConnections();
    case 'overenskommelse':
      return agreementAdmin();
    case 'uppfoljning':
      return followUpSettings();
    case 'losenord':
      return changePassword();
    default:
      return notFound(address);
  }
}

// Whatever a page draws after show() (a list loaded later, a dialog) gets Designsystemet's classes too.
new MutationObserver((changes) => {
  for (const change of changes) change.addedNodes.forEach((node) => node instanceof Element && designSystem(node.parentElement ?? node));
}).observe(document.body, { childList: true, subtree: true });
designSystem(document.body);
window.addEventListener('beforeprint', printHead);
window.addEventListener('hashchange', () => void route());
void route();
