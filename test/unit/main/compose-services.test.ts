import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { testComposeDeps } from './test-compose-deps'
import { composeServices } from '../../../src/main/compose-services'
import { accountsFilePath, settingsFilePath } from '../../../src/main/core/paths'
import { InMemoryTokenVault } from '../../../src/main/core/vault/token-vault'

async function composeIn(dataDir: string, vaultNotice?: string) {
  return composeServices(
    testComposeDeps(dataDir, {
      vault: { vault: new InMemoryTokenVault(), notice: vaultNotice }
    })
  )
}

describe('composeServices start-up', () => {
  it('starts clean with no notices', async () => {
    const services = await composeIn(mkdtempSync(join(tmpdir(), 'printdock-compose-')))
    expect(services.startupNotices).toEqual([])
    await services.dispose()
  })

  it('a damaged accounts file starts the app anyway, leaves the file as it is and tells the user', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'printdock-compose-'))
    const damaged = '{"version":1,"accounts":[{"id":'
    writeFileSync(accountsFilePath(dataDir), damaged)
    const services = await composeIn(dataDir)
    expect(await services.accountService.listAccounts()).toEqual([])
    expect(services.startupNotices).toHaveLength(1)
    expect(services.startupNotices[0]).toMatchObject({
      id: 'accounts-file-unreadable',
      level: 'error',
      // The fix is outside Printdock: the app's toast stays until dismissed (decision 0016).
      needsAction: true
    })
    expect(services.startupNotices[0]!.message).toContain(
      `can't read its list of linked accounts at ${accountsFilePath(dataDir)} (not valid JSON)`
    )
    expect(readdirSync(dataDir).filter((name) => name.startsWith('accounts'))).toEqual([
      'accounts.json'
    ])
    expect(readFileSync(accountsFilePath(dataDir), 'utf8')).toBe(damaged)
    await services.dispose()
  })

  it('an accounts.json that is a folder becomes a plain notice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'printdock-compose-'))
    mkdirSync(accountsFilePath(dataDir))
    const services = await composeIn(dataDir)
    expect(services.startupNotices.map((notice) => notice.message)).toEqual([
      expect.stringContaining('(it is a folder, not a file)')
    ])
    expect(services.startupNotices[0]!.message).not.toMatch(/EISDIR|\n\s+at /)
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
