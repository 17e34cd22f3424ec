import { afterEach, describe, expect, it } from 'vitest'
import {
  accountIdFor,
  InMemoryAccountRegistry,
  type AccountRecord
} from '../../../../src/main/core/accounts/account-registry'
import { createAccountService } from '../../../../src/main/core/accounts/create-account-service'
import type { StartLinkInput } from '../../../../src/main/core/accounts/service-types'
import { ManualClock } from '../../../../src/main/core/clock'
import { AppError } from '../../../../src/main/core/errors'
import { nullLogger } from '../../../../src/main/core/logger'
import { InMemoryTokenVault } from '../../../../src/main/core/vault/token-vault'

/**
 * What a link request may point at: a re-link stays on the account's server with the account's
 * app (its stored client secret must not travel anywhere else), and Obico Cloud links only with
 * app.obico.io. Every refusal happens before a browser opens or a request leaves.
 */

const STORED_SECRET = 'stored-client-secret-0123456789'

function record(
  overrides: Partial<AccountRecord> &
    Pick<AccountRecord, 'provider' | 'profileKey' | 'serverOrigin'>
): AccountRecord {
  const userId = overrides.userId ?? 'u1'
  return {
    id: accountIdFor(overrides.provider, overrides.serverOrigin, userId),
    userId,
    displayName: 'Someone',
    identity: [],
    credential: 'oauth',
    linkedAt: '2024-01-01T00:00:00.000Z',
    state: 'linked',
    ...overrides
  }
}

const makeprintable = record({
  provider: 'makeprintable',
  profileKey: 'makeprintable',
  serverOrigin: 'https://mp.example',
  clientId: 'printdock-desktop'
})
const octoblu = record({
  provider: 'octoblu',
  profileKey: 'octoblu',
  serverOrigin: 'https://oauth.octo.example',
  apiOrigin: 'https://meshblu.octo.example',
  clientId: 'octo-client'
})
const generic = record({
  provider: 'generic',
  profileKey: 'generic',
  serverOrigin: 'https://as.example',
  clientId: 'generic-client',
  generic: {
    authorizeUrl: 'https://as.example/oauth/authorize',
    tokenUrl: 'https://as.example/oauth/token'
  }
})

let dispose: (() => void) | undefined
afterEach(() => {
  dispose?.()
  dispose = undefined
})

async function setup() {
  const vault = new InMemoryTokenVault()
  for (const r of [makeprintable, octoblu, generic]) {
    await vault.set(r.id, { accessToken: `token-of-${r.id}`, clientSecret: STORED_SECRET })
  }
  const opened: string[] = []
  const posts: string[] = []
  const service = createAccountService({
    vault,
    registry: new InMemoryAccountRegistry([makeprintable, octoblu, generic]),
    browser: { open: async (url) => void opened.push(url) },
    clock: new ManualClock(),
    logger: nullLogger,
    http: {
      request: async ({ method, url }) => {
        // The reachability check before a browser opens: every server here answers a GET.
        if (method === 'GET') {
          return { status: 200, headers: {}, text: '', json: () => ({}) }
        }
        posts.push(url)
        throw new Error('no network in this test')
      }
    },
    clientIds: {},
    redirect: { customSchemeAvailable: true }
  })
  dispose = () => service.dispose()
  return { service, opened, posts }
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a refusal')
    },
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('re-link: the same account on the same server with the same app', () => {
  it.each<[string, StartLinkInput, RegExp]>([
    [
      'another server',
      {
        profileKey: 'makeprintable',
        accountId: makeprintable.id,
        serverUrl: 'https://evil.example'
      },
      /server address/
    ],
    [
      'another client ID',
      { profileKey: 'makeprintable', accountId: makeprintable.id, clientId: 'someone-else' },
      /client ID/
    ],
    [
      'another Meshblu server',
      {
        profileKey: 'octoblu',
        accountId: octoblu.id,
        apiServerUrl: 'https://meshblu.evil.example'
      },
      /Meshblu server address/
    ],
    [
      'the default Meshblu server instead of the saved one',
      { profileKey: 'octoblu', accountId: octoblu.id, apiServerUrl: 'https://meshblu.octoblu.com' },
      /Meshblu server address/
    ],
    [
      'another token endpoint',
      {
        profileKey: 'generic',
        accountId: generic.id,
        generic: {
          authorizeUrl: 'https://as.example/oauth/authorize',
          tokenUrl: 'https://evil.example/token'
        }
      },
      /authorize, token or revoke address/
    ],
    [
      'another authorize endpoint',
      {
        profileKey: 'generic',
        accountId: generic.id,
        generic: {
          authorizeUrl: 'https://evil.example/oauth/authorize',
          tokenUrl: 'https://as.example/oauth/token'
        }
      },
      /authorize, token or revoke address/
    ],
    [
      'an added revoke endpoint',
      {
        profileKey: 'generic',
        accountId: generic.id,
        generic: {
          authorizeUrl: 'https://as.example/oauth/authorize',
          tokenUrl: 'https://as.example/oauth/token',
          revokeUrl: 'https://evil.example/revoke'
        }
      },
      /authorize, token or revoke address/
    ]
  ])('refuses %s, before any browser or request', async (_name, request, words) => {
    const { service, opened, posts } = await setup()
    const error = await refusal(service.startLink(request))
    expect(error.code).toBe('auth/unsupported')
    expect(error.message).toMatch(words)
    expect(error.message).not.toContain(STORED_SECRET)
    expect(opened).toEqual([])
    expect(posts).toEqual([])
    expect(service.listPendingLinks()).toEqual([])
    expect((await service.listAccounts()).every((a) => a.state === 'linked')).toBe(true)
  })

  it('accepts the saved values repeated, however they are spelled', async () => {
    const { service, opened } = await setup()
    await service.startLink({
      profileKey: 'makeprintable',
      accountId: makeprintable.id,
      serverUrl: 'HTTPS://MP.example:443/',
      clientId: ' printdock-desktop '
    })
    await service.startLink({
      profileKey: 'octoblu',
      accountId: octoblu.id,
      serverUrl: 'https://oauth.octo.example',
      apiServerUrl: 'https://Meshblu.octo.example/'
    })
    await service.startLink({
      profileKey: 'generic',
      accountId: generic.id,
      redirectUri: 'printdock://oauth/callback',
      generic: {
        authorizeUrl: 'https://AS.example/oauth/authorize',
        tokenUrl: 'https://as.example:443/oauth/token',
        scopes: 'read write'
      }
    })
    expect(opened).toHaveLength(3)
    expect(new URL(opened[0]!).origin).toBe('https://mp.example')
    expect(new URL(opened[1]!).origin).toBe('https://oauth.octo.example')
    expect(new URL(opened[2]!).origin).toBe('https://as.example')
  })

  it('a newly entered client secret may replace the stored one', async () => {
    const { service, opened } = await setup()
    await service.startLink({
      profileKey: 'makeprintable',
      accountId: makeprintable.id,
      clientSecret: 'a-new-secret'
    })
    expect(opened).toHaveLength(1)
  })
})

describe('Obico Cloud links only with app.obico.io', () => {
  it('refuses another server in core, pointing to "Obico (self-hosted)"', async () => {
    const { service, opened } = await setup()
    const error = await refusal(
      service.startLink({
        profileKey: 'obico-cloud',
        serverUrl: 'https://obico.home.example',
        clientId: 'x'
      })
    )
    expect(error.code).toBe('account/invalid-server-url')
    expect(error.message).toContain('Obico (self-hosted)')
    expect(opened).toEqual([])

    const pasted = await refusal(
      service.linkWithSecret({
        profileKey: 'obico-cloud',
        serverUrl: 'https://obico.home.example',
        kind: 'access-token',
        secret: 'tok'
      })
    )
    expect(pasted.code).toBe('account/invalid-server-url')
  })

  it('accepts its own address typed any way', async () => {
    const { service, opened } = await setup()
    const pending = await service.startLink({
      profileKey: 'obico-cloud',
      serverUrl: 'APP.obico.io',
      clientId: 'x'
    })
    expect(pending.serverOrigin).toBe('https://app.obico.io')
    expect(opened).toHaveLength(1)
  })
})
