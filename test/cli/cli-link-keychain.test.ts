import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ExitCode } from '../../src/cli/exit-codes'
import { startObicoFake, type ObicoFake } from '../fakes/obico'
import {
  provideSecretService,
  reportMissingKeyring
} from '../unit/core/vault/secret-service-fixture'
import { runCli, startCli } from './cli-process'

/**
 * The whole browser path across processes: `link` in one process (loopback redirect, consent
 * driven from here), `accounts` and `unlink` in others. They share the data folder
 * (PRINTDOCK_HOME) and the real keychain items (gnome-keyring over D-Bus), which is what makes an
 * account linked in one process usable in the next, exactly as between the CLI and the app. An
 * in-memory vault could not show that, so without a Secret Service this file skips and says why.
 */
const hasSecretTool = spawnSync('sh', ['-c', 'command -v secret-tool']).status === 0
const provided = hasSecretTool
  ? await provideSecretService()
  : { fixture: undefined, reason: 'secret-tool is not installed (apt-get install libsecret-tools)' }
const secretService = provided.fixture
const missingKeyring = secretService
  ? undefined
  : reportMissingKeyring('cli-link-keychain', provided.reason)

// In CI the skipped suite below would hide a broken keyring setup: fail by name instead. Without
// a keyring on a developer machine this is skipped too, and reportMissingKeyring said why.
describe('the real keychain for the CLI', () => {
  it.skipIf(!secretService && !missingKeyring)('has a Secret Service to test against', () => {
    if (missingKeyring) throw missingKeyring
    expect(secretService?.env.DBUS_SESSION_BUS_ADDRESS).toBeTruthy()
  })
})

/** Reads the keychain item the way any other Secret Service client would. */
function keychainItem(
  env: NodeJS.ProcessEnv,
  accountId: string
): { accessToken: string; refreshToken?: string } | undefined {
  const lookup = spawnSync(
    'secret-tool',
    ['lookup', 'service', 'Printdock', 'username', accountId],
    {
      env,
      encoding: 'utf8'
    }
  )
  return lookup.status === 0 && lookup.stdout ? JSON.parse(lookup.stdout) : undefined
}

describe.skipIf(!secretService)('printdock link → accounts → unlink with the real keychain', () => {
  let fake: ObicoFake
  let home: string
  let env: NodeJS.ProcessEnv
  beforeAll(async () => {
    fake = await startObicoFake({ autoApprove: true })
    home = mkdtempSync(join(tmpdir(), 'printdock-cli-kc-'))
    env = { ...secretService!.env, PRINTDOCK_HOME: join(home, 'data') }
  })
  afterAll(async () => {
    await fake?.close()
    if (home) rmSync(home, { recursive: true, force: true })
    await secretService?.stop()
  })

  it('links over the loopback redirect, lists from a new process, and unlink revokes at the server', async () => {
    const cli = startCli(
      [
        'link',
        'obico-self-hosted',
        '--server',
        fake.baseUrl,
        '--client-id',
        'printdock-desktop',
        '--no-browser',
        '--json'
      ],
      env
    )
    const authorizationUrl = await cli.waitForLine(/^https?:\/\//)
    const authorize = new URL(authorizationUrl)
    expect(authorize.origin).toBe(fake.baseUrl)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')

    // The consent: the fake approves at once (autoApprove) and redirects to the loopback
    // listener of the CLI process; the test plays the browser following that redirect.
    const consent = await fetch(authorizationUrl, { redirect: 'manual' })
    expect(consent.status).toBe(302)
    const callback = new URL(consent.headers.get('location') ?? '')
    expect(callback.hostname).toBe('127.0.0.1')
    expect(callback.searchParams.get('code')).toBeTruthy()
    const landing = await fetch(callback)
    expect(landing.status).toBe(200)
    expect(await landing.text()).toMatch(/close this tab/i)

    const linked = await cli.done
    expect(linked.code, linked.stderr).toBe(ExitCode.Ok)
    const account = JSON.parse(linked.stdout.slice(linked.stdout.indexOf('{'))) as {
      id: string
      storage: string
      state: string
      credential: string
      displayName: string
    }
    expect(account).toMatchObject({ storage: 'keychain', state: 'linked', credential: 'oauth' })
    expect(linked.stderr).not.toMatch(/keychain, so you'll be signed out/)

    // The token is in the keychain item (service "Printdock", account = account id), live at the
    // server, and in no file of the data folder and no output.
    const item = keychainItem(env, account.id)
    expect(item?.accessToken).toBeTruthy()
    expect(fake.isTokenActive(item!.accessToken)).toBe(true)
    for (const entry of readdirSync(join(home, 'data'), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue
      const text = readFileSync(join(entry.parentPath, entry.name), 'utf8')
      expect(text).not.toContain(item!.accessToken)
      if (item!.refreshToken) expect(text).not.toContain(item!.refreshToken)
    }
    expect(linked.stdout + linked.stderr).not.toContain(item!.accessToken)

    const listed = await runCli(['accounts', '--json'], env)
    expect(listed.code, listed.stderr).toBe(ExitCode.Ok)
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        id: account.id,
        state: 'linked',
        storage: 'keychain',
        displayName: account.displayName
      })
    ])

    const refused = await runCli(['unlink', account.id], env)
    expect(refused.code).toBe(ExitCode.NeedsConfirmation)
    expect(fake.isTokenActive(item!.accessToken)).toBe(true)

    const unlinked = await runCli(['unlink', account.id, '--yes'], env)
    expect(unlinked.code, unlinked.stderr).toBe(ExitCode.Ok)
    expect(unlinked.stdout).toContain('revoked the sign-in')
    expect(fake.isTokenActive(item!.accessToken)).toBe(false)
    if (item!.refreshToken) expect(fake.isTokenActive(item!.refreshToken)).toBe(false)
    expect(keychainItem(env, account.id)).toBeUndefined()
    expect(JSON.parse((await runCli(['accounts', '--json'], env)).stdout)).toEqual([])
  }, 90_000)
})
