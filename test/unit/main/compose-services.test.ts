import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { composeServices } from '../../../src/main/compose-services'
import { systemClock } from '../../../src/main/core/clock'
import { nullLogger } from '../../../src/main/core/logger'
import { accountsFilePath, settingsFilePath } from '../../../src/main/core/paths'
import { JsonFileSettingsStore } from '../../../src/main/core/settings/json-file-settings-store'
import { InMemoryTokenVault } from '../../../src/main/core/vault/token-vault'
import { forkDemoServer } from '../../fakes/obico/fork-demo-server'

async function composeIn(dataDir: string) {
  return composeServices({
    settingsStore: new JsonFileSettingsStore({ filePath: settingsFilePath(dataDir) }),
    tokenVault: new InMemoryTokenVault(),
    browser: { open: async () => {} },
    logger: nullLogger,
    clock: systemClock,
    userDataDir: dataDir,
    spawnDemoServer: forkDemoServer,
    env: {},
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
})
