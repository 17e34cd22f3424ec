import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../../src/main/core/settings/settings-migrations'
import {
  DEFAULT_SETTINGS,
  SETTINGS_SCHEMA_VERSION
} from '../../../../src/main/core/settings/settings-schema'

const sample = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'))

describe('migrate', () => {
  it('brings an unversioned (v0) file to the current version, keeping values and foreign keys', () => {
    const result = migrate(sample('settings-v0.json'))
    expect(result.status).toBe('migrated')
    expect(result.fromVersion).toBe(0)
    expect(result.settings).toEqual({
      schemaVersion: SETTINGS_SCHEMA_VERSION,
      theme: 'dark',
      lastScreen: 'files',
      firstRunDone: true,
      windowBounds: { x: 40, y: 60, width: 1280, height: 820, maximized: false },
      clientIds: {},
      repairJobs: []
    })
    expect(result.extras).toEqual({ __internal__: { migrations: { version: '0.1.0' } } })
  })

  it('brings a v1 file to v2: no repair jobs yet, everything else kept', () => {
    const result = migrate(sample('settings-v1.json'))
    expect(result.status).toBe('migrated')
    expect(result.fromVersion).toBe(1)
    expect(result.settings).toEqual({
      schemaVersion: 2,
      theme: 'light',
      lastScreen: 'accounts',
      firstRunDone: true,
      clientIds: { 'obico-self-hosted': 'printdock-desktop', generic: 'my-client' },
      repairJobs: []
    })
  })

  it('reads a v2 file as current and keeps only well-formed repair jobs', () => {
    const job = {
      operationId: '6f1c1f7e-8d7e-4a57-9c55-0d7c1d0f8f11',
      accountId: 'makeprintable:https://api.makeprintable.com:user-8',
      fixId: 302,
      sourcePath: '/home/maker/models/bracket.stl',
      fileName: 'bracket.stl',
      outputPath: null,
      overwrite: false,
      startedAt: 1_780_000_000_000
    }
    const result = migrate({
      schemaVersion: 2,
      theme: 'light',
      lastScreen: 'repair',
      firstRunDone: true,
      clientIds: {},
      repairJobs: [job, { operationId: 'half a job' }]
    })
    expect(result.status).toBe('current')
    expect(result.settings.repairJobs).toEqual([job])
  })

  it('resets only the fields that are invalid', () => {
    const result = migrate({
      schemaVersion: 2,
      theme: 'purple',
      lastScreen: 'accounts',
      firstRunDone: 'yes',
      windowBounds: { width: 'wide' },
      clientIds: { 'obico-cloud': 'ok-id', 'Bad Key': 'x', makeprintable: 42 }
    })
    expect(result.settings).toEqual({
      schemaVersion: 2,
      theme: DEFAULT_SETTINGS.theme,
      lastScreen: 'accounts',
      firstRunDone: DEFAULT_SETTINGS.firstRunDone,
      clientIds: { 'obico-cloud': 'ok-id' },
      repairJobs: []
    })
  })

  it('a file from a newer Printdock yields defaults and says so', () => {
    const result = migrate({
      schemaVersion: SETTINGS_SCHEMA_VERSION + 1,
      theme: 'dark',
      newThing: true
    })
    expect(result.status).toBe('future')
    expect(result.fromVersion).toBe(SETTINGS_SCHEMA_VERSION + 1)
    expect(result.settings).toEqual({ ...DEFAULT_SETTINGS })
  })

  it.each([[[1, 2]], ['text'], [{ schemaVersion: 'one' }], [{ schemaVersion: -1 }]])(
    'treats %j as invalid → defaults',
    (raw) => {
      const result = migrate(raw)
      expect(result.status).toBe('invalid')
      expect(result.settings).toEqual({ ...DEFAULT_SETTINGS })
    }
  )

  it('no file → defaults, current', () => {
    expect(migrate(undefined)).toMatchObject({
      status: 'current',
      settings: { ...DEFAULT_SETTINGS }
    })
  })
})
