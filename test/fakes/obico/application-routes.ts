import { escapeHtml, html, HttpError, redirect, type FakeRequest, type FakeServer } from '../kit'
import { sessionUser } from './api-auth'
import { allowedSchemes, type ObicoContext } from './context'
import { checkCsrf, csrfCookie, csrfToken } from './http-helpers'
import { registrationError } from './redirect-uri'
import { insertClient } from './seed'
import type { ObicoClient } from './types'
import { randomToken } from './util'

/**
 * DOT's self-service application registration, as every Obico server has it for any signed-in
 * user (obico-api.md §1.4, §1.7): `/o/applications/register/` (a form with DOT's fields) and
 * `/o/applications/<pk>/` (the saved application, where its Client id is read). Plain HTML forms
 * that work without JavaScript, like the fake's other pages. The secret is shown on the form only,
 * before saving: DOT hashes it on save (§1.2).
 */

const CLIENT_TYPES: [ObicoClient['client_type'], string][] = [
  ['confidential', 'Confidential'],
  ['public', 'Public']
]
const GRANT_TYPES: [ObicoClient['authorization_grant_type'], string][] = [
  ['authorization-code', 'Authorization code'],
  ['implicit', 'Implicit'],
  ['password', 'Resource owner password-based'],
  ['client-credentials', 'Client credentials']
]

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} | Obico</title></head><body><nav class="navbar"><a href="/">Obico</a></nav><main>${body}</main></body></html>`
}

function loginRedirect(req: FakeRequest) {
  const next = req.path + req.url.search
  return redirect(`/accounts/login/?next=${encodeURIComponent(next).replace(/%2F/g, '/')}`, 302)
}

function options(choices: [string, string][], selected: string): string {
  return choices
    .map(
      ([value, label]) =>
        `<option value="${value}"${value === selected ? ' selected' : ''}>${escapeHtml(label)}</option>`
    )
    .join('')
}

/** The registration form, with what was typed and the errors when a POST was refused. */
function registerPage(fields: {
  csrf: string
  name: string
  clientId: string
  clientSecret: string
  clientType: string
  grantType: string
  redirectUris: string
  errors: string[]
}): string {
  const errors = fields.errors.length
    ? `<ul class="errorlist" role="alert">${fields.errors.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>`
    : ''
  return page(
    'Register a new application',
    `<h1>Register a new application</h1>${errors}
<form method="post" action="/o/applications/register/">
<input type="hidden" name="csrfmiddlewaretoken" value="${escapeHtml(fields.csrf)}">
<p><label for="id_name">Name</label> <input type="text" name="name" id="id_name" value="${escapeHtml(fields.name)}"></p>
<p><label for="id_client_id">Client id</label> <input type="text" name="client_id" id="id_client_id" value="${escapeHtml(fields.clientId)}"></p>
<p><label for="id_client_secret">Client secret</label> <input type="text" name="client_secret" id="id_client_secret" value="${escapeHtml(fields.clientSecret)}"> <small>Hashed on save. Copy it now if you need it.</small></p>
<p><label for="id_client_type">Client type</label> <select name="client_type" id="id_client_type">${options(CLIENT_TYPES, fields.clientType)}</select></p>
<p><label for="id_authorization_grant_type">Authorization grant type</label> <select name="authorization_grant_type" id="id_authorization_grant_type">${options(GRANT_TYPES, fields.grantType)}</select></p>
<p><label for="id_redirect_uris">Redirect uris</label> <textarea name="redirect_uris" id="id_redirect_uris">${escapeHtml(fields.redirectUris)}</textarea></p>
<button type="submit">Save</button>
</form>`
  )
}

function detailPage(client: ObicoClient): string {
  return page(
    client.name,
    `<h1>${escapeHtml(client.name)}</h1>
<dl>
<dt>Client id</dt><dd><code id="client-id">${escapeHtml(client.client_id)}</code></dd>
<dt>Client type</dt><dd>${escapeHtml(client.client_type)}</dd>
<dt>Authorization grant type</dt><dd>${escapeHtml(client.authorization_grant_type)}</dd>
<dt>Redirect uris</dt><dd>${escapeHtml(client.redirect_uris.join(' '))}</dd>
</dl>
<a href="/o/applications/">Go back</a>`
  )
}

/** Mounts `/o/applications/register/` and `/o/applications/<pk>/`. */
export function mountApplicationRoutes(server: FakeServer, ctx: ObicoContext): void {
  server.route('GET', '/o/applications/register/', (req) => {
    if (!sessionUser(ctx, req)) return loginRedirect(req)
    const csrf = csrfToken(req)
    return html(
      200,
      registerPage({
        csrf: csrf.token,
        name: '',
        clientId: randomToken(40),
        clientSecret: randomToken(128),
        clientType: 'confidential',
        grantType: 'authorization-code',
        redirectUris: '',
        errors: []
      }),
      { 'set-cookie': csrfCookie(csrf.token) }
    )
  })

  server.route('POST', '/o/applications/register/', async (req) => {
    const user = sessionUser(ctx, req)
    if (!user) return loginRedirect(req)
    const form = await req.form()
    checkCsrf(req, form)
    const typed = {
      name: (form.get('name') ?? '').trim(),
      clientId: (form.get('client_id') ?? '').trim(),
      clientSecret: form.get('client_secret') ?? '',
      clientType: form.get('client_type') ?? '',
      grantType: form.get('authorization_grant_type') ?? '',
      redirectUris: form.get('redirect_uris') ?? ''
    }
    const uris = typed.redirectUris.split(/\s+/).filter((uri) => uri !== '')
    const clientType = CLIENT_TYPES.find(([value]) => value === typed.clientType)?.[0]
    const grantType = GRANT_TYPES.find(([value]) => value === typed.grantType)?.[0]
    const errors: string[] = []
    if (!typed.clientId) errors.push('Client id: This field is required.')
    if (ctx.store.clients.some((c) => c.client_id === typed.clientId)) {
      errors.push('Application with this Client id already exists.')
    }
    if (!clientType) errors.push('Client type: Select a valid choice.')
    if (!grantType) errors.push('Authorization grant type: Select a valid choice.')
    // DOT's Application.clean(): redirect URIs are required for the authorization-code grant.
    if (grantType === 'authorization-code' && uris.length === 0) {
      errors.push('Redirect uris could not be empty with grant_type authorization-code')
    }
    const schemeError = registrationError(uris, allowedSchemes(ctx))
    if (schemeError) errors.push(schemeError)
    if (errors.length > 0 || !clientType || !grantType) {
      return html(
        200,
        registerPage({ ...typed, csrf: form.get('csrfmiddlewaretoken') ?? '', errors })
      )
    }
    const client = insertClient(ctx, {
      client_id: typed.clientId,
      name: typed.name,
      client_type: clientType,
      authorization_grant_type: grantType,
      redirect_uris: uris,
      skip_authorization: false,
      user_id: user.id,
      client_secret: clientType === 'confidential' ? typed.clientSecret || null : null
    })
    return redirect(`/o/applications/${client.id}/`, 302)
  })

  server.route('GET', '/o/applications/:id/', (req) => {
    const user = sessionUser(ctx, req)
    if (!user) return loginRedirect(req)
    const client = ctx.store.clients.find(
      (c) => String(c.id) === req.params.id && c.user_id === user.id
    )
    if (!client) throw new HttpError(404, 'Not Found')
    return html(200, detailPage(client))
  })
}
