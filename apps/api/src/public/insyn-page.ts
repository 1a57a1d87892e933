/** The public page /insyn as plain, accessible HTML in Swedish (no script needed). */
import { escapeHtml as esc, reportStatusBadge, swedishCalendarDate } from '@app/domain';
import type { PublicOverview } from './public.service';

/** The page's only style, inline; the Content-Security-Policy allows exactly it, by its hash. */
export const INSYN_STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; line-height: 1.5; }
  header, main, footer { max-width: 60rem; margin: 0 auto; padding: 1rem; }
  a { color: #0b4f8a; }
  a:focus, a:focus-visible { outline: 3px solid #b35900; outline-offset: 2px; }
  .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
  caption { text-align: left; font-weight: 600; padding: .25rem 0; }
  th, td { text-align: left; padding: .5rem; border-bottom: 1px solid #767676; vertical-align: top; }
  .sub { margin-top: -.5rem; color: #4a4a4a; }
  .status { font-weight: 600; } .ok { color: #1d6b2a; } .risk { color: #8a4b00; } .off { color: #a0161b; } .none { color: #4a4a4a; }
  @media (max-width: 40rem) { thead { display: none; } tr, th, td { display: block; } td { border: 0; padding: .1rem .5rem; } tr { border-bottom: 1px solid #767676; padding: .5rem 0; } }
`;

export function renderInsynPage(o: PublicOverview): string {
  const sections = o.goalAreas
    .map(
      (g) => `
    <section aria-labelledby="mal-${esc(g.code)}">
      <h2 id="mal-${esc(g.code)}">Målområde ${esc(g.code)}: ${esc(g.title)}</h2>
      ${g.subtitle ? `<p class="sub">${esc(g.subtitle)}</p>` : ''}
      <table>
        <caption>Aktiviteter inom målområde ${esc(g.code)}</caption>
        <thead><tr><th scope="col">Aktivitet</th><th scope="col">Fas</th><th scope="col">Senaste status</th><th scope="col">Senaste rapport</th></tr></thead>
        <tbody>
        ${g.activities
          .map(
            (a) =>
              `<tr><th scope="row">${esc(a.title)}</th><td>${esc(a.phaseName)}</td><td>${reportStatusBadge(a.latestStatus)}</td><td>${a.lastReportDate ? `<time datetime="${a.lastReportDate}">${swedishCalendarDate(a.lastReportDate)}</time>` : 'Ingen ännu'}</td></tr>`,
          )
          .join('\n        ')}
        </tbody>
      </table>
    </section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Insyn – ${esc(o.agreement.title)}</title>
<style>${INSYN_STYLE}</style>
</head>
<body>
<a class="skip" href="#innehall">Hoppa till innehållet</a>
<header>
  <p>${esc(o.agreement.municipality)} · Samverkansöverenskommelse ${esc(swedishCalendarDate(o.agreement.validFrom))} – ${esc(swedishCalendarDate(o.agreement.validTo))}</p>
  <h1>Insyn: så går arbetet</h1>
</header>
<main id="innehall">
  <p>${esc(o.agreement.purpose)}</p>
  <p>Här ser du överenskommelsens målområden och aktiviteter, vilken fas varje aktivitet är i och vad den senaste lägesrapporten säger. Sidan visar inga namn och inga rapporttexter.</p>
  ${sections}
</main>
<footer><p>${esc(o.agreement.title)}</p></footer>
</body>
</html>`;
}

/** /insyn without ?agreement= on a platform of several agreements: which municipality's page to open. */
export function renderInsynChoice(agreements: { key: string; title: string; municipality: string; validFrom: string; validTo: string }[]): string {
  const items = [...agreements]
    .sort((a, b) => a.municipality.localeCompare(b.municipality, 'sv') || b.validFrom.localeCompare(a.validFrom))
    .map(
      (a) =>
        `<li><a href="/insyn?agreement=${encodeURIComponent(a.key)}">${esc(a.municipality)}: ${esc(a.title)}</a> (${esc(swedishCalendarDate(a.validFrom))} – ${esc(swedishCalendarDate(a.validTo))})</li>`,
    )
    .join('\n    ');
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Insyn – välj överenskommelse</title>
<style>${INSYN_STYLE}</style>
</head>
<body>
<a class="skip" href="#innehall">Hoppa till innehållet</a>
<header><h1>Insyn: så går arbetet</h1></header>
<main id="innehall">
  <p>Välj kommunens samverkansöverenskommelse för att se dess målområden och aktiviteter.</p>
  <ul>
    ${items}
  </ul>
</main>
</body>
</html>`;
}
