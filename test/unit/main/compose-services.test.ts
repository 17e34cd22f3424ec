import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { composeServices } from '../../../src/main/compose-services'
import { systemClock } from '../../../src/main/core/clock'
import { nullLogger } from '../../../src/main/core/logger'
import { accountsFilePath, settingsFilePath } from '../../../src/main/core/paths'
import { InMemoryTokenVault } from '../../../src/main/core/vault/token-vault'
import { forkDemoServer } from '../../fakes/obico/fork-demo-server'

async function composeIn(dataDir: string, vaultNotice?: string) {
  return composeServices({
    dataDir,
    vault: { vault: new InMemoryTokenVault(), notice: vaultNotice },
    browser: { open: async () => {} },
    logger: nullLogger,
    clock: systemClock,
    spawnDemoServer: forkDemoServer,
    env: {},
    customSchemeAvailable: true,
    appMeta: { name: 'Printdock', version: '0.0.0-test', platform: process.platform, harness: true }
  })
}

describe('composeServices start-up', () => {
  it('starts clean with no notices', async () => {
    const services = await composeIn(mkdtempSync(join(tmpdir(), 'printdock-compose-')))
    expect(services.startupNotices).toEqual([])
    await services.dispose()
  })

  it('a damaged accounts file starts the app anyway, keeps the file aside and tells the user', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'printdock-compose-'))
    writeFileSync(accountsFilePath(dataDir), '{"version":1,"accounts":[{"id":')
    const services = await composeIn(dataDir)
    expect(await services.accountService.listAccounts()).toEqual([])
    expect(services.startupNotices).toHaveLength(1)
    expect(services.startupNotices[0]).toMatchObject({ level: 'warning' })
    expect(services.startupNotices[0]!.message).toMatch(/couldn't read its list of linked accounts/)
    expect(readdirSync(dataDir).some((name) => name.includes('.corrupt-'))).toBe(true)
    await services.dispose()
  })

  it('a damaged settings file and the memory vault each become a notice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'printdock-compose-'))
    writeFileSync(settingsFilePath(dataDir), '{"theme": "dark",')
    const services = await composeIn(dataDir, 'secrets in memory only')
    expect(services.startupNotices.map((notice) => notice.id)).toEqual([
      'vault-fallback',
      'settings-file-problem'
    ])
    expect(services.startupNotices[1]!.message).toMatch(
      /settings file was damaged \(not valid JSON\).*kept as .*config\.json\.corrupt-\d+/
    )
    await services.dispose()
  })
})
