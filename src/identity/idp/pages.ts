import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * Server-rendered pages of the bundled provider (login, logout, error). Plain HTML
 * with a small stylesheet in the Bootstrap Italia palette, so they work without the
 * web app, with keyboard and screen readers, and with large text.
 */
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const STYLE = `
  body{font-family:"Titillium Web",system-ui,sans-serif;margin:0;background:#f5f7fb;color:#1a1a1a;font-size:1.125rem;line-height:1.5}
  header{background:#0066cc;color:#fff;padding:1rem 1.5rem}header p{margin:0;font-weight:600}
  main{max-width:32rem;margin:2rem auto;background:#fff;padding:2rem;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.15)}
  h1{font-size:1.75rem;margin-top:0}label{display:block;font-weight:600;margin-top:1rem}
  input{width:100%;box-sizing:border-box;font-size:1.125rem;padding:.6rem;border:2px solid #5c6f82;border-radius:4px}
  button{margin-top:1.5rem;background:#0066cc;color:#fff;border:0;padding:.75rem 1.5rem;font-size:1.125rem;border-radius:4px;cursor:pointer}
  :focus-visible{outline:3px solid #ff9900;outline-offset:2px}
  .error{background:#fde8e8;border-left:4px solid #cc334d;padding:.75rem;margin-bottom:1rem}
  .demo{margin-top:2rem;border-top:1px solid #d9dadb;padding-top:1rem;font-size:1rem}
  table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #e6e9f2}
  code{background:#eef2f7;padding:0 .25rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Salus ID</title><style>${STYLE}</style></head>
<body><header><p>Salus ID · Identità digitale (ambiente di prova SPID/CIE)</p></header><main>${body}</main></body></html>`;
}

export interface LoginPageOptions {
  readonly uid: string;
  readonly clientName: string;
  readonly error: string | null;
  readonly username: string;
  /** Listed only in demo mode. */
  readonly demo: { readonly password: string; readonly accounts: readonly { username: string; who: string }[] } | null;
}

export function renderLoginPage(options: LoginPageOptions): string {
  const error =
    options.error === null ? '' : `<div class="error" role="alert" id="login-error">${escapeHtml(options.error)}</div>`;
  const demo =
    options.demo === null
      ? ''
      : `<section class="demo" aria-labelledby="demo-title"><h2 id="demo-title">Account di prova (demo)</h2>
<p>Password per tutti: <code id="demo-password">${escapeHtml(options.demo.password)}</code></p>
<table><thead><tr><th scope="col">Utente</th><th scope="col">Chi è</th></tr></thead><tbody>
${options.demo.accounts.map((a) => `<tr><td><code>${escapeHtml(a.username)}</code></td><td>${escapeHtml(a.who)}</td></tr>`).join('')}
</tbody></table></section>`;
  return page(
    'Accedi',
    `<h1>Accedi a ${escapeHtml(options.clientName)}</h1>${error}
<form method="post" action="/idp/interaction/${escapeHtml(options.uid)}/login" autocomplete="on">
<label for="username">Nome utente</label>
<input id="username" name="username" autocomplete="username" required value="${escapeHtml(options.username)}" ${options.error === null ? '' : 'aria-describedby="login-error"'}>
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
    `<h1>Non è stato possibile completare l'accesso</h1><p>${escapeHtml(description)}</p><p><a href="/">Torna a Salus</a></p>`,
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
