import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../../../src/main/core/clock'
import { AppError } from '../../../../src/main/core/errors'
import { buildAuthorizationUrl } from '../../../../src/main/core/auth/authorization-flow'
import { createCallbackHandler } from '../../../../src/main/core/auth/callback-handler'
import {
  startLoopbackListener,
  type LoopbackListener
} from '../../../../src/main/core/auth/loopback-listener'
import { createHttpClient } from '../../../../src/main/core/http'
import {
  createOAuthClient,
  type TokenEndpoint,
  type TokenSet
} from '../../../../src/main/core/auth/oauth-client'
import {
  PendingAuthorizations,
  type AuthorizationCodeResult
} from '../../../../src/main/core/auth/pending-authorizations'
import { createPkcePair, createState } from '../../../../src/main/core/auth/pkce'
import {
  ACCESS_TOKEN_TTL,
  browse,
  CLIENT_ID,
  httpCall,
  startOidcProvider,
  type OidcProviderFixture,
  type Reply
} from './oidc-provider-fixture'

/**
 * End-to-end against oidc-provider 9 (a certified, strict OpenID provider) on 127.0.0.1: the
 * generic engine — authorize URL, loopback listener, pending attempts, code exchange with PKCE,
 * rotating refresh, revocation — with the provider's own login and consent pages driven over
 * plain HTTP (cookies kept by hand).
 */

let oidc: OidcProviderFixture
let issuer = ''

beforeAll(async () => {
  oidc = await startOidcProvider()
  issuer = oidc.issuer
}, 30_000)

afterAll(async () => {
  await oidc.close()
})

const tokenEndpoint = (): TokenEndpoint => ({ url: `${issuer}/token`, clientAuth: 'none' })
const revocationEndpoint = (): TokenEndpoint => ({
  url: `${issuer}/token/revocation`,
  clientAuth: 'none'
})
const client = createOAuthClient({
  http: createHttpClient({ defaultDeadlineMs: 10_000 }),
  clock: systemClock
})

const userinfo = (accessToken: string): Promise<Reply> => oidc.userinfo(accessToken)
const introspect = (token: string): Promise<Record<string, unknown>> => oidc.introspect(token)

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(AppError)
  expect((error as AppError).code).toBe(code)
  return error as AppError
}

const pending = new PendingAuthorizations({ clock: systemClock })

/** One full link attempt through the engine; returns what the caller of the engine would see. */
async function link(options: { deny?: boolean; forgeFirst?: boolean } = {}): Promise<{
  listener: LoopbackListener
  result?: AuthorizationCodeResult
  failure?: AppError
  page: Reply
  forged?: Reply
}> {
  let attemptId = ''
  const listener = await startLoopbackListener({
    path: '/printdock/callback',
    timeoutMs: 60_000,
    handle: createCallbackHandler(pending, () => attemptId, 'Your account is linked.')
  })
  const pkce = createPkcePair()
  const state = createState()
  const attempt = pending.begin({
    attemptKey: `generic|${issuer}`,
    providerKey: 'generic',
    serverOrigin: issuer,
    redirectUri: listener.redirectUri,
    verifier: pkce.verifier,
    state,
    issuer,
    requireIssuer: true
  })
  attemptId = attempt.attemptId
  const authorizationUrl = buildAuthorizationUrl({
    authorizeUrl: `${issuer}/auth`,
    clientId: CLIENT_ID,
    redirectUri: listener.redirectUri,
    state,
    challenge: pkce.challenge,
    scope: 'openid email offline_access',
    // OIDC Core §11: offline_access is only honoured together with prompt=consent.
    extraParams: { prompt: 'consent' }
  })
  let forged: Reply | undefined
  if (options.forgeFirst) {
    forged = await httpCall(
      `${listener.redirectUri}?code=forged&state=${createState()}&iss=${encodeURIComponent(issuer)}`
    )
  }
  const page = await browse(authorizationUrl, new URL(listener.redirectUri).origin, options)
  const settled = await attempt.promise.then(
    (result) => ({ result }),
    (failure: AppError) => ({ failure })
  )
  await listener.closed
  return { listener, page, forged, ...settled }
}

describe('generic OAuth engine against oidc-provider', () => {
  let first: TokenSet
  let rotated: TokenSet

  it('links: authorize → loopback → code (a forged callback first is refused) → PKCE exchange', async () => {
    const { listener, result, page, forged } = await link({ forgeFirst: true })
    expect(forged?.status).toBe(400)
    expect(forged?.body).toContain('does not belong')
    expect(page.status).toBe(200)
    expect(page.body).toContain('You can return to Printdock')
    expect(listener.closeReason).toBe('completed')
    expect(result?.iss).toBe(issuer)
    expect(result?.attempt.redirectUri).toBe(listener.redirectUri)

    const before = Date.now()
    first = await client.exchangeCode(tokenEndpoint(), {
      code: result!.code,
      redirectUri: listener.redirectUri,
      clientId: CLIENT_ID,
      verifier: result!.verifier
    })
    expect(first.accessToken.length).toBeGreaterThan(10)
    expect(first.refreshToken).toBeDefined()
    expect(first.tokenType?.toLowerCase()).toBe('bearer')
    expect(first.expiresAt).toBeGreaterThanOrEqual(before + (ACCESS_TOKEN_TTL - 2) * 1000)
    expect(first.expiresAt).toBeLessThanOrEqual(Date.now() + ACCESS_TOKEN_TTL * 1000)
    expect(first.scope?.split(' ')).toEqual(expect.arrayContaining(['openid', 'offline_access']))

    const me = await userinfo(first.accessToken)
    expect(me.status).toBe(200)
    expect(JSON.parse(me.body)).toMatchObject({ sub: 'maker' })
  })

  it('a code is single-use: replay is auth/invalid-code (and the provider revokes that grant)', async () => {
    const { listener, result } = await link()
    const params = {
      code: result!.code,
      redirectUri: listener.redirectUri,
      clientId: CLIENT_ID,
      verifier: result!.verifier
    }
    const tokens = await client.exchangeCode(tokenEndpoint(), params)
    expect((await userinfo(tokens.accessToken)).status).toBe(200)
    await expectAppError(client.exchangeCode(tokenEndpoint(), params), 'auth/invalid-code')
    // RFC 6749 §4.1.2: the server should revoke tokens issued from a replayed code; oidc-provider does.
    expect((await userinfo(tokens.accessToken)).status).toBe(401)
  })

  it('the provider enforces PKCE: a wrong verifier fails as auth/invalid-code', async () => {
    const { listener, result } = await link()
    await expectAppError(
      client.exchangeCode(tokenEndpoint(), {
        code: result!.code,
        redirectUri: listener.redirectUri,
        clientId: CLIENT_ID,
        verifier: createPkcePair().verifier
      }),
      'auth/invalid-code'
    )
  })

  it('refresh rotates: new tokens work, the old refresh token is rejected (auth/needs-relink)', async () => {
    expect(first).toBeDefined()
    rotated = await client.refreshTokens(tokenEndpoint(), {
      refreshToken: first.refreshToken!,
      clientId: CLIENT_ID
    })
    expect(rotated.refreshToken).toBeDefined()
    expect(rotated.refreshToken).not.toBe(first.refreshToken)
    expect(rotated.accessToken).not.toBe(first.accessToken)
    expect((await userinfo(rotated.accessToken)).status).toBe(200)
    await expectAppError(
      client.refreshTokens(tokenEndpoint(), {
        refreshToken: first.refreshToken!,
        clientId: CLIENT_ID
      }),
      'auth/needs-relink'
    )
  })

  it('revocation: the revoked access token stops working, the revoked refresh token cannot refresh', async () => {
    const { listener, result } = await link()
    const tokens = await client.exchangeCode(tokenEndpoint(), {
      code: result!.code,
      redirectUri: listener.redirectUri,
      clientId: CLIENT_ID,
      verifier: result!.verifier
    })
    expect((await userinfo(tokens.accessToken)).status).toBe(200)
    expect((await introspect(tokens.accessToken)).active).toBe(true)

    expect(
      await client.revokeToken(revocationEndpoint(), {
        token: tokens.accessToken,
        tokenTypeHint: 'access_token',
        clientId: CLIENT_ID
      })
    ).toBe(true)
    expect((await userinfo(tokens.accessToken)).status).toBe(401)
    expect((await introspect(tokens.accessToken)).active).toBe(false)

    expect(
      await client.revokeToken(revocationEndpoint(), {
        token: tokens.refreshToken!,
        tokenTypeHint: 'refresh_token',
        clientId: CLIENT_ID
      })
    ).toBe(true)
    await expectAppError(
      client.refreshTokens(tokenEndpoint(), {
        refreshToken: tokens.refreshToken!,
        clientId: CLIENT_ID
      }),
      'auth/needs-relink'
    )
    // RFC 7009 §2.2: an unknown token is still a 200.
    expect(
      await client.revokeToken(revocationEndpoint(), { token: 'never-issued', clientId: CLIENT_ID })
    ).toBe(true)
  })

  it('denied consent ends the attempt with auth/denied and the listener closes', async () => {
    const { listener, failure, page } = await link({ deny: true })
    expect(failure?.code).toBe('auth/denied')
    expect(page.status).toBe(400)
    expect(page.body).toContain('denied')
    expect(listener.closeReason).toBe('ended')
    expect(pending.list()).toHaveLength(0)
  })
})
