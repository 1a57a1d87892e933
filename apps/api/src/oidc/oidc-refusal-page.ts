import { escapeHtml as esc } from '@app/domain';
import { INSYN_STYLE } from '../public/insyn-page';

/**
 * The page a refused sign-in through an identity provider lands on: why, in Swedish, and the way back
 * to the sign-in page (where a password still works). No script; the one style the
 * Content-Security-Policy allows (the Insyn page's).
 */
export function renderOidcRefusal(code: string, swedish: string, webApp: string, agreementKey?: string): string {
  // Back to the sign-in page of the connection's agreement, when known: its providers are offered there again.
  const signIn = `${webApp}/#/logga-in${agreementKey ? `?${new URLSearchParams({ agreement: agreementKey })}` : ''}`;
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inloggningen gick inte – Samverkan</title>
<style>${INSYN_STYLE}</style>
</head>
<body>
<main>
<h1>Inloggningen gick inte</h1>
<p id="oidc-refusal" role="alert">${esc(swedish)}</p>
<p>Felkod: <code id="oidc-error-code">${esc(code)}</code></p>
<p><a href="${esc(signIn)}">Till inloggningssidan</a></p>
</main>
</body>
</html>`;
}
