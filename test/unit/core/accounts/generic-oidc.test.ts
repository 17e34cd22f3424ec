import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { InMemoryAccountRegistry } from '../../../../src/main/core/accounts/account-registry'
import {
  createAccountService,
  type PrintdockAccountService
} from '../../../../src/main/core/accounts/create-account-service'
import { ManualClock } from '../../../../src/main/core/clock'
import { createHttpClient, type HttpClient } from '../../../../src/main/core/http'
import { nullLogger } from '../../../../src/main/core/logger'
import type { BrowserLauncher } from '../../../../src/main/core/platform/browser-launcher'
import { InMemoryTokenVault } from '../../../../src/main/core/vault/token-vault'
import {
  ACCESS_TOKEN_TTL,
  browse,
  CLIENT_ID,
  httpCall,
  startOidcProvider,
  type OidcProviderFixture,
  type Reply
} from '../auth/oidc-provider-fixture'

/**
 * The generic OAuth profile through the app's own code path: the real account service (start →
 * loopback → code exchange → identity → vault, refresh on expiry, unlink with revocation) against
 * oidc-provider, a strict OpenID provider. oidc-provider.test.ts covers the auth engine alone;
 * this is what a user linking "Other OAuth server" gets.
 */

/**
 * A BrowserLauncher twin: signs in and consents on the provider's pages over HTTP, then loads the
 * loopback callback like the system browser would.
 */
class ConsentingBrowser implements BrowserLauncher {
  readonly opened: string[] = []
  /** The page the loopback listener served, per opened URL. */
  readonly pages: Promise<Reply>[] = []

  async open(url: string): Promise<void> {
    this.opened.push(url)
    const redirect = new URL(url).searchParams.get('redirect_uri')
    if (!redirect) throw new Error('no redirect_uri in the authorization URL')
    const page = browse(url, new URL(redirect).origin)
    page.catch(() => undefined)
    this.pages.push(page)
  }
}

/** The token endpoint calls the service made, by grant type. */
function countingHttp(): HttpClient & { grants: string[] } {
  const inner = createHttpClient({ defaultDeadlineMs: 10_000 })
  const grants: string[] = []
  return {
    grants,
    request(request) {
      const grant = request.body instanceof URLSearchParams && request.body.get('grant_type')
      if (grant) grants.push(grant)
      return inner.request(request)
    }
  }
}

let oidc: OidcProviderFixture

beforeAll(async () => {
  // Strict defaults: oidc-provider issues a refresh token for `offline_access` only when the
  // request says prompt=consent (OIDC Core §11), which the generic profile must therefore send.
  oidc = await startOidcProvider()
}, 30_000)

afterAll(async () => {
  await oidc.close()
})

let clock: ManualClock
let browser: ConsentingBrowser
let http: ReturnType<typeof countingHttp>
let vault: InMemoryTokenVault
let service: PrintdockAccountService

beforeEach(() => {
  // Starts at real time: the provider's own clock decides token validity, the service's clock only
  // when to refresh.
  clock = new ManualClock(Date.now())
  browser = new ConsentingBrowser()
  http = countingHttp()
  vault = new InMemoryTokenVault()
  service = createAccountService({
    vault,
    registry: new InMemoryAccountRegistry(),
    browser,
    clock,
    logger: nullLogger,
    http,
    clientIds: {},
    redirect: { customSchemeAvailable: true }
  })
})

afterEach(() => {
  service.dispose()
})

/** Links through the generic profile and waits for the result. */
async function link() {
  const pending = await service.startLink({
    profileKey: 'generic',
    clientId: CLIENT_ID,
    generic: {
      authorizeUrl: `${oidc.issuer}/auth`,
      tokenUrl: `${oidc.issuer}/token`,
      revokeUrl: `${oidc.issuer}/token/revocation`,
      scopes: 'openid offline_access'
    }
  })
  const account = await service.waitForLink(pending.attemptId)
  const page = await browser.pages.at(-1)!
  return { pending, account, page }
}

/** A refresh_token grant sent straight to the provider, outside the service. */
function refreshAtProvider(refreshToken: string): Promise<Reply> {
  return httpCall(`${oidc.issuer}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: CLIENT_ID
    }).toString()
  })
}

describe('generic OAuth profile against oidc-provider (real account service)', () => {
  it('links over loopback with PKCE; the identity comes from the id_token sub', async () => {
    const { pending, account, page } = await link()
    expect(pending.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/printdock\/callback$/)
    const authorize = new URL(browser.opened[0]!)
    expect(authorize.origin + authorize.pathname).toBe(`${oidc.issuer}/auth`)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authorize.searchParams.get('scope')).toBe('openid offline_access')
    expect(page.status).toBe(200)

    expect(account).toMatchObject({
      provider: 'generic',
      serverOrigin: oidc.issuer,
      state: 'linked',
      credential: 'oauth',
      displayName: 'maker'
    })
    expect(account.identity).toEqual(expect.arrayContaining([{ label: 'Subject', value: 'maker' }]))
    expect(account.id).toContain('sub-maker')
    expect(http.grants).toEqual(['authorization_code'])

    const secret = (await vault.get(account.id))!
    expect(secret.refreshToken).toBeTruthy()
    expect(secret.expiresAt).toBeGreaterThan(clock.now())
    expect(secret.expiresAt).toBeLessThanOrEqual(clock.now() + ACCESS_TOKEN_TTL * 1000)
    expect((await oidc.userinfo(secret.accessToken)).status).toBe(200)
    // Nothing the renderer sees carries a token.
    const shown = JSON.stringify(await service.listAccounts())
    expect(shown).not.toContain(secret.accessToken)
    expect(shown).not.toContain(secret.refreshToken!)
  })

  it('refreshes once the clock passes expiresAt, with rotation: the old refresh token is spent', async () => {
    const { account } = await link()
    const before = (await vault.get(account.id))!
    // Still fresh: the stored token, no token call.
    expect(await service.getAccessToken(account.id)).toBe(before.accessToken)
    expect(http.grants).toEqual(['authorization_code'])

    clock.advance(before.expiresAt! - clock.now() + 1000)
    const token = await service.getAccessToken(account.id)
    expect(http.grants).toEqual(['authorization_code', 'refresh_token'])
    expect(token).not.toBe(before.accessToken)
    const after = (await vault.get(account.id))!
    expect(after.accessToken).toBe(token)
    expect(after.refreshToken).toBeTruthy()
    expect(after.refreshToken).not.toBe(before.refreshToken)
    expect(after.expiresAt).toBeGreaterThan(clock.now())

    const me = await oidc.userinfo(token)
    expect(me.status).toBe(200)
    expect(JSON.parse(me.body)).toMatchObject({ sub: 'maker' })
    expect((await oidc.introspect(after.refreshToken!)).active).toBe(true)
    expect((await service.listAccounts())[0]!.state).toBe('linked')

    // The provider rejects the rotated-out refresh token.
    const replay = await refreshAtProvider(before.refreshToken!)
    expect(replay.status).toBe(400)
    expect(JSON.parse(replay.body)).toMatchObject({ error: 'invalid_grant' })
  })

  it('unlink revokes at the provider: the tokens stop working there', async () => {
    const { account } = await link()
    const secret = (await vault.get(account.id))!
    expect((await oidc.introspect(secret.accessToken)).active).toBe(true)

    expect(await service.unlink(account.id)).toEqual({ revokedAtProvider: true })
    expect(await service.listAccounts()).toEqual([])
    expect(await vault.get(account.id)).toBeUndefined()
    // The profile revokes the refresh token; oidc-provider then revokes the whole grant.
    expect((await oidc.introspect(secret.refreshToken!)).active).toBe(false)
    expect((await oidc.introspect(secret.accessToken)).active).toBe(false)
    expect((await oidc.userinfo(secret.accessToken)).status).toBe(401)
    const refresh = await refreshAtProvider(secret.refreshToken!)
    expect(refresh.status).toBe(400)
  })
})
