import { useState, type FormEvent, type ReactNode } from 'react'
import type { StartLinkRequest } from '@shared/ipc/contract'
import type { ProviderOption } from '@shared/models/account'
import { errorText } from '../../lib/error-text'
import { checkServerUrl, isLoopbackHost } from '../../lib/server-url'
import {
  linkWithSecret,
  signInWithPassword,
  startLink,
  useAccountsStore
} from '../../stores/accounts-store'
import { Field } from './Field'
import { PasswordForm } from './PasswordForm'
import { SecretForm } from './SecretForm'
import { SelfHostedGuide } from './SelfHostedGuide'

interface Props {
  provider: ProviderOption
}

interface GenericFields {
  authorizeUrl: string
  tokenUrl: string
  revokeUrl: string
  scopes: string
}

/**
 * The link form of one provider, built from its capability flags: server address and client ID
 * where needed, "Link with browser", a pasted token, an API key, or username + password.
 */
export function ProviderPanel({ provider }: Props): ReactNode {
  const scope = provider.key
  const busy = useAccountsStore((s) => s.busy[scope])
  const pending = useAccountsStore((s) => s.pending[scope])
  const error = useAccountsStore((s) => s.errors[scope])

  const [serverUrl, setServerUrl] = useState(provider.defaultServerUrl ?? '')
  const [serverTouched, setServerTouched] = useState(false)
  const [clientId, setClientId] = useState('')
  const [clientIdError, setClientIdError] = useState<string | null>(null)
  const [generic, setGeneric] = useState<GenericFields>({
    authorizeUrl: '',
    tokenUrl: '',
    revokeUrl: '',
    scopes: ''
  })
  const [genericErrors, setGenericErrors] = useState<Partial<Record<keyof GenericFields, string>>>(
    {}
  )

  const server = checkServerUrl(serverUrl)
  const serverError =
    serverTouched && provider.needsServerUrl
      ? server.kind === 'empty'
        ? 'Enter the address of your server, e.g. https://obico.example.com.'
        : server.kind === 'invalid'
          ? server.reason
          : null
      : null
  const origin = server.kind === 'valid' ? server.origin : null
  const serverLabel = origin ?? provider.label
  const isGeneric = provider.provider === 'generic'
  const locked = busy !== undefined || pending !== undefined

  /** The server origin to send, `undefined` when not needed, or `null` when the input is wrong. */
  const serverForRequest = (): string | undefined | null => {
    if (!provider.needsServerUrl) return undefined
    setServerTouched(true)
    return origin
  }

  const submitOAuth = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const serverOrigin = serverForRequest()
    let valid = serverOrigin !== null
    if (provider.needsClientId && clientId.trim() === '') {
      setClientIdError('Enter the client ID from the application you registered.')
      valid = false
    } else setClientIdError(null)
    let genericRequest: StartLinkRequest['generic']
    if (isGeneric) {
      const found = checkGeneric(generic)
      setGenericErrors(found)
      if (Object.keys(found).length > 0) valid = false
      genericRequest = {
        authorizeUrl: generic.authorizeUrl.trim(),
        tokenUrl: generic.tokenUrl.trim(),
        ...(generic.revokeUrl.trim() ? { revokeUrl: generic.revokeUrl.trim() } : {}),
        ...(generic.scopes.trim() ? { scopes: generic.scopes.trim() } : {})
      }
    }
    if (!valid) return
    await startLink({
      profileKey: provider.key,
      ...(serverOrigin ? { serverUrl: serverOrigin } : {}),
      ...(provider.needsClientId || clientId.trim() ? { clientId: clientId.trim() } : {}),
      ...(genericRequest ? { generic: genericRequest } : {})
    })
  }

  const submitSecret = (kind: 'access-token' | 'api-key') => async (secret: string) => {
    const serverOrigin = serverForRequest()
    if (serverOrigin === null) return false
    return linkWithSecret({
      profileKey: provider.key,
      ...(serverOrigin ? { serverUrl: serverOrigin } : {}),
      kind,
      secret
    })
  }

  const genericInsecure = isGeneric
    ? [generic.authorizeUrl, generic.tokenUrl].some((u) => isInsecureUrl(u))
    : false

  return (
    <div className="provider-panel" data-testid={`provider-form-${provider.key}`}>
      {provider.needsServerUrl && (
        <Field
          label="Server address"
          type="url"
          inputMode="url"
          value={serverUrl}
          placeholder="https://obico.example.com"
          onChange={(e) => setServerUrl(e.target.value)}
          onBlur={() => setServerTouched(true)}
          spellCheck={false}
          autoComplete="url"
          error={serverError}
          hint={
            server.kind === 'valid'
              ? `Printdock will use ${server.origin}.${server.notes.length ? ' ' + server.notes.join(' ') : ''}`
              : 'The address you open in the browser to reach your server.'
          }
          testId="server-url-input"
        />
      )}
      {server.kind === 'valid' && server.insecure && provider.needsServerUrl && (
        <p className="warning" role="alert" data-testid="http-warning">
          <strong>Not encrypted.</strong> This server uses plain http on another computer, so tokens
          would travel unencrypted over the network. Use an https address if your server has one.
        </p>
      )}
      {provider.provider === 'obico' && provider.needsServerUrl && provider.supportsOAuth && (
        <SelfHostedGuide origin={origin} />
      )}

      {provider.supportsOAuth && (
        <form className="subform" onSubmit={(e) => void submitOAuth(e)} noValidate>
          {isGeneric && (
            <>
              <Field
                label="Authorize URL"
                type="url"
                value={generic.authorizeUrl}
                onChange={(e) => setGeneric({ ...generic, authorizeUrl: e.target.value })}
                error={genericErrors.authorizeUrl}
                spellCheck={false}
                testId="authorize-url-input"
              />
              <Field
                label="Token URL"
                type="url"
                value={generic.tokenUrl}
                onChange={(e) => setGeneric({ ...generic, tokenUrl: e.target.value })}
                error={genericErrors.tokenUrl}
                spellCheck={false}
                testId="token-url-input"
              />
              <Field
                label="Revoke URL (optional)"
                type="url"
                value={generic.revokeUrl}
                onChange={(e) => setGeneric({ ...generic, revokeUrl: e.target.value })}
                error={genericErrors.revokeUrl}
                hint="Lets Printdock revoke the token when you unlink."
                spellCheck={false}
                testId="revoke-url-input"
              />
              <Field
                label="Scopes (optional)"
                value={generic.scopes}
                onChange={(e) => setGeneric({ ...generic, scopes: e.target.value })}
                hint="Separated by spaces, e.g. read write."
                spellCheck={false}
                testId="scopes-input"
              />
              {genericInsecure && (
                <p className="warning" role="alert" data-testid="http-warning">
                  <strong>Not encrypted.</strong> These addresses use plain http on another
                  computer, so tokens would travel unencrypted over the network.
                </p>
              )}
            </>
          )}
          {(provider.needsClientId || isGeneric) && (
            <Field
              label="Client ID"
              value={clientId}
              onChange={(e) => setClientId(e.target.value)}
              error={clientIdError}
              spellCheck={false}
              autoComplete="off"
              hint="Public client, no secret: Printdock uses PKCE instead."
              testId="client-id-input"
            />
          )}
          <button
            type="submit"
            className="button primary"
            disabled={locked}
            data-testid="link-button"
          >
            {busy === 'starting' ? 'Opening your browser…' : 'Link with browser'}
          </button>
          {pending && (
            <p className="hint">Waiting for approval: see “Linking in progress” above.</p>
          )}
        </form>
      )}

      {provider.supportsPastedToken && (
        <SecretForm
          kind="access-token"
          disabled={locked}
          busy={busy === 'signing-in'}
          onSubmit={submitSecret('access-token')}
        />
      )}
      {provider.supportsApiKey && (
        <SecretForm
          kind="api-key"
          disabled={locked}
          busy={busy === 'signing-in'}
          onSubmit={submitSecret('api-key')}
        />
      )}
      {provider.supportsPassword && (
        <PasswordForm
          supportsRegistration={provider.supportsRegistration}
          serverLabel={serverLabel}
          disabled={locked}
          busy={busy === 'signing-in'}
          onSubmit={async (request) => {
            const serverOrigin = serverForRequest()
            if (serverOrigin === null) return false
            return signInWithPassword({
              profileKey: provider.key,
              ...(serverOrigin ? { serverUrl: serverOrigin } : {}),
              ...request
            })
          }}
        />
      )}

      {error && (
        <p className="error-text" role="alert" data-testid="link-error" data-code={error.code}>
          {errorText(error)}
        </p>
      )}
    </div>
  )
}

function checkGeneric(fields: GenericFields): Partial<Record<keyof GenericFields, string>> {
  const found: Partial<Record<keyof GenericFields, string>> = {}
  const need = (key: 'authorizeUrl' | 'tokenUrl', name: string): void => {
    const value = fields[key].trim()
    if (value === '') found[key] = `Enter the ${name}.`
    else if (!isHttpUrl(value)) found[key] = `The ${name} must be a full https:// address.`
  }
  need('authorizeUrl', 'authorize URL')
  need('tokenUrl', 'token URL')
  if (fields.revokeUrl.trim() !== '' && !isHttpUrl(fields.revokeUrl.trim())) {
    found.revokeUrl = 'The revoke URL must be a full https:// address.'
  }
  return found
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

function isInsecureUrl(value: string): boolean {
  try {
    const url = new URL(value.trim())
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname)
  } catch {
    return false
  }
}
