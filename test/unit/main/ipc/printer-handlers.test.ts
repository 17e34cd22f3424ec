import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nullLogger } from '../../../../src/main/core/logger'
import { LeaseRegistry } from '../../../../src/main/core/leases'
import { PrinterPreferencesStore } from '../../../../src/main/core/printers/printer-preferences'
import type { PrinterService } from '../../../../src/main/core/printers/printer-service'
import { JsonFileSettingsStore } from '../../../../src/main/core/settings/json-file-settings-store'
import { dispatchInvoke } from '../../../../src/main/ipc/dispatch'
import type { HandlerMap } from '../../../../src/main/ipc/handler-types'
import { PRINTERS_WATCH, printerHandlers } from '../../../../src/main/ipc/printer-handlers'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const CALLER = { callerId: 'webContents:3' }
const OPERATION = '0b5c8f5e-4a0e-4f43-9d0c-6f1f3c2b9a11'

describe('printer handlers', () => {
  let calls: string[]
  let leases: LeaseRegistry
  let handlers: HandlerMap
  let preferences: PrinterPreferencesStore

  beforeEach(() => {
    calls = []
    leases = new LeaseRegistry()
    const service = new Proxy({} as PrinterService, {
      get:
        (_target, name) =>
        (...args: unknown[]) => {
          calls.push(`${String(name)}(${JSON.stringify(args)})`)
          return name === 'snapshot'
            ? { revision: 1, value: { accounts: [], printers: [], openAlerts: 0 } }
            : []
        }
    })
    const settings = new JsonFileSettingsStore({
      filePath: join(mkdtempSync(join(tmpdir(), 'printdock-prefs-')), 'config.json')
    })
    preferences = new PrinterPreferencesStore(settings)
    handlers = {
      ...printerHandlers({ printers: service, printerPreferences: preferences, leases })
    } as HandlerMap
  })
  afterEach(() => leases.dispose())

  const invoke = (channel: string, args: unknown[]) =>
    dispatchInvoke(handlers, channel, args, nullLogger, CALLER)

  it('printers:watch takes a lease for the calling window and answers the snapshot', async () => {
    const result = await invoke('printers:watch', [])
    expect(result).toMatchObject({ ok: true, value: { snapshot: { revision: 1 } } })
    expect(leases.holders(PRINTERS_WATCH)).toEqual([CALLER.callerId])
  })

  it('commands pass the operation id, printer ids and verb to the service', async () => {
    await invoke('printers:command', [
      OPERATION,
      { printerIds: ['acc#1', 'acc#2'], command: 'pause' }
    ])
    expect(calls).toEqual([`command(["${OPERATION}",["acc#1","acc#2"],"pause"])`])
  })

  it.each([
    [
      'an unknown command',
      'printers:command',
      [OPERATION, { printerIds: ['a#1'], command: 'explode' }]
    ],
    ['no printers', 'printers:command', [OPERATION, { printerIds: [], command: 'pause' }]],
    [
      'a non-uuid operation id',
      'printers:command',
      ['op-1', { printerIds: ['a#1'], command: 'pause' }]
    ],
    [
      'an unknown settings key (it would crash Obico)',
      'printers:update-settings',
      ['a#1', { auth_token: 'x' }]
    ],
    [
      'a sensitivity out of range',
      'printers:update-settings',
      ['a#1', { detectiveSensitivity: 3 }]
    ],
    ['a verdict Obico does not know', 'printers:acknowledge-alert', ['a#1', 'maybe']],
    [
      'a date that is not YYYY-MM-DD',
      'prints:stats',
      [
        {
          accountId: 'a',
          fromDate: '2026-1-1T00:00',
          toDate: '2026-12-31',
          timeZone: 'UTC',
          groupBy: 'day'
        }
      ]
    ],
    [
      'a stats grouping Obico crashes on',
      'prints:stats',
      [
        {
          accountId: 'a',
          fromDate: '2026-01-01',
          toDate: '2026-12-31',
          timeZone: 'UTC',
          groupBy: 'auto'
        }
      ]
    ],
    [
      'a zone with a space',
      'prints:stats',
      [
        {
          accountId: 'a',
          fromDate: '2026-01-01',
          toDate: '2026-12-31',
          timeZone: 'Etc/GMT 5',
          groupBy: 'day'
        }
      ]
    ],
    ['a page of 10,000', 'prints:list', [{ accountId: 'a', start: 0, limit: 10_000 }]],
    ['no print ids to delete', 'prints:delete', ['a', []]]
  ])('refuses %s before the service sees it', async (_label, channel, args) => {
    const result = await invoke(channel, args)
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc/invalid-arguments' } })
    expect(calls).toEqual([])
  })

  it('preferences: defaults, then merged updates kept in the settings file', async () => {
    const first = await invoke('printers:get-preferences', [])
    expect(first).toMatchObject({ ok: true, value: { layout: 'cards', notify: { alert: true } } })
    await invoke('printers:update-preferences', [
      { order: ['a#2', 'a#1', 'a#2'], notify: { finished: false } }
    ])
    expect(preferences.get()).toMatchObject({
      order: ['a#2', 'a#1'],
      notify: { finished: false, alert: true, failed: true }
    })
  })
})
