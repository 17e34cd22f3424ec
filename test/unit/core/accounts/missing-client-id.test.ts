import { afterEach, describe, expect, it } from 'vitest'
import { InMemoryAccountRegistry } from '../../../../src/main/core/accounts/account-registry'
import {
  createAccountService,
  type PrintdockAccountService
} from '../../../../src/main/core/accounts/create-account-service'
import { systemClock } from '../../../../src/main/core/clock'
import { nullLogger } from '../../../../src/main/core/logger'
import { InMemoryTokenVault } from '../../../../src/main/core/vault/token-vault'

/**
 * A build with no baked-in client ID (issue 8): asked to link without one, main says where the
 * client ID comes from instead of only that it is missing. The CLI prints these words.
 */
let service: PrintdockAccountService | undefined
afterEach(() => service?.dispose())

function setUp(): { service: PrintdockAccountService; opened: string[]; requests: string[] } {
  const opened: string[] = []
  const requests: string[] = []
  service = createAccountService({
    vault: new InMemoryTokenVault(),
    registry: new InMemoryAccountRegistry(),
    browser: { open: async (url) => void opened.push(url) },
    clock: systemClock,
    logger: nullLogger,
    http: {
      request: async ({ url }) => {
        requests.push(url)
        throw new Error('no request is expected')
      }
    },
    clientIds: {},
    redirect: { customSchemeAvailable: false }
  })
  return { service, opened, requests }
}

describe('linking without a client ID', () => {
  it('Obico Cloud names the registration page and the values to enter', async () => {
    const { service, opened, requests } = setUp()
    await expect(service.startLink({ profileKey: 'obico-cloud' })).rejects.toMatchObject({
      code: 'auth/unsupported',
      message:
        'This copy of Printdock has no Obico Cloud client ID built in, and none was given. ' +
        'Register Printdock at https://app.obico.io/o/applications/register/ (client type public, ' +
        'grant type authorization code, redirect URI http://127.0.0.1/printdock/callback), then ' +
        'give the Client id it shows.'
    })
    expect(opened).toEqual([])
    expect(requests).toEqual([])
  })

  it('another service asks for the client ID of an app registered with it', async () => {
    const { service } = setUp()
    await expect(service.startLink({ profileKey: 'omniport' })).rejects.toMatchObject({
      message: expect.stringContaining('an app you registered with Omniport')
    })
  })
})
