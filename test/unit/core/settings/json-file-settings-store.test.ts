import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JsonFileSettingsStore } from '../../../../src/main/core/settings/json-file-settings-store'
import { DEFAULT_SETTINGS } from '../../../../src/main/core/settings/settings-schema'

let dir: string
let file: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'printdock-settings-'))
  file = join(dir, 'config.json')
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('JsonFileSettingsStore', () => {
  it('starts from defaults without creating a file', () => {
    const store = new JsonFileSettingsStore({ filePath: file })
    expect(store.getAll()).toEqual({ ...DEFAULT_SETTINGS })
    expect(existsSync(file)).toBe(false)
  })

  it('writes electron-store layout: a tab-indented JSON object, one key per setting', () => {
    const store = new JsonFileSettingsStore({ filePath: join(dir, 'nested', 'config.json') })
    store.set('theme', 'dark')
    const text = readFileSync(join(dir, 'nested', 'config.json'), 'utf8')
    expect(text).toContain('\n\t"theme": "dark"')
    expect(JSON.parse(text)).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' })
    expect(readdirSync(join(dir, 'nested'))).toEqual(['config.json'])
  })

  it('two stores on one file (app and CLI) do not undo each other', () => {
    const app = new JsonFileSettingsStore({ filePath: file })
    const cli = new JsonFileSettingsStore({ filePath: file })
    app.set('theme', 'light')
    cli.set('clientIds', { 'obico-self-hosted': 'printdock-desktop' })
    expect(new JsonFileSettingsStore({ filePath: file }).getAll()).toMatchObject({
      theme: 'light',
      clientIds: { 'obico-self-hosted': 'printdock-desktop' }
    })
    expect(app.reload().clientIds).toEqual({ 'obico-self-hosted': 'printdock-desktop' })
  })

  it('migrates a v0 file on read and writes it at the current version on the next change', () => {
    copyFileSync(join(__dirname, 'fixtures', 'settings-v0.json'), file)
    const store = new JsonFileSettingsStore({ filePath: file })
    expect(store.get('theme')).toBe('dark')
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBeUndefined()
    store.set('firstRunDone', false)
    const written = JSON.parse(readFileSync(file, 'utf8'))
    expect(written).toMatchObject({
      schemaVersion: 1,
      theme: 'dark',
      firstRunDone: false,
      clientIds: {}
    })
    // electron-store's own bookkeeping survives.
    expect(written.__internal__).toEqual({ migrations: { version: '0.1.0' } })
  })

  it('never overwrites a file from a newer Printdock; changes stay in memory', () => {
    const future = JSON.stringify({ schemaVersion: 99, theme: 'dark', hologram: true })
    writeFileSync(file, future)
    const store = new JsonFileSettingsStore({ filePath: file })
    expect(store.isReadOnly).toBe(true)
    expect(store.getAll()).toEqual({ ...DEFAULT_SETTINGS })
    store.set('theme', 'light')
    expect(store.get('theme')).toBe('light')
    expect(readFileSync(file, 'utf8')).toBe(future)
  })

  it('keeps a copy of an unparseable file before replacing it', () => {
    writeFileSync(file, '{"theme": "dark",')
    const store = new JsonFileSettingsStore({ filePath: file })
    expect(store.getAll()).toEqual({ ...DEFAULT_SETTINGS })
    store.set('lastScreen', 'repair')
    expect(readFileSync(`${file}.corrupt`, 'utf8')).toBe('{"theme": "dark",')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ lastScreen: 'repair' })
  })

  it('rejects invalid values instead of writing them', () => {
    const store = new JsonFileSettingsStore({ filePath: file })
    expect(() => store.set('theme', 'neon' as never)).toThrow()
    expect(() => store.set('windowBounds', { width: 10, height: 10, maximized: false })).toThrow()
    expect(existsSync(file)).toBe(false)
  })

  it('update applies several keys in one write; undefined removes an optional key', () => {
    const store = new JsonFileSettingsStore({ filePath: file })
    store.update({
      windowBounds: { x: 1, y: 2, width: 900, height: 700, maximized: true },
      firstRunDone: true
    })
    expect(store.get('windowBounds')).toEqual({
      x: 1,
      y: 2,
      width: 900,
      height: 700,
      maximized: true
    })
    store.update({ windowBounds: undefined })
    expect(JSON.parse(readFileSync(file, 'utf8'))).not.toHaveProperty('windowBounds')
    expect(store.get('firstRunDone')).toBe(true)
  })

  it('returned objects are copies', () => {
    const store = new JsonFileSettingsStore({ filePath: file })
    store.getAll().clientIds.x = 'mutated'
    expect(store.get('clientIds')).toEqual({})
  })

  it('never writes over a settings file it cannot read; changes last for this run', () => {
    // A path it cannot read as a file (EISDIR here; EACCES or EIO on a user's machine).
    mkdirSync(file)
    writeFileSync(join(file, 'keep.txt'), 'user data')
    const store = new JsonFileSettingsStore({ filePath: file })
    expect(store.isReadOnly).toBe(true)
    expect(() => store.set('theme', 'dark')).not.toThrow()
    expect(store.get('theme')).toBe('dark')
    expect(readFileSync(join(file, 'keep.txt'), 'utf8')).toBe('user data')
    expect(readdirSync(dir)).toEqual(['config.json'])
  })
})
