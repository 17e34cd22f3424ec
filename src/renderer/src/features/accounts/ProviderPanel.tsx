import { useState, type FormEvent, type ReactNode } from 'react'
import type { StartLinkRequest } from '@shared/ipc/contract'
import type { ProviderOption } from '@shared/models/account'
import { isInsecureUrl } from '@shared/server-address'
import { checkServerUrl } from '../../lib/server-url'
import {
  linkWithSecret,
  signInWithPassword,
  startLink,
  useAccountsStore
} from '../../stores/accounts-store'
import { ClientIdHelp } from './ClientIdHelp'
import { Field } from './Field'
import { linkErrorText, type LinkWay } from './link-error-text'
import { PasswordForm } from './PasswordForm'
import { RedirectDisclosure, useRedirectOverride } from './RedirectDisclosure'
import { SecretForm } from './SecretForm'
import { ServerAddressField } from './ServerAddressField'
import { ServerDisclosure } from './ServerDisclosure'

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
 *
 * Hosted providers with a default server get a collapsed "Use a different server" disclosure
 * instead of a required address: main accepts `serverUrl` for every profile, and Octoblu/Meshblu
 * and Zebbra can be self-hosted (providers.md). Left empty, closed, or at the default, no
 * `serverUrl` is sent and main falls back to the profile's default.
 */
export function ProviderPanel({ provider }: Props): ReactNode {
  const scope = provider.key
  const busy = useAccountsStore((s) => s.busy[scope])
  const pending = useAccountsStore((s) => s.pending[scope])
  const error = useAccountsStore((s) => s.errors[scope])

  // Hosted profiles start empty, with the default as placeholder; a required address keeps the
  // default (if any) prefilled, as before.
  const offersOtherServer = provider.offersOtherServer
  const [serverUrl, setServerUrl] = useState(
    provider.needsServerUrl ? (provider.defaultServerUrl ?? '') : ''
  )
  const [serverTouched, setServerTouched] = useState(false)
  const [otherServerOpen, setOtherServerOpen] = useState(false)
  const [clientId, setClientId] = useState('')
  const [clientIdError, setClientIdError] = useState<string | null>(null)
  const [clientSecret, setClientSecret] = useState('')
  const [clientSecretError, setClientSecretError] = useState<string | null>(null)
  const [apiServerUrl, setApiServerUrl] = useState('')
  const [generic, setGeneric] = useState<GenericFields>({
    authorizeUrl: '',
    tokenUrl: '',
    revokeUrl: '',
    scopes: ''
  })
  const [genericErrors, setGenericErrors] = useState<Partial<Record<keyof GenericFields, string>>>(
    {}
  )
  const redirect = useRedirectOverride(provider.defaultRedirect)
  /** How the user last tried to link here, so an error names what they typed. */
  const [lastWay, setLastWay] = useState<LinkWay | null>(null)

  const server = checkServerUrl(serverUrl)
  const defaultOrigin = defaultOriginOf(provider)
  /** Whether the typed address is in play: always when required, else while the disclosure is open. */
  const serverInUse = provider.needsServerUrl || (offersOtherServer && otherServerOpen)
  const serverError =
    serverTouched && serverInUse
      ? server.kind === 'empty'
        ? provider.needsServerUrl
          ? 'Enter the address of your server, e.g. https://obico.example.com.'
          : null
        : server.kind === 'invalid'
          ? server.reason
          : null
      : null
  const origin = serverInUse && server.kind === 'valid' ? server.origin : null
  const serverLabel = origin ?? provider.label
  const isGeneric = provider.provider === 'generic'
  const showClientId = provider.needsClientId || isGeneric
  // A secret the token endpoint wants (Makeprintable, Octoblu, Omniport); optional ones only make
  // sense next to a client ID the user registered.
  const showClientSecret =
    provider.clientSecret === 'required' || (provider.clientSecret === 'optional' && showClientId)
  // Octoblu keeps its API (whoami, revoke) on a separate Meshblu host (providers.md §2.6).
  const showApiServer = provider.provider === 'octoblu'
  const apiServer = checkServerUrl(apiServerUrl)
  const locked = busy !== undefined || pending !== undefined

  /**
   * The server origin to send: `undefined` for the profile's default (main's `originFor` falls
   * back to it), or `null` when the typed address is wrong and nothing may be sent.
   */
  const serverForRequest = (): string | undefined | null => {
    if (!serverInUse) return undefined
    setServerTouched(true)
    if (provider.needsServerUrl) return origin
    if (server.kind === 'empty') return undefined
    if (server.kind === 'invalid') return null
    return server.origin === defaultOrigin ? undefined : server.origin
  }
  /** For forms that clear a secret on submit: stops them first when the address is wrong. */
  const serverIsUsable = (): boolean => serverForRequest() !== null

  const submitOAuth = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const serverOrigin = serverForRequest()
    let valid = serverOrigin !== null
    if (provider.needsClientId && clientId.trim() === '') {
      setClientIdError('Enter the client ID from the application you registered.')
      valid = false
    } else setClientIdError(null)
    if (showClientSecret && provider.clientSecret === 'required' && clientSecret.trim() === '') {
      setClientSecretError('Enter the client secret of the application you registered.')
      valid = false
    } else setClientSecretError(null)
    if (showApiServer && apiServer.kind === 'invalid') valid = false
    const redirectUri = redirect.forRequest()
    if (redirectUri === null) valid = false
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
    setLastWay('browser')
    const secret = showClientSecret ? clientSecret.trim() : ''
    // Main keeps the secret in the keychain with the account; the window need not hold on to it.
    setClientSecret('')
    await startLink({
      profileKey: provider.key,
      ...(serverOrigin ? { serverUrl: serverOrigin } : {}),
      ...(clientId.trim() ? { clientId: clientId.trim() } : {}),
      ...(secret ? { clientSecret: secret } : {}),
      ...(showApiServer && apiServer.kind === 'valid' ? { apiServerUrl: apiServer.origin } : {}),
      ...(redirectUri ? { redirectUri } : {}),
      ...(genericRequest ? { generic: genericRequest } : {})
    })
  }

  const submitSecret = (kind: 'access-token' | 'api-key') => async (secret: string) => {
    const serverOrigin = serverForRequest()
    if (serverOrigin === null) return false
    setLastWay(kind)
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
      {pending && (
        <p className="hint" role="status" data-testid="pending-note">
          A sign-in with {provider.label} is waiting for your approval in the browser. Finish or
          cancel it under “Linking in progress” above before linking here again.
        </p>
      )}
      {provider.needsServerUrl && (
        <ServerAddressField
          value={serverUrl}
          check={server}
          error={serverError}
          placeholder="https://obico.example.com"
          idleHint="The address you open in the browser to reach your server."
          onChange={setServerUrl}
          onBlur={() => setServerTouched(true)}
        />
      )}
      {offersOtherServer && defaultOrigin && (
        <ServerDisclosure
          open={otherServerOpen}
          onToggle={() => setOtherServerOpen((wasOpen) => !wasOpen)}
          defaultOrigin={defaultOrigin}
        >
          <ServerAddressField
            value={serverUrl}
            check={server}
            error={serverError}
            placeholder={defaultOrigin}
            idleHint={`For a server you or your organisation run. Leave empty to use ${defaultOrigin}.`}
            onChange={setServerUrl}
            onBlur={() => setServerTouched(true)}
          />
        </ServerDisclosure>
      )}
      <ClientIdHelp
        provider={provider}
        defaultOrigin={defaultOrigin}
        origin={origin}
        redirectUri={redirect.effectiveUri}
      />

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
          {showClientId && (
            <Field
              label="Client ID"
              value={clientId}
              onChange={(e) => setClientId(e.target.value)}
              error={clientIdError}
              spellCheck={false}
              autoComplete="off"
              hint={
                provider.key === 'obico-cloud' || provider.key === 'obico-self-hosted'
                  ? 'The Client id Obico showed when you saved the application.'
                  : 'From the app you registered with the service (see above).'
              }
              testId="client-id-input"
            />
          )}
          {showClientSecret && (
            <Field
              label={
                provider.clientSecret === 'required' ? 'Client secret' : 'Client secret (optional)'
              }
              type="password"
              value={clientSecret}
              onChange={(e) => setClientSecret(e.target.value)}
              error={clientSecretError}
              spellCheck={false}
              autoComplete="off"
              hint={
                provider.clientSecret === 'required'
                  ? 'The service asks for it each time Printdock signs in. Kept in your system keychain with the account, never shown again.'
                  : 'Only if you registered Printdock as a confidential client. Kept in your system keychain with the account, never shown again.'
              }
              testId="client-secret-input"
            />
          )}
          {showApiServer && (
            <Field
              label="Meshblu API server (optional)"
              type="url"
              value={apiServerUrl}
              placeholder="https://meshblu.octoblu.com"
              onChange={(e) => setApiServerUrl(e.target.value)}
              spellCheck={false}
              error={apiServer.kind === 'invalid' ? apiServer.reason : null}
              hint="Only when your Meshblu API runs on a different address than the OAuth server."
              testId="api-server-input"
            />
          )}
          <RedirectDisclosure state={redirect} />
          <button
            type="submit"
            className="button primary"
            disabled={locked}
            data-testid="link-button"
          >
            {busy === 'starting'
              ? 'Checking the server…'
              : pending
                ? 'Waiting for approval in your browser'
                : 'Link with browser'}
          </button>
        </form>
      )}

      {provider.supportsPastedToken && (
        <SecretForm
          kind="access-token"
          hint={accessTokenHint(provider)}
          precheck={serverIsUsable}
          disabled={locked}
          busy={busy === 'signing-in'}
          onSubmit={submitSecret('access-token')}
        />
      )}
      {provider.supportsApiKey && (
        <SecretForm
          kind="api-key"
          precheck={serverIsUsable}
          disabled={locked}
          busy={busy === 'signing-in'}
          onSubmit={submitSecret('api-key')}
        />
      )}
      {provider.supportsPassword && (
        <PasswordForm
          supportsRegistration={provider.supportsRegistration}
          serverLabel={serverLabel}
          precheck={serverIsUsable}
          disabled={locked}
          busy={busy === 'signing-in'}
          onSubmit={async (request) => {
            const serverOrigin = serverForRequest()
            if (serverOrigin === null) return false
            setLastWay('password')
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
          {linkErrorText(error, lastWay)}
        </p>
      )}
    </div>
  )
}

/** The normalised origin of the profile's default server, or null when it has none. */
function defaultOriginOf(provider: ProviderOption): string | null {
  if (!provider.defaultServerUrl) return null
  const check = checkServerUrl(provider.defaultServerUrl)
  return check.kind === 'valid' ? check.origin : null
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

/**
 * Where an access token for this service comes from. On a self-hosted Obico server the
 * administrator can make one for a user (obico-api.md §1.7, "Manual tokens"); on Obico Cloud nobody
 * but Obico can, so the cloud's words leave the admin pages out.
 */
function accessTokenHint(provider: ProviderOption): string {
  const kept = 'It is kept in your system keychain, never shown again.'
  if (provider.key === 'obico-cloud') {
    return `Only if Obico gave you an access token for your account; most people use the browser sign-in above. ${kept}`
  }
  return `If your server's administrator made you a token (in its admin pages under Access tokens, scope "read write"). ${kept}`
}
