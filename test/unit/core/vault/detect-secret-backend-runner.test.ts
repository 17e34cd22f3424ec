/**
 * `detectSecretBackend` with an injected probe runner (the app passes a utility-process runner,
 * docs/decisions/0014): what the runner is asked, and how each of its answers reads to a person.
 * The default Node-child runner is tested against real buses in keyring-token-vault.test.ts.
 */
import { describe, expect, it, vi } from 'vitest'
import { detectSecretBackend } from '../../../../src/main/core/vault/detect-secret-backend'
import type {
  KeychainProbeReport,
  KeychainProbeRunner
} from '../../../../src/main/core/vault/keychain-probe'
import { keyringModulePath } from '../../../../src/main/core/vault/keyring-module'

const BUS_ENV = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus' }

function runnerAnswering(answer: KeychainProbeReport | 'timeout') {
  return vi.fn<KeychainProbeRunner>(async () => answer)
}

describe('detectSecretBackend with an injected runner', () => {
  it('asks the runner for a round trip of a random value with the keyring module, within the timeout', async () => {
    const runProbe = runnerAnswering({ ok: true })
    const status = await detectSecretBackend({
      env: BUS_ENV,
      platform: 'linux',
      service: 'Printdock-test',
      timeoutMs: 1234,
      runProbe
    })
    expect(status).toEqual({
      available: true,
      reason: 'Secret Service (GNOME Keyring, KWallet or KeePassXC) answered a test item.'
    })
    expect(runProbe).toHaveBeenCalledTimes(1)
    const [request, timeoutMs] = runProbe.mock.calls[0]!
    expect(timeoutMs).toBe(1234)
    expect(request).toMatchObject({
      modulePath: keyringModulePath(),
      service: 'Printdock-test',
      account: 'printdock-keychain-probe'
    })
    expect(request.value).toMatch(/^[0-9a-f]{32}$/)
    await detectSecretBackend({ env: BUS_ENV, platform: 'linux', runProbe })
    expect(runProbe.mock.calls[1]![0].value).not.toBe(request.value)
  })

  it('a runner that timed out means unavailable, saying how long it waited', async () => {
    const status = await detectSecretBackend({
      env: BUS_ENV,
      platform: 'linux',
      timeoutMs: 5000,
      runProbe: runnerAnswering('timeout')
    })
    expect(status).toEqual({
      available: false,
      reason: "The system keychain didn't answer within 5 seconds."
    })
  })

  it("a failure report is explained in a person's words", async () => {
    const status = await detectSecretBackend({
      env: BUS_ENV,
      platform: 'linux',
      runProbe: runnerAnswering({
        ok: false,
        stage: 'keyring',
        message: 'org.freedesktop.DBus.Error.ServiceUnknown'
      })
    })
    expect(status.available).toBe(false)
    expect(status.reason).toMatch(/^No Secret Service answered on D-Bus/)
  })

  it('without a session bus the runner is never started', async () => {
    const runProbe = runnerAnswering({ ok: true })
    const status = await detectSecretBackend({ env: {}, platform: 'linux', runProbe })
    expect(status.available).toBe(false)
    expect(runProbe).not.toHaveBeenCalled()
  })
})
