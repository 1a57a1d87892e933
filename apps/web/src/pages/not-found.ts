/** An address the app has no page for: say so, and offer the ways on. */
import { session } from '../api';
import { currentMembership, hasRole, href, landingPage } from '../agreement';
import { esc, show } from '../ui';

export function notFound(address: string): void {
  const here = currentMembership();
  const links: [string, string][] = here
    ? [
        [href(landingPage(here)), 'Startsidan'],
        [href('mina'), 'Mina aktiviteter'],
        [href('oversikt'), 'Översikt'],
        [href('eskaleringar'), 'Eskaleringar'],
        [href('notiser'), 'Notiser'],
        ...(hasRole('admin') ? ([[href('admin/ny-aktivitet'), 'Ny aktivitet'], [href('personer'), 'Personer']] as [string, string][]) : []),
      ]
    : session.token
      ? [['#/', 'Startsidan']]
      : [['#/logga-in', 'Logga in'], ['/insyn', 'Insyn']];
  show(
    'Sidan finns inte',
    `<div class="not-found">
      <p>Det finns ingen sida på adressen <code>${esc(address)}</code>. Länken kan vara fel skriven, eller så har sidan flyttats.</p>
      <h2>Gå vidare till</h2>
      <ul>${links.map(([to, text]) => `<li><a href="${esc(to)}">${esc(text)}</a></li>`).join('')}</ul>
    </div>`,
  );
}
