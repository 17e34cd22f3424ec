import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InMemoryAccountRegistry } from '../../../src/main/core/accounts/account-registry'
import { createAccountService } from '../../../src/main/core/accounts/create-account-service'
import { AppError } from '../../../src/main/core/errors'
import type { Logger } from '../../../src/main/core/logger'
import { InMemoryTokenVault } from '../../../src/main/core/vault/token-vault'
import { startZebbraFake, type ZebbraFake } from '../../fakes/zebbra'
import {
  countingHttp,
  createTestService,
  errorCode,
  expectNoSecrets,
  FlakyVault,
  ScriptedBrowser
} from './support'

let fake: ZebbraFake
let browser: ScriptedBrowser
let http: ReturnType<typeof countingHttp>
let ctx: ReturnType<typeof createTestService>

beforeEach(async () => {
  fake = await startZebbraFake()
  browser = new ScriptedBrowser()
  http = countingHttp()
  ctx = createTestService({ clock: fake.clock, browser, http })
})
afterEach(async () => {
  ctx.service.dispose()
  await fake.close()
})

const signIn = (password = fake.user.password) =>
  ctx.service.signInWithPassword({
    profileKey: 'zebbra',
    serverUrl: fake.baseUrl,
    username: fake.user.username,
    password
  })

/** The JWT's claims, read the way anyone could (it is signed, not encrypted). */
function claims(jwt: string): { sub?: unknown; exp?: unknown } {
  const [, payload = ''] = jwt.split('.')
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    sub?: unknown
    exp?: unknown
  }
}

/** The plain words of a rejection, with its code. */
async function failure(
  promise: Promise<unknown>
): Promise<{ code: string; message: string; serverSaid?: string }> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error.toDto()
    throw error
  }
  throw new Error('expected a rejection')
}

describe('Zebbra linking (fake, real HTTP, password grant)', () => {
  it('signs in with a password: identity is the username and the workspaces', async () => {
    const account = await signIn()
    expect(account).toMatchObject({
      provider: 'zebbra',
      state: 'linked',
      credential: 'password-grant',
      displayName: fake.user.username,
      serverOrigin: fake.baseUrl
    })
    expect(account.providerLabel).toBe('Zebbra')
    const byLabel = Object.fromEntries(account.identity.map((f) => [f.label, f.value]))
    expect(byLabel.Username).toBe(fake.user.username)
    expect(byLabel.Name).toBe(`${fake.user.firstName} ${fake.user.lastName}`)
    expect(byLabel.Workspaces).toBe(fake.workspace.name)
    // The account id carries the server's user id (`_id`, §4.4), not the username.
    expect(account.id).toContain(fake.user.id)
    // Exactly one password grant went to the pre-prefix /token (published docs, §4.1).
    expect(http.calls).toEqual([{ url: `${fake.baseUrl}/token`, grant: 'password' }])
    const secret = (await ctx.vault.get(account.id))!
    expect(fake.isTokenActive(secret.accessToken)).toBe(true)
    expect(secret.refreshToken).toBeUndefined() // no refresh grant (§4.2)
    const me = await ctx.service.authorizedRequest(account.id, { method: 'GET', url: '/user' })
    expect(me.status).toBe(200)
    expect((JSON.parse(me.text) as { _id: string })._id).toBe(fake.user.id)
  })

  it('the password never reaches the vault, the registry, a summary, an event or the log', async () => {
    const vault = new InMemoryTokenVault()
    const registry = new InMemoryAccountRegistry()
    const logged: string[] = []
    const record =
      (level: string): Logger['info'] =>
      (message, fields) =>
        logged.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`)
    const logger: Logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error')
    }
    const service = createAccountService({
      vault,
      registry,
      browser,
      clock: fake.clock,
      logger,
      clientIds: {}
    })
    const events: unknown[] = []
    service.onDidChangeAccounts((accounts) => events.push(accounts))
    try {
      const password = 'Zebbra-unique-pw-7f3a91'
      const account = await service.signInWithPassword({
        profileKey: 'zebbra',
        serverUrl: fake.baseUrl,
        username: 'leak-check@example.com',
        password,
        register: { firstName: 'Leak', lastName: 'Check', workspaceName: 'Leak Lab' }
      })
      // A wrong password on the same service goes through the error paths too.
      await errorCode(
        service.signInWithPassword({
          profileKey: 'zebbra',
          serverUrl: fake.baseUrl,
          username: 'leak-check@example.com',
          password: `${password}-wrong`
        })
      )
      const stored = await vault.get(account.id)
      expect(stored?.accessToken).toBeTruthy()
      expect(Object.keys(stored!).sort()).toEqual(['accessToken', 'expiresAt', 'tokenType'])
      expect(logged.length).toBeGreaterThan(0)
      expectNoSecrets(
        [stored, await registry.list(), await service.listAccounts(), events, logged],
        [password]
      )
      // The token itself is a secret too: it is in the vault only.
      expectNoSecrets(
        [await registry.list(), await service.listAccounts(), events, logged],
        [stored!.accessToken]
      )
    } finally {
      service.dispose()
    }
  })

  it('registers a new user with a new workspace, then is signed in as that user', async () => {
    const account = await ctx.service.signInWithPassword({
      profileKey: 'zebbra',
      serverUrl: fake.baseUrl,
      username: 'newcomer@example.com',
      password: 'newcomer-pass',
      register: { firstName: 'Nia', lastName: 'Newcomer', workspaceName: 'Garage Prints' }
    })
    expect(account).toMatchObject({ state: 'linked', displayName: 'newcomer@example.com' })
    const byLabel = Object.fromEntries(account.identity.map((f) => [f.label, f.value]))
    expect(byLabel).toMatchObject({
      Username: 'newcomer@example.com',
      Name: 'Nia Newcomer',
      Workspaces: 'Garage Prints'
    })
    // The account really exists on the server: the password works there on its own.
    const direct = await fetch(`${fake.baseUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'newcomer@example.com', password: 'newcomer-pass' })
    })
    expect(direct.status).toBe(200)
    // The fake's workspace list agrees with the identity Printdock shows.
    const token = (await ctx.vault.get(account.id))!.accessToken
    const workspaces = (await (
      await fetch(`${fake.baseUrl}/workspace`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { name: string }[]
    expect(workspaces.map((w) => w.name)).toEqual(['Garage Prints'])
  })

  it('registering a taken username or workspace says so in plain words and links nothing', async () => {
    const taken = await failure(
      ctx.service.signInWithPassword({
        profileKey: 'zebbra',
        serverUrl: fake.baseUrl,
        username: fake.user.username,
        password: 'whatever-1',
        register: { firstName: 'Dup', lastName: 'User', workspaceName: 'Another one' }
      })
    )
    expect(taken.code).toBe('auth/provider-error')
    expect(taken.message).toContain('Username already exists')
    // The window shows the server's reason, not "try again in a moment".
    expect(taken.serverSaid).toBe('Username already exists')
    const workspace = await failure(
      ctx.service.signInWithPassword({
        profileKey: 'zebbra',
        serverUrl: fake.baseUrl,
        username: 'other@example.com',
        password: 'whatever-2',
        register: { firstName: 'Other', lastName: 'User', workspaceName: fake.workspace.name }
      })
    )
    expect(workspace.code).toBe('auth/provider-error')
    expect(workspace.message).toContain('Workspace name already exists')
    expect(await ctx.service.listAccounts()).toEqual([])
    expect(http.calls).toEqual([]) // no password grant after a failed registration
  })

  it('a wrong password is auth/invalid-credentials in plain words', async () => {
    const wrong = await failure(signIn('not-the-password'))
    expect(wrong.code).toBe('auth/invalid-credentials')
    expect(wrong.message).not.toMatch(/[{}<>]|HTTP|401|detail/)
    expect(wrong.message).not.toContain('not-the-password')
    expect(wrong.message.length).toBeGreaterThan(10)
    // The server's own reason travels to the window, which shows it instead of a catch-all.
    expect(wrong.serverSaid).toBe('Incorrect username or password')
    expect(await ctx.service.listAccounts()).toEqual([])
    expect(ctx.changes).toEqual([])
  })

  it('the JWT exp becomes expiresAt (30 minutes by default)', async () => {
    const account = await signIn()
    const secret = (await ctx.vault.get(account.id))!
    const { sub, exp } = claims(secret.accessToken)
    expect(sub).toBe(fake.user.username)
    expect(typeof exp).toBe('number')
    expect(secret.expiresAt).toBe((exp as number) * 1000)
    // The fake clock runs in real time: allow the few ms the sign-in took.
    const expected = fake.clock.now() + fake.tokenLifetimeMinutes * 60_000
    expect(Math.abs(secret.expiresAt! - expected)).toBeLessThan(5000)
  })

  it('a longer server lifetime (43200 minutes, the env templates) is read from the JWT too', async () => {
    const long = await startZebbraFake({ clock: fake.clock, tokenLifetimeMinutes: 43_200 })
    try {
      const account = await ctx.service.signInWithPassword({
        profileKey: 'zebbra',
        serverUrl: long.baseUrl,
        username: long.user.username,
        password: long.user.password
      })
      const secret = (await ctx.vault.get(account.id))!
      expect(Math.abs(secret.expiresAt! - (long.clock.now() + 43_200 * 60_000))).toBeLessThan(5000)
    } finally {
      await long.close()
    }
  })

  it('past exp, getAccessToken turns the account to needs-relink without a network call', async () => {
    const account = await signIn()
    const token = await ctx.service.getAccessToken(account.id)
    expect(fake.isTokenActive(token)).toBe(true)
    fake.clock.advance(fake.tokenLifetimeMinutes * 60_000 + 1000)
    expect(fake.isTokenActive(token)).toBe(false)
    const expired = await failure(ctx.service.getAccessToken(account.id))
    expect(expired.code).toBe('auth/needs-relink')
    expect(expired.message).toMatch(/sign in again/i)
    const [after] = await ctx.service.listAccounts()
    expect(after).toMatchObject({ id: account.id, state: 'needs-relink' })
    expect(http.calls.filter((c) => c.grant !== 'password')).toEqual([]) // nothing to refresh with
  })

  it('past exp, authorizedRequest is needs-relink; the server agrees the token is expired', async () => {
    const account = await signIn()
    const token = (await ctx.vault.get(account.id))!.accessToken
    fake.clock.advance(fake.tokenLifetimeMinutes * 60_000 + 1000)
    // The server's own view (§4.2): /token/expired says true, /user says 401.
    const check = await fetch(`${fake.baseUrl}/token/expired`, {
      headers: { authorization: `Bearer ${token}` }
    })
    expect(await check.json()).toEqual({ expired: true })
    expect(
      (await fetch(`${fake.baseUrl}/user`, { headers: { authorization: `Bearer ${token}` } }))
        .status
    ).toBe(401)
    expect(
      await errorCode(ctx.service.authorizedRequest(account.id, { method: 'GET', url: '/user' }))
    ).toBe('auth/needs-relink')
    expect((await ctx.service.listAccounts())[0].state).toBe('needs-relink')
  })

  it('a token the server rejects before its exp (logged out elsewhere) is needs-relink after one try', async () => {
    const account = await signIn()
    const token = (await ctx.vault.get(account.id))!.accessToken
    const logout = await fetch(`${fake.baseUrl}/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` }
    })
    expect(logout.status).toBe(200)
    expect(
      await errorCode(ctx.service.authorizedRequest(account.id, { method: 'GET', url: '/user' }))
    ).toBe('auth/needs-relink')
    expect((await ctx.service.listAccounts())[0].state).toBe('needs-relink')
    // Signing in again restores the same account in place. The JWT is only {sub, exp} with exp in
    // whole seconds (providers.md §4.2), so a sign-in in the same second would get back the very
    // token just blacklisted: let a second pass first.
    fake.clock.advance(1000)
    const again = await signIn()
    expect(again).toMatchObject({ id: account.id, state: 'linked', linkedAt: account.linkedAt })
  })

  it('unlink logs out at the server (the token stops working) and forgets the account', async () => {
    const account = await signIn()
    const token = (await ctx.vault.get(account.id))!.accessToken
    expect(await ctx.service.unlink(account.id)).toEqual({ revokedAtProvider: true })
    expect(fake.isTokenActive(token)).toBe(false)
    const me = await fetch(`${fake.baseUrl}/user`, {
      headers: { authorization: `Bearer ${token}` }
    })
    expect(me.status).toBe(401)
    expect(await me.json()).toEqual({ detail: 'Expired token' }) // the blacklist's words (§4.3)
    expect(await ctx.service.listAccounts()).toEqual([])
    expect(await ctx.vault.get(account.id)).toBeUndefined()
  })

  it('unlink with the server down still unlinks locally', async () => {
    const account = await signIn()
    await fake.server.close()
    expect(await ctx.service.unlink(account.id)).toEqual({ revokedAtProvider: false })
    expect(await ctx.service.listAccounts()).toEqual([])
  })

  it('server down: sign-in fails with a plain network error; API calls mark the account unreachable', async () => {
    const account = await signIn()
    const stored = await ctx.vault.get(account.id)
    await fake.server.close()
    const down = await failure(signIn())
    expect(down.code).toBe('network/offline')
    expect(down.message).not.toMatch(/ECONNREFUSED|[{}<>]/)
    expect(down.message.length).toBeGreaterThan(10)
    expect(
      await errorCode(ctx.service.authorizedRequest(account.id, { method: 'GET', url: '/user' }))
    ).toBe('network/offline')
    expect((await ctx.service.listAccounts())[0].state).toBe('unreachable')
    expect(await ctx.vault.get(account.id)).toEqual(stored) // the credential is kept
  })

  it('a 503 from /token is a server error, not a credentials problem', async () => {
    fake.server.faults.add({ path: '/token', fault: { kind: 'status', status: 503 }, times: 1 })
    expect(await errorCode(signIn())).toBe('network/server-error')
    expect((await signIn()).state).toBe('linked')
  })

  it('a failing keychain read means needs-relink', async () => {
    const account = await signIn()
    ;(ctx.vault as FlakyVault).failReads = true
    expect(await errorCode(ctx.service.getAccessToken(account.id))).toBe('vault/read-failed')
    expect((await ctx.service.listAccounts())[0].state).toBe('needs-relink')
  })

  it('uses the published pre-prefix paths; the later /auth/... paths are not selectable', async () => {
    // providers.md §4.1: the fake serves both; the profile has no setting to pick /auth/...,
    // so only the documented paths are exercised. A fault on /auth/token must not matter.
    fake.server.faults.add({ path: '/auth/token', fault: { kind: 'status', status: 500 } })
    fake.server.faults.add({ path: '/auth/logout', fault: { kind: 'status', status: 500 } })
    const account = await signIn()
    expect(await ctx.service.unlink(account.id)).toEqual({ revokedAtProvider: true })
    const provider = ctx.service.listProviders().find((p) => p.key === 'zebbra')
    expect(provider).toMatchObject({ supportsPassword: true, supportsRegistration: true })
    expect(provider?.supportsOAuth).toBe(false)
  })
})
