import type {
  LinkOutcome,
  LinkWithSecretRequest,
  PasswordSignInRequest,
  StartLinkRequest
} from '../../../shared/ipc/contract'
import type {
  AccountState,
  AccountSummary,
  CredentialKind,
  PendingLinkSummary,
  ProviderOption
} from '../../../shared/models/account'
import { buildAuthorizationUrl } from '../auth/authorization-flow'
import { startLoopbackListener, type LoopbackListener } from '../auth/loopback-listener'
import {
  createAxiosHttp,
  exchangeCode,
  OAuthEndpointError,
  passwordGrant,
  refreshTokens,
  revokeToken,
  type HttpPost,
  type TokenEndpoint,
  type TokenSet
} from '../auth/oauth-client'
import {
  DEFAULT_AUTHORIZATION_TIMEOUT_MS,
  PendingAuthorizations
} from '../auth/pending-authorizations'
import { createPkcePair, createState } from '../auth/pkce'
import { SingleFlight } from '../auth/refresh-coordinator'
import type { Clock } from '../clock'
import { AppError, toErrorDto } from '../errors'
import { Emitter } from '../events'
import type { Logger } from '../logger'
import type { BrowserLauncher } from '../platform/browser-launcher'
import { authHeaders, isDeadTokenResponse, statusError } from '../providers/adapter-support'
import {
  createAxiosApiHttp,
  type ApiHttp,
  type ApiRequest,
  type ApiResponse
} from '../providers/api-http'
import { jwtExpiresAt } from '../providers/jwt'
import {
  adapterFor,
  clientIdsFromEnv,
  getProfile,
  PROVIDER_PROFILES,
  providerLabelFor,
  resolveClientId,
  resolveEndpoints,
  toProviderOption,
  type ClientIdSource
} from '../providers/profiles'
import type {
  AdapterContext,
  ProviderIdentity,
  ProviderProfile,
  ResolvedEndpoints
} from '../providers/provider-profile'
import { normalizeServerUrl } from '../providers/server-url'
import type { StoredSecret, TokenVault } from '../vault/token-vault'
import type { AccountService } from './account-service'
import {
  accountIdFor,
  type AccountRecord,
  type AccountRegistry,
  type GenericEndpoints
} from './account-registry'
import { chooseRedirect } from './link-redirect'

/** What the account service needs; everything is injected (core never imports electron). */
export interface AccountServiceDeps {
  vault: TokenVault
  registry: AccountRegistry
  browser: BrowserLauncher
  clock: Clock
  logger: Logger
  /** Token-endpoint POSTs. Default: axios. */
  http?: HttpPost
  /** Identity, verification, revocation-by-API and `authorizedRequest` calls. Default: axios. */
  apiHttp?: ApiHttp
  /** Whether the OS delivers `printdock:` links to this process (default true). */
  redirect?: { customSchemeAvailable: boolean }
  /** Client IDs keyed by profile key or provider (settings, build-time env). Default: the env. */
  clientIds?: ClientIdSource
  /** How long a browser attempt may take (default 5 minutes, oauth-and-secrets.md §3.9). */
  linkTimeoutMs?: number
}

/** StartLinkRequest plus the client secret some providers require (kept only in the vault). */
export type StartLinkInput = StartLinkRequest & {
  clientSecret?: string
  /** The provider's API server when it is not the default (Octoblu: Meshblu, providers.md §2.5). */
  apiServerUrl?: string
}

/** PasswordSignInRequest plus Zebbra's registration choice (providers.md §4.2: exactly one). */
export type PasswordSignInInput = PasswordSignInRequest & {
  register?: PasswordSignInRequest['register'] & { workspaceName?: string; inviteCode?: string }
}

/** An API call made with an account's credential. */
export type AuthorizedRequest = Omit<ApiRequest, 'url'> & {
  /** Absolute URL, or a path resolved against the account's server origin. */
  url: string
}

/** The account service plus the extras later API clients and the CLI use. */
export interface PrintdockAccountService extends AccountService {
  startLink(request: StartLinkInput): Promise<PendingLinkSummary>
  signInWithPassword(request: PasswordSignInInput): Promise<AccountSummary>
  /** Pending browser attempts, oldest first. */
  listPendingLinks(): PendingLinkSummary[]
  /**
   * Says the server rejected `rejectedToken` (Obico: a 403, obico-api.md §6 item 3). Refreshes once
   * (single-flight) and returns the new access token, or marks the account needs-relink and throws
   * AppError 'auth/needs-relink'. If another caller already refreshed, returns the current token.
   */
  reportUnauthorized(accountId: string, rejectedToken?: string): Promise<string>
  /** Sends a request with the account's credential; on a dead-token answer refreshes and retries once. */
  authorizedRequest(accountId: string, request: AuthorizedRequest): Promise<ApiResponse>
  /** Re-reads the identity from the server and updates the account's state. */
  verifyAccount(accountId: string): Promise<AccountSummary>
  /** Cancels pending attempts, closes loopback listeners and drops listeners. */
  dispose(): void
}

interface LinkAttempt {
  attemptId: string
  state: string
  profile: ProviderProfile
  serverOrigin: string
  endpoints: ResolvedEndpoints
  clientId: string
  clientSecret?: string
  redirectUri: string
  redirectOverride?: string
  generic?: GenericEndpoints
  apiOrigin?: string
  relink?: { accountId: string; previousState: AccountState; previousDetail?: string }
  listener?: LoopbackListener
  handledByListener: boolean
  summary: PendingLinkSummary
  done: Promise<AccountSummary>
}

const REFRESH_SKEW_MS = 60_000
const FINISHED_MEMORY = 50

const RELINK_WORDS = {
  rejected: 'The server no longer accepts the saved sign-in. Link the account again.',
  expired: 'The sign-in has expired. Sign in again.',
  vaultRead: (where: string) =>
    `Printdock could not read this account's saved sign-in from ${where}. Link the account again.`,
  vaultEmpty: 'The saved sign-in for this account is missing. Link the account again.',
  vaultWrite: (where: string) =>
    `Printdock could not save the renewed sign-in to ${where}. Link the account again.`
}

/** Creates the account service. */
export function createAccountService(deps: AccountServiceDeps): PrintdockAccountService {
  return new DefaultAccountService(deps)
}

class DefaultAccountService implements PrintdockAccountService {
  private readonly changed = new Emitter<AccountSummary[]>()
  private readonly finished = new Emitter<LinkOutcome>()
  readonly onDidChangeAccounts = this.changed.event
  readonly onDidFinishLink = this.finished.event

  private readonly pending: PendingAuthorizations
  private readonly attempts = new Map<string, LinkAttempt>()
  private readonly finishedAttempts = new Map<string, Promise<AccountSummary>>()
  private readonly refreshes = new SingleFlight<string, StoredSecret>()
  private readonly http: HttpPost
  private readonly api: ApiHttp
  private readonly clientIds: ClientIdSource
  private readonly customSchemeAvailable: boolean
  private readonly timeoutMs: number
  private disposed = false

  constructor(private readonly deps: AccountServiceDeps) {
    this.timeoutMs = deps.linkTimeoutMs ?? DEFAULT_AUTHORIZATION_TIMEOUT_MS
    this.pending = new PendingAuthorizations({
      clock: deps.clock,
      timeoutMs: this.timeoutMs,
      logger: deps.logger
    })
    this.http = deps.http ?? createAxiosHttp()
    this.api = deps.apiHttp ?? createAxiosApiHttp()
    this.clientIds = deps.clientIds ?? clientIdsFromEnv(process.env)
    this.customSchemeAvailable = deps.redirect?.customSchemeAvailable ?? true
  }

  // ---------------------------------------------------------------- listing

  private vaultChecked: Promise<void> | undefined

  listProviders(): ProviderOption[] {
    return PROVIDER_PROFILES.map((profile) => toProviderOption(profile, this.clientIds))
  }

  async listAccounts(): Promise<AccountSummary[]> {
    await (this.vaultChecked ??= this.checkSecretsAgainstVault())
    const records = await this.deps.registry.list()
    return records.map((record) => this.toSummary(record))
  }

  /**
   * Once per process: every account the registry calls usable must still have its secret. A
   * memory-only vault forgets on exit, a keychain can be wiped or locked, a backend can change;
   * such accounts turn to needs-relink at once instead of looking linked until the first API call
   * fails (oauth-and-secrets.md §4.5). Writes records directly: listeners hear about it through
   * the first listing, and emitting here would re-enter this check.
   */
  private async checkSecretsAgainstVault(): Promise<void> {
    for (const record of await this.deps.registry.list()) {
      if (record.state === 'needs-relink') continue
      let detail: string | undefined
      try {
        const secret = await this.deps.vault.get(record.id)
        if (!secret?.accessToken) detail = RELINK_WORDS.vaultEmpty
      } catch (error) {
        this.deps.logger.warn('Vault read failed while checking accounts', { accountId: record.id, error })
        detail = RELINK_WORDS.vaultRead(this.deps.vault.description)
      }
      if (detail) await this.deps.registry.put({ ...record, state: 'needs-relink', stateDetail: detail })
      else if (record.state === 'linking') {
        // A re-link that an earlier process never finished: no attempt survives a restart.
        const { stateDetail: _dropped, ...rest } = record
        await this.deps.registry.put({ ...rest, state: 'linked' })
      }
    }
  }

  listPendingLinks(): PendingLinkSummary[] {
    return [...this.attempts.values()].map((attempt) => ({ ...attempt.summary }))
  }

  // ---------------------------------------------------------------- browser linking

  async startLink(request: StartLinkInput): Promise<PendingLinkSummary> {
    this.assertLive()
    const profile = this.requireProfile(request.profileKey)
    if (!profile.capabilities.oauth) {
      throw new AppError(
        'auth/unsupported',
        `${profile.label} does not sign in through the browser.`
      )
    }
    const existing = request.accountId ? await this.requireRecord(request.accountId) : undefined
    if (existing && existing.profileKey !== profile.key) {
      throw new AppError(
        'auth/unsupported',
        'That account belongs to a different provider profile.'
      )
    }

    const generic =
      profile.provider === 'generic' ? (request.generic ?? existing?.generic) : undefined
    if (profile.provider === 'generic' && !generic) {
      throw new AppError(
        'auth/unsupported',
        'Give the authorize and token URLs of the OAuth server.'
      )
    }
    const serverOrigin = generic
      ? this.originOfEndpoint(generic.authorizeUrl)
      : this.originFor(profile, request.serverUrl ?? existing?.serverOrigin)
    if (generic) {
      for (const url of [generic.tokenUrl, generic.revokeUrl]) if (url) this.originOfEndpoint(url)
    }
    const apiUrl = request.apiServerUrl ?? existing?.apiOrigin
    const apiOrigin = apiUrl && profile.apiServer ? normalizeServerUrl(apiUrl).origin : undefined
    const endpoints = resolveEndpoints(
      profile,
      serverOrigin,
      generic
        ? { authorize: generic.authorizeUrl, token: generic.tokenUrl, revoke: generic.revokeUrl }
        : {},
      apiOrigin
    )
    if (!endpoints.authorize || !endpoints.token) {
      throw new AppError('auth/unsupported', `${profile.label} has no authorize or token endpoint.`)
    }

    const clientId = resolveClientId(
      profile,
      request.clientId ?? existing?.clientId,
      this.clientIds
    )
    if (!clientId) {
      throw new AppError(
        'auth/unsupported',
        `${profile.label} needs the client ID of an app registered for Printdock on that server.`
      )
    }
    let clientSecret = request.clientSecret?.trim() || undefined
    if (!clientSecret && existing)
      clientSecret = (await this.tryReadSecret(existing.id))?.clientSecret
    if (!clientSecret && profile.client.secret === 'required') {
      throw new AppError(
        'auth/unsupported',
        `${profile.label} needs the client secret of your registered app; Printdock does not ship one.`
      )
    }

    const redirectOverride = request.redirectUri ?? existing?.redirectOverride
    const redirect = chooseRedirect(profile, redirectOverride, this.customSchemeAvailable)
    const attemptKey = existing ? `account:${existing.id}` : `new:${profile.key}|${serverOrigin}`
    const pkce = createPkcePair()
    const state = createState()

    // The listener must exist before `begin`: its port is part of the redirect URI.
    let attemptRef: LinkAttempt | undefined
    let listener: LoopbackListener | undefined
    if (redirect.kind === 'loopback') {
      const host = new URL(redirect.uri)
      listener = await startLoopbackListener({
        path: host.pathname,
        timeoutMs: this.timeoutMs,
        clock: this.deps.clock,
        logger: this.deps.logger,
        hosts: [host.hostname.replace(/^\[|\]$/g, '')],
        handle: (url) => this.handleLoopbackHit(attemptRef, url)
      })
    }
    const redirectUri = listener ? listener.redirectUri : redirect.uri

    let begun
    try {
      begun = this.pending.begin({
        attemptKey,
        providerKey: profile.key,
        serverOrigin,
        redirectUri,
        verifier: pkce.verifier,
        state
      })
    } catch (error) {
      await listener?.close()
      throw error
    }
    const authorizationUrl = buildAuthorizationUrl({
      authorizeUrl: endpoints.authorize,
      clientId,
      redirectUri,
      state,
      challenge: profile.authorize.pkce ? pkce.challenge : undefined,
      scope: generic?.scopes ?? profile.authorize.scope,
      responseType: profile.authorize.responseType,
      extraParams: profile.authorize.extraParams
    })

    const summary: PendingLinkSummary = {
      attemptId: begun.attemptId,
      profileKey: profile.key,
      serverOrigin,
      authorizationUrl,
      redirectUri,
      startedAt: new Date(begun.startedAt).toISOString(),
      expiresAt: new Date(begun.expiresAt).toISOString()
    }
    const attempt: LinkAttempt = {
      attemptId: begun.attemptId,
      state,
      profile,
      serverOrigin,
      endpoints,
      clientId,
      clientSecret,
      redirectUri,
      redirectOverride: request.redirectUri ?? existing?.redirectOverride,
      generic,
      apiOrigin,
      relink: existing
        ? {
            accountId: existing.id,
            previousState: existing.state,
            previousDetail: existing.stateDetail
          }
        : undefined,
      listener,
      handledByListener: false,
      summary,
      done: Promise.resolve() as unknown as Promise<AccountSummary>
    }
    attemptRef = attempt
    this.attempts.set(attempt.attemptId, attempt)
    attempt.done = this.runAttempt(attempt, begun.promise)
    attempt.done.catch(() => undefined)

    if (existing && existing.state !== 'linking')
      await this.setState(existing.id, 'linking', undefined)

    this.deps.logger.info('Started an account link', {
      attemptId: attempt.attemptId,
      profile: profile.key,
      serverOrigin,
      redirect: redirect.kind
    })
    try {
      await this.deps.browser.open(authorizationUrl)
    } catch (error) {
      // The attempt stays open: the UI shows the URL to copy, and the paste fallback still works.
      this.deps.logger.warn('Could not open the browser for linking', { error })
    }
    return { ...summary }
  }

  async waitForLink(attemptId: string): Promise<AccountSummary> {
    const attempt = this.attempts.get(attemptId)
    if (attempt) return attempt.done
    const finished = this.finishedAttempts.get(attemptId)
    if (finished) return finished
    throw new AppError('account/not-found', 'No sign-in with that id is waiting.')
  }

  cancelLink(attemptId: string): void {
    this.pending.cancel(attemptId)
  }

  async completeLink(callbackUrl: string): Promise<AccountSummary> {
    this.assertLive()
    const input = typeof callbackUrl === 'string' ? callbackUrl.trim() : ''
    let url = input
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(input)) {
      // A bare code pasted by hand (the Figma lesson, oauth-and-secrets.md §3.6): only when exactly
      // one attempt waits and it used PKCE, so a code from anyone else cannot be redeemed.
      const waiting = [...this.attempts.values()]
      if (
        waiting.length !== 1 ||
        !waiting[0].profile.authorize.pkce ||
        !/^[\x21-\x7e]{1,2048}$/.test(input)
      ) {
        throw new AppError(
          'auth/invalid-callback',
          'Paste the whole address the browser ended on (it starts with printdock:// or http://127.0.0.1).'
        )
      }
      const only = waiting[0]
      url = `${only.redirectUri}?code=${encodeURIComponent(input)}&state=${encodeURIComponent(only.state)}`
    }
    const info = this.pending.resolve(url)
    const attempt = this.attempts.get(info.attemptId)
    if (!attempt) throw new AppError('internal/unexpected', 'The sign-in ended unexpectedly.')
    return attempt.done
  }

  private async handleLoopbackHit(
    attempt: LinkAttempt | undefined,
    callbackUrl: string
  ): Promise<{ ok: boolean; message: string }> {
    if (!attempt) return { ok: false, message: 'Printdock is not ready for this sign-in yet.' }
    try {
      this.pending.resolve(callbackUrl, { attemptId: attempt.attemptId })
    } catch (error) {
      const dto = toErrorDto(error)
      // The provider answered with an error for this attempt: it is over, say so and close.
      if (!this.pending.get(attempt.attemptId)) {
        attempt.handledByListener = true
        return { ok: true, message: `Nothing was linked. ${dto.message}` }
      }
      return { ok: false, message: dto.message }
    }
    attempt.handledByListener = true
    try {
      const account = await attempt.done
      return {
        ok: true,
        message: `Printdock linked ${account.displayName}. You can close this tab.`
      }
    } catch (error) {
      return { ok: true, message: `Linking did not finish: ${toErrorDto(error).message}` }
    }
  }

  private async runAttempt(
    attempt: LinkAttempt,
    codePromise: Promise<{ code: string; verifier: string }>
  ): Promise<AccountSummary> {
    try {
      const { code, verifier } = await codePromise
      const account = await this.finishOAuth(attempt, code, verifier)
      this.finished.fire({ attemptId: attempt.attemptId, ok: true, account })
      return account
    } catch (error) {
      const dto = toErrorDto(error)
      this.deps.logger.info('Account link ended without an account', {
        attemptId: attempt.attemptId,
        code: dto.code
      })
      if (attempt.relink) {
        const current = await this.deps.registry
          .get(attempt.relink.accountId)
          .catch(() => undefined)
        if (current && current.state === 'linking') {
          await this.setState(
            current.id,
            attempt.relink.previousState,
            attempt.relink.previousDetail
          )
        }
      }
      this.finished.fire({
        attemptId: attempt.attemptId,
        ok: false,
        error: { code: dto.code, message: dto.message }
      })
      throw error instanceof AppError
        ? error
        : new AppError(dto.code, dto.message, { cause: error })
    } finally {
      this.attempts.delete(attempt.attemptId)
      this.finishedAttempts.set(attempt.attemptId, attempt.done)
      while (this.finishedAttempts.size > FINISHED_MEMORY) {
        this.finishedAttempts.delete(this.finishedAttempts.keys().next().value as string)
      }
      attempt.clientSecret = undefined
      // A listener that served the callback closes itself after answering the browser.
      if (attempt.listener && !attempt.handledByListener) void attempt.listener.close()
    }
  }

  private async finishOAuth(
    attempt: LinkAttempt,
    code: string,
    verifier: string
  ): Promise<AccountSummary> {
    const { profile } = attempt
    const tokens = await exchangeCode(
      this.tokenEndpoint(profile, attempt.endpoints.token as string),
      {
        code,
        redirectUri: attempt.redirectUri,
        clientId: attempt.clientId,
        clientSecret: attempt.clientSecret,
        verifier: profile.authorize.pkce ? verifier : undefined
      },
      { http: this.http, clock: this.deps.clock }
    )
    const identity = await this.fetchIdentity(profile, attempt.serverOrigin, attempt.endpoints, {
      credential: 'oauth',
      accessToken: tokens.accessToken,
      tokenResponse: tokens.raw,
      clientId: attempt.clientId
    })
    return this.saveAccount({
      profile,
      serverOrigin: attempt.serverOrigin,
      identity,
      credential: 'oauth',
      secret: this.secretFrom(profile, tokens, attempt.clientSecret),
      clientId: attempt.clientId,
      generic: attempt.generic,
      redirectOverride: attempt.redirectOverride,
      apiOrigin: attempt.apiOrigin
    })
  }

  // ---------------------------------------------------------------- other ways in

  async linkWithSecret(request: LinkWithSecretRequest): Promise<AccountSummary> {
    this.assertLive()
    const profile = this.requireProfile(request.profileKey)
    const credential: CredentialKind = request.kind === 'api-key' ? 'api-key' : 'pasted-token'
    const allowed =
      credential === 'api-key' ? profile.capabilities.apiKey : profile.capabilities.pastedToken
    if (!allowed) {
      throw new AppError(
        'auth/unsupported',
        `${profile.label} does not take ${credential === 'api-key' ? 'an API key' : 'a pasted token'}.`
      )
    }
    const secret = typeof request.secret === 'string' ? request.secret.trim() : ''
    if (secret === '' || /[\s\p{Cc}]/u.test(secret)) {
      throw new AppError('auth/invalid-credentials', 'That does not look like a token or key.')
    }
    const serverOrigin = this.originFor(profile, request.serverUrl)
    const endpoints = resolveEndpoints(profile, serverOrigin)
    // Verify before storing (obico-api.md §1.7: admin-issued tokens work with Bearer on users/me).
    const identity = await this.fetchIdentity(profile, serverOrigin, endpoints, {
      credential,
      accessToken: secret
    })
    return this.saveAccount({
      profile,
      serverOrigin,
      identity,
      credential,
      secret: { accessToken: secret, tokenType: credential === 'api-key' ? 'key' : 'Bearer' }
    })
  }

  async signInWithPassword(request: PasswordSignInInput): Promise<AccountSummary> {
    this.assertLive()
    const profile = this.requireProfile(request.profileKey)
    if (!profile.capabilities.password) {
      throw new AppError(
        'auth/unsupported',
        `${profile.label} does not sign in with a password here.`
      )
    }
    if (request.register && !profile.capabilities.registration) {
      throw new AppError(
        'auth/unsupported',
        `${profile.label} accounts cannot be created from Printdock.`
      )
    }
    const serverOrigin = this.originFor(profile, request.serverUrl)
    const endpoints = resolveEndpoints(profile, serverOrigin)
    if (request.register) await this.register(profile, endpoints, request)

    const tokens = await passwordGrant(
      { url: endpoints.token as string, style: profile.token.style, clientAuth: 'none' },
      { username: request.username, password: request.password },
      { http: this.http, clock: this.deps.clock }
    )
    const identity = await this.fetchIdentity(profile, serverOrigin, endpoints, {
      credential: 'password-grant',
      accessToken: tokens.accessToken
    })
    // The password is not kept anywhere: only the issued token goes to the vault.
    return this.saveAccount({
      profile,
      serverOrigin,
      identity,
      credential: 'password-grant',
      secret: this.secretFrom(profile, tokens, undefined)
    })
  }

  /** Zebbra `POST /register` (providers.md §4.2): JSON, exactly one of invite code / new workspace. */
  private async register(
    profile: ProviderProfile,
    endpoints: ResolvedEndpoints,
    request: PasswordSignInInput
  ): Promise<void> {
    const details = request.register ?? {}
    const firstName = details.firstName?.trim() || request.username.split('@')[0]
    const lastName = details.lastName?.trim() || '-'
    const body: Record<string, unknown> = {
      username: request.username,
      first_name: firstName,
      last_name: lastName,
      password: request.password
    }
    if (details.inviteCode?.trim()) body.invite_code = details.inviteCode.trim()
    else body.new_workspace_name = details.workspaceName?.trim() || `${firstName}'s workspace`
    const response = await this.api.request({
      method: 'POST',
      url: endpoints.register as string,
      body
    })
    if (response.status >= 200 && response.status < 300) return
    let detail: string | undefined
    try {
      const parsed = (JSON.parse(response.text) as { detail?: unknown }).detail
      if (typeof parsed === 'string') detail = parsed.slice(0, 200)
    } catch {
      detail = undefined
    }
    if (response.status === 409 || response.status === 400 || response.status === 422) {
      throw new AppError(
        'auth/provider-error',
        `${profile.label} did not create the account${detail ? `: ${detail}` : ''}.`
      )
    }
    throw statusError(profile.label, response.status)
  }

  // ---------------------------------------------------------------- unlink

  async unlink(accountId: string): Promise<{ revokedAtProvider: boolean }> {
    const record = await this.requireRecord(accountId)
    for (const attempt of this.attempts.values()) {
      if (attempt.relink?.accountId === accountId) this.pending.cancel(attempt.attemptId)
    }
    const profile = this.requireProfile(record.profileKey)
    const secret = await this.tryReadSecret(accountId)
    let revokedAtProvider = false
    if (secret) {
      try {
        revokedAtProvider = await this.revokeAtProvider(profile, record, secret)
      } catch (error) {
        // Server down: still unlink here, and say the provider may still honour the token.
        this.deps.logger.warn('Could not revoke at the provider; unlinking locally', {
          accountId,
          code: toErrorDto(error).code
        })
      }
    }
    try {
      await this.deps.vault.delete(accountId)
    } catch (error) {
      this.deps.logger.warn('Could not delete the saved secret', { accountId, error })
    }
    await this.deps.registry.remove(accountId)
    await this.emitChange()
    this.deps.logger.info('Unlinked an account', { accountId, revokedAtProvider })
    return { revokedAtProvider }
  }

  private async revokeAtProvider(
    profile: ProviderProfile,
    record: AccountRecord,
    secret: StoredSecret
  ): Promise<boolean> {
    if (!profile.revoke.supported) return false
    // Pasted tokens and API keys were issued outside Printdock (an admin, the account page) and
    // may serve other tools; unlinking forgets them here but does not revoke them.
    if (record.credential === 'pasted-token' || record.credential === 'api-key') return false
    const endpoints = this.endpointsFor(profile, record)
    const adapter = adapterFor(profile.provider)
    if (adapter.revoke) {
      return adapter.revoke({
        ...this.adapterContext(profile, record.serverOrigin, endpoints, {
          credential: record.credential,
          accessToken: secret.accessToken,
          clientId: record.clientId
        }),
        refreshToken: secret.refreshToken,
        clientSecret: secret.clientSecret
      })
    }
    if (!endpoints.revoke || !record.clientId) return false
    // obico-api.md §6 item 5: revoke the refresh token, which revokes its access token too.
    const useRefresh =
      profile.revoke.prefer === 'refresh-token' && secret.refreshToken !== undefined
    const token = useRefresh ? (secret.refreshToken as string) : secret.accessToken
    return revokeToken(
      { url: endpoints.revoke, style: profile.token.style, clientAuth: profile.token.clientAuth },
      {
        token,
        tokenTypeHint: profile.revoke.sendTokenTypeHint
          ? useRefresh
            ? 'refresh_token'
            : 'access_token'
          : undefined,
        clientId: record.clientId,
        clientSecret: secret.clientSecret
      },
      { http: this.http, clock: this.deps.clock }
    )
  }

  // ---------------------------------------------------------------- tokens for API calls

  async getAccessToken(accountId: string): Promise<string> {
    const record = await this.requireRecord(accountId)
    const profile = this.requireProfile(record.profileKey)
    this.assertUsable(record)
    const secret = await this.readSecretOrRelink(record)
    if (secret.expiresAt !== undefined) {
      const now = this.deps.clock.now()
      const canRefresh =
        profile.lifetime.refresh === 'expiry-or-dead-token' && secret.refreshToken !== undefined
      if (canRefresh && now >= secret.expiresAt - REFRESH_SKEW_MS) {
        return (await this.refresh(record, profile, secret.accessToken)).accessToken
      }
      if (!canRefresh && now >= secret.expiresAt) {
        // Zebbra: the JWT's exp has passed and there is no refresh grant (providers.md §4.2).
        await this.setState(record.id, 'needs-relink', RELINK_WORDS.expired)
        throw new AppError('auth/needs-relink', RELINK_WORDS.expired)
      }
    }
    return secret.accessToken
  }

  async reportUnauthorized(accountId: string, rejectedToken?: string): Promise<string> {
    const record = await this.requireRecord(accountId)
    const profile = this.requireProfile(record.profileKey)
    this.assertUsable(record)
    const secret = await this.readSecretOrRelink(record)
    if (rejectedToken !== undefined && secret.accessToken !== rejectedToken)
      return secret.accessToken
    return (await this.refresh(record, profile, secret.accessToken)).accessToken
  }

  async authorizedRequest(accountId: string, request: AuthorizedRequest): Promise<ApiResponse> {
    const record = await this.requireRecord(accountId)
    const profile = this.requireProfile(record.profileKey)
    const adapter = adapterFor(profile.provider)
    const url = new URL(request.url, record.serverOrigin + '/').toString()
    const send = async (token: string): Promise<ApiResponse> => {
      try {
        return await this.api.request({
          ...request,
          url,
          headers: { ...request.headers, ...authHeaders(profile, record.credential, token) }
        })
      } catch (error) {
        await this.markUnreachable(record.id, error)
        throw error
      }
    }
    const token = await this.getAccessToken(accountId)
    let response = await send(token)
    if (isDeadTokenResponse(profile, adapter, response.status, response.text)) {
      const fresh = await this.reportUnauthorized(accountId, token)
      response = await send(fresh)
      if (isDeadTokenResponse(profile, adapter, response.status, response.text)) {
        await this.setState(accountId, 'needs-relink', RELINK_WORDS.rejected)
        throw new AppError('auth/needs-relink', RELINK_WORDS.rejected)
      }
    }
    if (response.status === 502 || response.status === 503 || response.status === 504) {
      await this.markUnreachable(record.id, statusError(profile.label, response.status))
    } else {
      await this.markReachable(accountId)
    }
    return response
  }

  async verifyAccount(accountId: string): Promise<AccountSummary> {
    const record = await this.requireRecord(accountId)
    const profile = this.requireProfile(record.profileKey)
    const endpoints = this.endpointsFor(profile, record)
    const read = (accessToken: string) =>
      this.fetchIdentity(profile, record.serverOrigin, endpoints, {
        credential: record.credential,
        accessToken,
        clientId: record.clientId
      })
    let identity: ProviderIdentity
    try {
      const token = await this.getAccessToken(accountId)
      try {
        identity = await read(token)
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'auth/invalid-credentials') throw error
        const fresh = await this.reportUnauthorized(accountId, token)
        try {
          identity = await read(fresh)
        } catch (again) {
          if (again instanceof AppError && again.code === 'auth/invalid-credentials') {
            await this.setState(accountId, 'needs-relink', RELINK_WORDS.rejected)
            throw new AppError('auth/needs-relink', RELINK_WORDS.rejected)
          }
          throw again
        }
      }
    } catch (error) {
      if (isNetworkError(error)) await this.markUnreachable(accountId, error)
      throw error
    }
    const current = (await this.deps.registry.get(accountId)) ?? record
    const next: AccountRecord = {
      ...current,
      displayName: identity.displayName,
      identity: identity.identity,
      state: 'linked'
    }
    delete next.stateDetail
    await this.deps.registry.put(next)
    await this.emitChange()
    return this.toSummary(next)
  }

  /**
   * One refresh per account at a time (SingleFlight); the rotated tokens are written to the vault
   * before anyone gets them (obico-api.md §1.2: the old refresh token dies at once).
   */
  private refresh(
    record: AccountRecord,
    profile: ProviderProfile,
    staleToken: string
  ): Promise<StoredSecret> {
    return this.refreshes.run(record.id, async () => {
      const secret = await this.readSecretOrRelink(record)
      // Someone refreshed while this caller waited: the stale token is already replaced.
      if (secret.accessToken !== staleToken) return secret
      if (profile.lifetime.refresh === 'none' || !secret.refreshToken) {
        await this.setState(record.id, 'needs-relink', RELINK_WORDS.rejected)
        throw new AppError('auth/needs-relink', RELINK_WORDS.rejected)
      }
      const endpoints = this.endpointsFor(profile, record)
      let tokens: TokenSet
      try {
        tokens = await refreshTokens(
          this.tokenEndpoint(profile, endpoints.token as string),
          {
            refreshToken: secret.refreshToken,
            clientId: record.clientId ?? '',
            clientSecret: secret.clientSecret
          },
          { http: this.http, clock: this.deps.clock }
        )
      } catch (error) {
        if (refreshMeansRelink(profile, error)) {
          await this.setState(record.id, 'needs-relink', RELINK_WORDS.rejected)
          throw new AppError('auth/needs-relink', RELINK_WORDS.rejected, { cause: error })
        }
        await this.markUnreachable(record.id, error)
        throw error
      }
      const next: StoredSecret = {
        ...this.secretFrom(profile, tokens, secret.clientSecret),
        refreshToken: tokens.refreshToken ?? secret.refreshToken
      }
      try {
        await this.deps.vault.set(record.id, next)
      } catch (error) {
        const words = RELINK_WORDS.vaultWrite(this.deps.vault.description)
        this.deps.logger.error('Could not store rotated tokens', { accountId: record.id, error })
        await this.setState(record.id, 'needs-relink', words)
        throw new AppError('auth/needs-relink', words, { cause: error })
      }
      this.deps.logger.info('Refreshed an access token', { accountId: record.id })
      await this.markReachable(record.id)
      return next
    })
  }

  // ---------------------------------------------------------------- helpers

  private async fetchIdentity(
    profile: ProviderProfile,
    serverOrigin: string,
    endpoints: ResolvedEndpoints,
    input: Pick<AdapterContext, 'credential' | 'accessToken' | 'tokenResponse' | 'clientId'>
  ): Promise<ProviderIdentity> {
    return adapterFor(profile.provider).fetchIdentity(
      this.adapterContext(profile, serverOrigin, endpoints, input)
    )
  }

  private adapterContext(
    profile: ProviderProfile,
    serverOrigin: string,
    endpoints: ResolvedEndpoints,
    input: Pick<AdapterContext, 'credential' | 'accessToken' | 'tokenResponse' | 'clientId'>
  ): AdapterContext {
    return { http: this.api, profile, endpoints, serverOrigin, ...input }
  }

  private tokenEndpoint(profile: ProviderProfile, url: string): TokenEndpoint {
    return { url, style: profile.token.style, clientAuth: profile.token.clientAuth }
  }

  private secretFrom(
    profile: ProviderProfile,
    tokens: TokenSet,
    clientSecret: string | undefined
  ): StoredSecret {
    const secret: StoredSecret = { accessToken: tokens.accessToken }
    if (tokens.refreshToken) secret.refreshToken = tokens.refreshToken
    if (tokens.tokenType) secret.tokenType = tokens.tokenType
    const expiresAt =
      profile.lifetime.expiry === 'jwt-exp'
        ? (jwtExpiresAt(tokens.accessToken) ?? tokens.expiresAt)
        : profile.lifetime.expiry === 'expires-in'
          ? tokens.expiresAt
          : undefined
    if (expiresAt !== undefined) secret.expiresAt = expiresAt
    if (clientSecret) secret.clientSecret = clientSecret
    return secret
  }

  private async saveAccount(input: {
    profile: ProviderProfile
    serverOrigin: string
    identity: ProviderIdentity
    credential: CredentialKind
    secret: StoredSecret
    clientId?: string
    generic?: GenericEndpoints
    redirectOverride?: string
    apiOrigin?: string
  }): Promise<AccountSummary> {
    const { profile, identity } = input
    const id = accountIdFor(profile.provider, input.serverOrigin, identity.userId)
    const existing = await this.deps.registry.get(id)
    try {
      await this.deps.vault.set(id, input.secret)
    } catch (error) {
      this.deps.logger.error('Could not store the new credential', { accountId: id, error })
      throw new AppError(
        'vault/unavailable',
        `Printdock could not save the sign-in to ${this.deps.vault.description}, so nothing was linked.`,
        { cause: error }
      )
    }
    const record: AccountRecord = {
      id,
      provider: profile.provider,
      profileKey: profile.key,
      serverOrigin: input.serverOrigin,
      userId: identity.userId,
      displayName: identity.displayName,
      identity: identity.identity,
      credential: input.credential,
      linkedAt: existing?.linkedAt ?? new Date(this.deps.clock.now()).toISOString(),
      state: 'linked'
    }
    const clientId = input.clientId ?? existing?.clientId
    if (clientId) record.clientId = clientId
    const generic = input.generic ?? existing?.generic
    if (generic) record.generic = generic
    const redirectOverride = input.redirectOverride ?? existing?.redirectOverride
    if (redirectOverride) record.redirectOverride = redirectOverride
    const apiOrigin = input.apiOrigin ?? existing?.apiOrigin
    if (apiOrigin) record.apiOrigin = apiOrigin
    await this.deps.registry.put(record)
    await this.emitChange()
    this.deps.logger.info(existing ? 'Updated a linked account' : 'Linked an account', {
      accountId: id,
      credential: input.credential
    })
    return this.toSummary(record)
  }

  private endpointsFor(profile: ProviderProfile, record: AccountRecord): ResolvedEndpoints {
    const g = record.generic
    return resolveEndpoints(
      profile,
      record.serverOrigin,
      g ? { authorize: g.authorizeUrl, token: g.tokenUrl, revoke: g.revokeUrl } : {},
      record.apiOrigin
    )
  }

  private originFor(profile: ProviderProfile, serverUrl: string | undefined): string {
    const input = serverUrl?.trim() || profile.server.defaultUrl
    if (!input) {
      throw new AppError(
        'account/invalid-server-url',
        `${profile.label} needs the address of your server.`
      )
    }
    const normalized = normalizeServerUrl(input)
    if (normalized.warning === 'plain-http') {
      this.deps.logger.warn('Server uses plain http; tokens travel unencrypted', {
        serverOrigin: normalized.origin
      })
    }
    return normalized.origin
  }

  private originOfEndpoint(url: string): string {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw new AppError('account/invalid-server-url', 'An endpoint address is not a valid URL.')
    }
    if (parsed.search || parsed.hash) {
      // Authorize URLs may carry fixed query parameters; only the origin matters here.
    }
    return normalizeServerUrl(parsed.origin).origin
  }

  private requireProfile(key: string): ProviderProfile {
    const profile = getProfile(key)
    if (!profile) throw new AppError('auth/unsupported', 'Printdock does not know that provider.')
    return profile
  }

  private async requireRecord(accountId: string): Promise<AccountRecord> {
    const record = await this.deps.registry.get(accountId)
    if (!record) throw new AppError('account/not-found', 'That account is not linked.')
    return record
  }

  private assertUsable(record: AccountRecord): void {
    if (record.state === 'needs-relink') {
      throw new AppError('auth/needs-relink', record.stateDetail ?? RELINK_WORDS.rejected)
    }
  }

  private assertLive(): void {
    if (this.disposed) throw new AppError('internal/unexpected', 'Printdock is shutting down.')
  }

  private async tryReadSecret(accountId: string): Promise<StoredSecret | undefined> {
    try {
      return await this.deps.vault.get(accountId)
    } catch (error) {
      this.deps.logger.warn('Could not read a saved secret', { accountId, error })
      return undefined
    }
  }

  /**
   * The stored secret, or needs-relink with plain words: a keychain that fails or comes back empty
   * never crashes or loops (oauth-and-secrets.md §4.5, §4.6).
   */
  private async readSecretOrRelink(record: AccountRecord): Promise<StoredSecret> {
    let secret: StoredSecret | undefined
    try {
      secret = await this.deps.vault.get(record.id)
    } catch (error) {
      const words = RELINK_WORDS.vaultRead(this.deps.vault.description)
      this.deps.logger.error('Vault read failed', { accountId: record.id, error })
      await this.setState(record.id, 'needs-relink', words)
      throw new AppError('vault/read-failed', words, { cause: error })
    }
    if (!secret || typeof secret.accessToken !== 'string' || secret.accessToken === '') {
      await this.setState(record.id, 'needs-relink', RELINK_WORDS.vaultEmpty)
      throw new AppError('auth/needs-relink', RELINK_WORDS.vaultEmpty)
    }
    return secret
  }

  private async setState(
    accountId: string,
    state: AccountState,
    detail: string | undefined
  ): Promise<void> {
    const record = await this.deps.registry.get(accountId)
    if (!record) return
    if (record.state === state && record.stateDetail === detail) return
    const next: AccountRecord = { ...record, state }
    if (detail === undefined) delete next.stateDetail
    else next.stateDetail = detail
    await this.deps.registry.put(next)
    await this.emitChange()
  }

  private async markUnreachable(accountId: string, error: unknown): Promise<void> {
    const record = await this.deps.registry.get(accountId)
    if (!record || record.state === 'needs-relink') return
    const dto = toErrorDto(error)
    await this.setState(accountId, 'unreachable', `The server did not answer: ${dto.message}`)
  }

  private async markReachable(accountId: string): Promise<void> {
    const record = await this.deps.registry.get(accountId)
    if (record?.state === 'unreachable') await this.setState(accountId, 'linked', undefined)
  }

  private toSummary(record: AccountRecord): AccountSummary {
    const profile = getProfile(record.profileKey)
    const summary: AccountSummary = {
      id: record.id,
      provider: record.provider,
      providerLabel: profile ? providerLabelFor(profile, record.serverOrigin) : record.provider,
      serverOrigin: record.serverOrigin,
      displayName: record.displayName,
      identity: record.identity.map((field) => ({ ...field })),
      state: record.state,
      credential: record.credential,
      storage: this.deps.vault.kind,
      linkedAt: record.linkedAt
    }
    if (record.stateDetail) summary.stateDetail = record.stateDetail
    return summary
  }

  private async emitChange(): Promise<void> {
    try {
      this.changed.fire(await this.listAccounts())
    } catch (error) {
      this.deps.logger.warn('Could not list accounts for a change event', { error })
    }
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.pending.cancelAll()
    for (const attempt of this.attempts.values()) void attempt.listener?.close()
    this.changed.dispose()
    this.finished.dispose()
  }
}

function isNetworkError(error: unknown): boolean {
  return error instanceof AppError && error.code.startsWith('network/')
}

/**
 * Whether a failed refresh means "link again" rather than "server trouble". invalid_grant and
 * client errors do; so does Obico's HTML 500 from /o/token/ after an access-token-only revoke
 * (obico-api.md §1.6: "Treat a 500 from /o/token/ as 'log in again'"). Transport failures, other
 * 5xx and 429 leave the credential alone (state unreachable).
 */
function refreshMeansRelink(profile: ProviderProfile, error: unknown): boolean {
  if (!(error instanceof AppError)) return false
  if (error.code === 'auth/needs-relink' || error.code === 'auth/provider-error') return true
  if (error.code === 'auth/invalid-code' || error.code === 'auth/invalid-credentials') return true
  if (profile.provider === 'obico' && error instanceof OAuthEndpointError && error.status === 500)
    return true
  return false
}
