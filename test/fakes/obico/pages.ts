import { escapeHtml } from '../kit'

/**
 * Server-rendered pages of the Obico fake: plain HTML forms that work without JavaScript.
 * Texts follow obico-api.md §1.5 and oauth-and-secrets.md §3.1.
 */

function layout(title: string, body: string, hideNavbar = false): string {
  const navbar = hideNavbar ? '' : '<nav class="navbar"><a href="/">Obico</a></nav>'
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} | Obico</title></head><body>${navbar}<main>${body}</main></body></html>`
}

/** allauth's login page as Obico overrides it: fields `login` and `password`. */
export function loginPage(options: {
  csrf: string
  next: string
  error?: string
  /** Demo credentials to show (a fake-only addition for Printdock's demo). */
  hint?: { username: string; password: string }
}): string {
  const error = options.error
    ? `<div class="alert alert-danger" role="alert">${escapeHtml(options.error)}</div>`
    : ''
  const hint = options.hint
    ? `<div class="alert alert-info" role="note" id="demo-credentials">Demo server: sign in as <code id="demo-username">${escapeHtml(options.hint.username)}</code> with password <code id="demo-password">${escapeHtml(options.hint.password)}</code>.</div>`
    : ''
  const prefill = options.hint ? ` value="${escapeHtml(options.hint.username)}"` : ''
  return layout(
    'Sign In',
    `<h1>Sign In</h1>${hint}${error}
<form method="post" action="/accounts/login/">
<input type="hidden" name="csrfmiddlewaretoken" value="${escapeHtml(options.csrf)}">
<label for="id_login">Email</label> <input type="email" name="login" id="id_login" autocomplete="email"${prefill} required>
<label for="id_password">Password</label> <input type="password" name="password" id="id_password" autocomplete="current-password" required>
<input type="hidden" name="next" value="${escapeHtml(options.next)}">
<button type="submit" id="signin">Sign In</button>
</form>`
  )
}

/** The consent page (`oauth2_provider/authorize.html` in Obico): a fixed permission list. */
export function consentPage(options: {
  csrf: string
  appName: string
  hidden: Record<string, string>
  hideNavbar: boolean
}): string {
  const hidden = Object.entries(options.hidden)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`
    )
    .join('\n')
  return layout(
    `Authorize ${options.appName}?`,
    `<h1>Authorize ${escapeHtml(options.appName)}?</h1>
<p>${escapeHtml(options.appName)} would like to:</p>
<ul><li>Query your printer status</li><li>Upload G-Code to your account</li><li>Access your Obico printer page</li></ul>
<form id="authorizationForm" method="post" action="/o/authorize/">
<input type="hidden" name="csrfmiddlewaretoken" value="${escapeHtml(options.csrf)}">
${hidden}
<input type="submit" class="btn" value="Cancel">
<input type="submit" class="btn btn-primary" name="allow" value="Authorize">
</form>`,
    options.hideNavbar
  )
}

/** DOT's error page for errors found before the redirect URI is trusted (HTTP 400, no redirect). */
export function oauthErrorPage(error: string, description: string): string {
  return layout('Error', `<h2>Error: ${escapeHtml(error)}</h2><p>${escapeHtml(description)}</p>`)
}

/** DOT's "Your applications" page. */
export function applicationsPage(names: string[]): string {
  const items = names.length
    ? `<ul>${names.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
    : '<p>No applications defined.</p>'
  return layout(
    'Your applications',
    `<h3>Your applications</h3>${items}<a href="/o/applications/register/">New Application</a>`
  )
}

/** Django's production 400 page (e.g. `DisallowedRedirect`, obico-api.md §1.3). */
export const BAD_REQUEST_PAGE =
  '<!doctype html><html lang="en"><head><title>Bad Request (400)</title></head><body><h1>Bad Request (400)</h1><p></p></body></html>'
