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
      schemaVersion: 2,
      theme: 'dark',
      firstRunDone: false,
      clientIds: {},
      repairJobs: []
    })
    // electron-store's own bookkeeping survives.
    expect(written.__internal__).toEqual({ migrations: { version: '0.1.0' } })
  })

  it('never overwrites a file from a newer Printdock; changes stay in memory', () => {
    const future = JSON.stringify({ schemaVersion: 99, theme: 'dark', hologram: true })
    writeFileSync(file, future)
    const store = new JsonFileSettingsStore({ filePath: file })
    expect(store.isReadOnly).toBe(true)
    expect(store.problem).toEqual({ kind: 'newer', fileVersion: 99 })
    expect(store.getAll()).toEqual({ ...DEFAULT_SETTINGS })
    store.set('theme', 'light')
    expect(store.get('theme')).toBe('light')
    expect(readFileSync(file, 'utf8')).toBe(future)
  })

  it('reads what another process wrote without being told to reload', () => {
    const app = new JsonFileSettingsStore({ filePath: file })
    expect(app.get('theme')).toBe('system')
    new JsonFileSettingsStore({ filePath: file }).set('theme', 'dark')
    expect(app.get('theme')).toBe('dark')
    expect(app.getAll().theme).toBe('dark')
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
    expect(store.problem).toMatchObject({ kind: 'unreadable' })
    expect(() => store.set('theme', 'dark')).not.toThrow()
    expect(store.get('theme')).toBe('dark')
    expect(readFileSync(join(file, 'keep.txt'), 'utf8')).toBe('user data')
    expect(readdirSync(dir)).toEqual(['config.json'])
  })
})

describe('a damaged settings file', () => {
  // Not valid UTF-8 either: the copy must hold the bytes, not a decoded and re-encoded string.
  const damaged = Buffer.concat([
    Buffer.from('{"theme": "dark", "lastScreen": '),
    Buffer.from([0xff, 0xfe, 0x00, 0x0a])
  ])
  const copies = () => readdirSync(dir).filter((name) => name.startsWith('config.json.corrupt-'))

  it('is kept byte for byte as a copy at once; defaults are used and the problem is reported', () => {
    writeFileSync(file, damaged)
    const store = new JsonFileSettingsStore({ filePath: file, now: () => 1234 })
    expect(store.getAll()).toEqual({ ...DEFAULT_SETTINGS })
    expect(store.problem).toEqual({
      kind: 'damaged',
      detail: 'not valid JSON',
      keptAs: join(dir, 'config.json.corrupt-1234')
    })
    expect(readFileSync(join(dir, 'config.json.corrupt-1234')).equals(damaged)).toBe(true)
    // Nothing is written until a change: the damaged file itself is still there too.
    expect(readFileSync(file).equals(damaged)).toBe(true)
    expect(store.isReadOnly).toBe(false)
  })

  it('is replaced by the next change, and the copy stays', () => {
    writeFileSync(file, damaged)
    const store = new JsonFileSettingsStore({ filePath: file, now: () => 1234 })
    store.set('lastScreen', 'repair')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      ...DEFAULT_SETTINGS,
      lastScreen: 'repair'
    })
    expect(copies()).toEqual(['config.json.corrupt-1234'])
    expect(readFileSync(join(dir, 'config.json.corrupt-1234')).equals(damaged)).toBe(true)
  })

  it('is copied once, however many processes and restarts open it', () => {
    writeFileSync(file, damaged)
    let time = 1000
    const open = () => new JsonFileSettingsStore({ filePath: file, now: () => time++ })
    const app = open()
    const cli = open()
    open()
    expect(copies()).toEqual(['config.json.corrupt-1000'])
    expect(cli.problem).toEqual(app.problem)
  })

  it('that parses but is not a settings object is kept too, never silently replaced', () => {
    for (const content of ['[1, 2, 3]', '{"schemaVersion": "one", "theme": "dark"}']) {
      rmSync(dir, { recursive: true, force: true })
      mkdirSync(dir)
      writeFileSync(file, content)
      const store = new JsonFileSettingsStore({ filePath: file, now: () => 7 })
      expect(store.problem).toMatchObject({ kind: 'damaged', detail: 'not a settings object' })
      store.set('theme', 'light')
      expect(readFileSync(join(dir, 'config.json.corrupt-7'), 'utf8')).toBe(content)
    }
  })

  it('is left exactly as it is when no copy can be made; changes last for this run', () => {
    writeFileSync(file, damaged)
    // The copy's name is taken by a folder: keeping a copy fails.
    mkdirSync(join(dir, 'config.json.corrupt-5'))
    mkdirSync(join(dir, `config.json.corrupt-5-${process.pid}`))
    const store = new JsonFileSettingsStore({ filePath: file, now: () => 5 })
    expect(store.problem).toEqual({ kind: 'damaged-not-kept', detail: 'not valid JSON' })
    expect(store.isReadOnly).toBe(true)
    store.set('theme', 'dark')
    expect(store.get('theme')).toBe('dark')
    expect(readFileSync(file).equals(damaged)).toBe(true)
  })

  it('an empty file (a crashed non-atomic writer) holds nothing to keep: defaults, no problem', () => {
    writeFileSync(file, '')
    const store = new JsonFileSettingsStore({ filePath: file })
    expect(store.problem).toBeUndefined()
    expect(store.getAll()).toEqual({ ...DEFAULT_SETTINGS })
    expect(copies()).toEqual([])
  })
})
