import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * Server-rendered pages of the bundled provider (login, logout, error). Plain HTML
 * with a small stylesheet in the Bootstrap Italia palette, so they work without the
 * web app, with keyboard and screen readers, and with large text.
 */
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

// The stylesheet is an asset next to this file, inlined in every page (the pages load nothing else: the
// provider's CSP allows inline styles, security-headers.ts). Read once, at start.
const STYLE = readFileSync(join(import.meta.dirname, 'pages.css'), 'utf8');

function page(title: string, body: string): string {
  return (
    '<!doctype html><html lang="it"><head><meta charset="utf-8">' +
    `<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Salus ID</title><style>${STYLE}</style></head>
<body><header><p>Salus ID · Identità digitale (ambiente di prova SPID/CIE)</p></header>` +
    `<main>${body}</main></body></html>`
  );
}

export interface LoginPageOptions {
  readonly uid: string;
  readonly clientName: string;
  readonly error: string | null;
  readonly username: string;
  /** Listed only in demo mode. */
  readonly demo: { readonly password: string; readonly accounts: readonly { username: string; who: string }[] } | null;
}

const demoAccountRow = (a: { username: string; who: string }): string =>
  `<tr><td><code>${escapeHtml(a.username)}</code></td><td>${escapeHtml(a.who)}</td></tr>`;

export function renderLoginPage(options: LoginPageOptions): string {
  const describedBy = options.error === null ? '' : 'aria-describedby="login-error"';
  const error =
    options.error === null ? '' : `<div class="error" role="alert" id="login-error">${escapeHtml(options.error)}</div>`;
  const demo =
    options.demo === null
      ? ''
      : `<section class="demo" aria-labelledby="demo-title"><h2 id="demo-title">Account di prova (demo)</h2>
<p>Password per tutti: <code id="demo-password">${escapeHtml(options.demo.password)}</code></p>
<table><thead><tr><th scope="col">Utente</th><th scope="col">Chi è</th></tr></thead><tbody>
${options.demo.accounts.map(demoAccountRow).join('')}
</tbody></table></section>`;
  return page(
    'Accedi',
    `<h1>Accedi a ${escapeHtml(options.clientName)}</h1>${error}
<form method="post" action="/idp/interaction/${escapeHtml(options.uid)}/login" autocomplete="on">
<label for="username">Nome utente</label>
<input id="username" name="username" autocomplete="username" required ` +
      `value="${escapeHtml(options.username)}" ${describedBy}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Entra</button>
</form>${demo}`,
  );
}

export function renderIdpError(errorDescription: string | undefined): string {
  const description = errorDescription ?? 'Richiesta non valida.';
  return page(
    'Errore',
    "<h1>Non è stato possibile completare l'accesso</h1>" +
      `<p>${escapeHtml(description)}</p><p><a href="/">Torna a Salus</a></p>`,
  );
}

/** RP-initiated logout asks the person to confirm, as the OpenID spec recommends. */
export function renderLogoutPrompt(ctx: KoaContextWithOIDC, form: string): void {
  ctx.type = 'html';
  ctx.body = page(
    'Esci',
    `<h1>Vuoi uscire?</h1><p>Uscirai da Salus e dal servizio di identità.</p>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sì, esci</button>`,
  );
}
