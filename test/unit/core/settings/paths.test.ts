import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { accountsFilePath, appDataDir, settingsFilePath } from '../../../../src/main/core/paths'

describe('appDataDir', () => {
  const home = '/home/maker'
  it('Linux: $XDG_CONFIG_HOME/Printdock, else ~/.config/Printdock', () => {
    expect(appDataDir({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', home })).toBe(
      join('/xdg', 'Printdock')
    )
    expect(appDataDir({ env: { XDG_CONFIG_HOME: '' }, platform: 'linux', home })).toBe(
      join(home, '.config', 'Printdock')
    )
  })
  it('macOS: ~/Library/Application Support/Printdock', () => {
    expect(appDataDir({ env: {}, platform: 'darwin', home })).toBe(
      join(home, 'Library', 'Application Support', 'Printdock')
    )
  })
  it('Windows: %APPDATA%/Printdock', () => {
    expect(
      appDataDir({ env: { APPDATA: 'C:\\Users\\m\\AppData\\Roaming' }, platform: 'win32', home })
    ).toBe(join('C:\\Users\\m\\AppData\\Roaming', 'Printdock'))
  })
  it('PRINTDOCK_HOME wins everywhere', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(appDataDir({ env: { PRINTDOCK_HOME: '/tmp/pd', APPDATA: 'x' }, platform, home })).toBe(
        '/tmp/pd'
      )
    }
  })
  it('files live in the data folder', () => {
    expect(settingsFilePath('/d')).toBe(join('/d', 'config.json'))
    expect(accountsFilePath('/d')).toBe(join('/d', 'accounts.json'))
  })
})
