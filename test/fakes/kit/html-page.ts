import { escapeHtml } from './responses'

/**
 * The plain HTML pages the OAuth fakes render for a browser: a page shell, hidden form fields
 * and a sign-in form. They work without JavaScript, so tests can drive them with plain HTTP.
 */

/** A page with `title` as its heading; the tab title carries the site name after `titleSuffix`. */
export function htmlPage(title: string, titleSuffix: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}${escapeHtml(titleSuffix)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`
}

/** Hidden inputs, one a line, that carry request parameters through a form post. */
export function hiddenInputs(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`
    )
    .join('\n')
}

/** What a fake's sign-in form asks for. */
export interface LoginFormOptions {
  /** Where the form posts. */
  action: string
  /** The hidden field that carries the page to go back to after signing in. */
  back: { name: string; value: string }
  /** The account field: label, input name and, if not plain text, input type. */
  user: { label: string; name: string; type?: string }
  /** The submit button's text. */
  submit: string
  /** An error from the last attempt; empty for none. */
  error: string
}

/** A sign-in form (account name and password), with the last attempt's error above it. */
export function loginForm(options: LoginFormOptions): string {
  const { back, user } = options
  const type = user.type ? ` type="${escapeHtml(user.type)}"` : ''
  return `${options.error ? `<p role="alert">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="${escapeHtml(options.action)}">
<input type="hidden" name="${escapeHtml(back.name)}" value="${escapeHtml(back.value)}">
<label>${escapeHtml(user.label)} <input name="${escapeHtml(user.name)}"${type} autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">${escapeHtml(options.submit)}</button>
</form>`
}

/** Where to go after signing in: a same-site path only, so the form never sends the browser elsewhere. */
export function sameSitePath(back: string): string {
  return back.startsWith('/') && !back.startsWith('//') ? back : '/'
}
