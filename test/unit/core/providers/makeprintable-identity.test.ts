import { describe, expect, it } from 'vitest'
import type { HttpClient } from '../../../../src/main/core/http'
import {
  makeprintableAdapter,
  makeprintableProfile
} from '../../../../src/main/core/providers/makeprintable'
import type { AdapterContext } from '../../../../src/main/core/providers/provider-profile'

/** An API whose `/v1/items` answers `items` for every token. */
function itemsApi(items: unknown[]): HttpClient {
  return {
    request: async () => ({
      status: 200,
      headers: {},
      text: JSON.stringify(items),
      json: () => items
    })
  }
}

function context(items: unknown[], overrides: Partial<AdapterContext> = {}): AdapterContext {
  return {
    http: itemsApi(items),
    profile: makeprintableProfile,
    endpoints: { identity: 'https://mp.example/v1/items' },
    serverOrigin: 'https://mp.example',
    credential: 'oauth',
    accessToken: 'token-a',
    clientId: 'printdock-desktop',
    ...overrides
  }
}

describe('Makeprintable identity', () => {
  it('an item names the user', async () => {
    const identity = await makeprintableAdapter.fetchIdentity(context([{ id: 1, user_id: 8 }]))
    expect(identity.userId).toBe('user-8')
  })

  it('with no items, two OAuth links through the same client are two accounts', async () => {
    const first = await makeprintableAdapter.fetchIdentity(context([]))
    const second = await makeprintableAdapter.fetchIdentity(context([], { accessToken: 'token-b' }))
    expect(first.userId).not.toBe(second.userId)
    for (const identity of [first, second]) {
      expect(identity.userId).toMatch(/^oauth-/)
      expect(identity.userId).not.toContain('printdock-desktop')
      expect(JSON.stringify(identity)).not.toContain('token-')
    }
  })

  it('with no items, a re-link keeps the account it links again', async () => {
    const identity = await makeprintableAdapter.fetchIdentity(
      context([], { previousUserId: 'oauth-abc123', accessToken: 'token-c' })
    )
    expect(identity.userId).toBe('oauth-abc123')
  })

  it('an item still names the user on a re-link (a different user is a different account)', async () => {
    const identity = await makeprintableAdapter.fetchIdentity(
      context([{ id: 1, user_id: 9 }], { previousUserId: 'oauth-abc123' })
    )
    expect(identity.userId).toBe('user-9')
  })
})
