/**
 * The app (composeServices, also the harness's composition) and the CLI (composeCli) build their
 * domain services through the one `createCore`: the same services, on the same files, so what one
 * does the other sees.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { composeCli } from '../../../src/cli/compose'
import { testComposeDeps } from './test-compose-deps'
import { composeServices, type Services } from '../../../src/main/compose-services'
import type { AccountRecord } from '../../../src/main/core/accounts/account-registry'
import type { Core } from '../../../src/main/core/create-core'
import { nullLogger } from '../../../src/main/core/logger'
import { InMemoryTokenVault } from '../../../src/main/core/vault/token-vault'

let dataDir: string
let app: Services
let cli: Core

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'printdock-one-core-'))
  // One vault for both, as the OS keychain is one for both on a user's machine.
  const vault = new InMemoryTokenVault()
  app = await composeServices(
    testComposeDeps(dataDir, {
      vault: { vault }
    })
  )
  cli = await composeCli({
    env: { PRINTDOCK_HOME: dataDir },
    logger: nullLogger,
    browser: { open: async () => {} },
    vault: { vault }
  })
})

afterEach(async () => {
  cli.dispose()
  await app.dispose()
  rmSync(dataDir, { recursive: true, force: true })
})

const record: AccountRecord = {
  id: 'obico-self-hosted:https://obico.example.org:42',
  provider: 'obico',
  profileKey: 'obico-self-hosted',
  serverOrigin: 'https://obico.example.org',
  userId: '42',
  displayName: 'Ada',
  identity: [{ label: 'Email', value: 'ada@example.org' }],
  credential: 'api-key',
  linkedAt: '2026-12-01T00:00:00.000Z',
  state: 'linked',
  storage: 'memory'
}

describe('one core for the app and the CLI', () => {
  it('gives both the same set of services, of the same kinds', () => {
    expect(Object.keys(cli).sort()).toEqual(Object.keys(app.core).sort())
    expect(cli.dataDir).toBe(app.core.dataDir)
    expect(cli.settings.constructor).toBe(app.core.settings.constructor)
    expect(cli.registry.constructor).toBe(app.core.registry.constructor)
    expect(cli.accountService.constructor).toBe(app.core.accountService.constructor)
    // The app's handlers and notices run on the core's services, not on copies of them.
    expect(app.accountService).toBe(app.core.accountService)
    expect(app.settings).toBe(app.core.settings)
  })

  it('an account saved by the app is listed by the CLI, and one the CLI unlinks leaves the app', async () => {
    await app.core.vault.set(record.id, { accessToken: 'api-key-of-ada' })
    await app.core.registry.put(record)
    expect(await cli.accountService.listAccounts()).toMatchObject([
      { id: record.id, displayName: 'Ada', state: 'linked' }
    ])

    await cli.accountService.unlink(record.id)
    expect(await app.accountService.listAccounts()).toEqual([])
    expect(await app.core.vault.get(record.id)).toBeUndefined()
  })

  it('settings one saves are the other one’s settings, without a restart', () => {
    app.settings.set('clientIds', { 'obico-self-hosted': 'printdock-desktop' })
    expect(cli.settings.get('clientIds')).toEqual({ 'obico-self-hosted': 'printdock-desktop' })
    cli.settings.set('theme', 'dark')
    expect(app.settings.get('theme')).toBe('dark')
    expect(app.settings.get('clientIds')).toEqual({ 'obico-self-hosted': 'printdock-desktop' })
  })

  it('both report the same start-up problems', async () => {
    writeFileSync(join(dataDir, 'config.json'), '{"theme":')
    const again = await composeCli({
      env: { PRINTDOCK_HOME: dataDir },
      logger: nullLogger,
      browser: { open: async () => {} },
      vault: { vault: new InMemoryTokenVault(), notice: 'memory only' }
    })
    const appAgain = await composeServices(
      testComposeDeps(dataDir, {
        vault: { vault: new InMemoryTokenVault(), notice: 'memory only' },
        appMeta: { name: 'Printdock', version: '0', platform: process.platform, harness: true }
      })
    )
    expect(again.startupNotices.map((notice) => notice.id)).toEqual([
      'vault-fallback',
      'settings-file-problem'
    ])
    expect(appAgain.startupNotices).toEqual(again.startupNotices)
    again.dispose()
    await appAgain.dispose()
  })
})
