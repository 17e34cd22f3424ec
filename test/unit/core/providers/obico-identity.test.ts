import { describe, expect, it } from 'vitest'
import type { HttpClient } from '../../../../src/main/core/http'
import { obicoAdapter, obicoCloudProfile } from '../../../../src/main/core/providers/obico'
import type { AdapterContext } from '../../../../src/main/core/providers/provider-profile'

/** An API whose identity endpoint answers `me` for every token. */
function context(me: unknown): AdapterContext {
  const http: HttpClient = {
    request: async () => ({
      status: 200,
      headers: {},
      text: JSON.stringify(me),
      json: () => me
    })
  }
  return {
    http,
    profile: obicoCloudProfile,
    endpoints: { identity: 'https://obico.example/api/v1/users/me/' },
    serverOrigin: 'https://obico.example',
    credential: 'oauth',
    accessToken: 'token-a',
    clientId: 'printdock'
  }
}

describe('Obico identity', () => {
  it('a real answer names the account by its email', async () => {
    const identity = await obicoAdapter.fetchIdentity(
      context({ id: 7, email: 'maker@example.com', first_name: 'Ada', last_name: '', extra: 1 })
    )
    expect(identity).toMatchObject({ userId: '7', displayName: 'maker@example.com' })
  })

  it('a number where the email should be is a bad response, not an account named "42"', async () => {
    const attempt = obicoAdapter.fetchIdentity(context({ id: 7, email: 42 }))
    await expect(attempt).rejects.toMatchObject({
      code: 'network/bad-response',
      message: expect.stringContaining('email')
    })
  })

  it('an object where the id should be is a bad response', async () => {
    await expect(
      obicoAdapter.fetchIdentity(context({ id: { nested: true }, email: 'a@b.c' }))
    ).rejects.toMatchObject({ code: 'network/bad-response' })
  })
})
