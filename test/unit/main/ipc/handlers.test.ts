import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import type { ObicoAiService } from '../../../../src/main/core/obico-ai/obico-ai-service'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS } from '../../../../src/shared/ipc/channels'
import type { AccountSummary } from '../../../../src/shared/models/account'
import { FileRefs } from '../../../../src/main/core/files/file-refs'
import { LeaseRegistry } from '../../../../src/main/core/leases'
import type { AppInfo } from '../../../../src/shared/models/app-info'
import type { UiSettings } from '../../../../src/shared/models/settings'
import { nullLogger } from '../../../../src/main/core/logger'
import { JsonFileSettingsStore } from '../../../../src/main/core/settings/json-file-settings-store'
import { appHandlers } from '../../../../src/main/ipc/app-handlers'
import { dispatchInvoke } from '../../../../src/main/ipc/dispatch'
import type { ProviderPageService } from '../../../../src/main/core/provider-pages'
import { createHandlerMap } from '../../../../src/main/ipc/handler-map'
import { ManualClock } from '../../../../src/main/core/clock'
import { PrinterPreferencesStore } from '../../../../src/main/core/printers/printer-preferences'
import { PrinterService } from '../../../../src/main/core/printers/printer-service'
import type { AccountService } from '../../../../src/main/core/accounts/account-service'
import type { MeshInspector } from '../../../../src/main/core/mesh/mesh-inspector'
import type { RepairService } from '../../../../src/main/core/repair/repair-service'

/** The repair domain is tested in repair-handlers.test.ts and test/e2e/repair.spec.ts. */
const UNUSED_REPAIRS = {
  meshInspector: {} as MeshInspector,
  repairs: {} as RepairService
}
import type { LibraryService } from '../../../../src/main/core/library'

const INFO: AppInfo = {
  name: 'Printdock',
  version: '1.2.3',
  platform: 'linux',
  secretStorage: { kind: 'memory', detail: 'Memory only' },
  harness: false
}

const CALLER = { callerId: 'webContents:1' }

/** The library is not what these tests are about (test/unit/main/ipc/library-handlers.test.ts). */
const unusedLibrary = {} as LibraryService

let dir: string
let settings: JsonFileSettingsStore
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'printdock-handlers-'))
  settings = new JsonFileSettingsStore({ filePath: join(dir, 'config.json') })
})
afterEach(async () => rm(dir, { recursive: true, force: true }))

describe('app handlers over the real settings file', () => {
  it('updates, persists, reports the change and returns UI settings only', async () => {
    const changes: UiSettings[] = []
    const handlers = appHandlers({
      appInfo: () => INFO,
      settings,
      onSettingsChanged: (s) => changes.push(s)
    })
    settings.set('windowBounds', { width: 900, height: 700, maximized: false })
    const next = await handlers['settings:update']({ theme: 'dark', lastScreen: 'files' }, CALLER)
    expect(next).toEqual({ theme: 'dark', lastScreen: 'files', firstRunDone: false })
    expect(changes).toEqual([next])
    const onDisk = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))
    expect(onDisk).toMatchObject({ theme: 'dark', lastScreen: 'files' })
    expect(await handlers['settings:get'](CALLER)).toEqual(next)
    expect(await handlers['app:get-info'](CALLER)).toEqual(INFO)
  })
})

describe('createHandlerMap', () => {
  it('has a handler for every contract channel, and account calls reach the service', async () => {
    const calls: string[] = []
    const service = new Proxy({} as AccountService, {
      get:
        (_target, name) =>
        (...args: unknown[]) => {
          calls.push(`${String(name)}(${JSON.stringify(args)})`)
          return name === 'listProviders' ? [] : Promise.resolve([])
        }
    })
    const leases = new LeaseRegistry()
    const map = createHandlerMap({
      appInfo: () => INFO,
      settings,
      accountService: service,
      demo: { start: async () => Promise.reject(new Error('unused')) },
      ...UNUSED_REPAIRS,
      ...UNUSED_REPAIRS,
      leases,
      files: new FileRefs(leases),
      ...printerDeps(settings),
      providerPages: {} as ProviderPageService,
      obicoAi: {} as ObicoAiService,
      library: unusedLibrary
    })
    expect(Object.keys(map).sort()).toEqual([...INVOKE_CHANNELS].sort())
    await dispatchInvoke(map, 'accounts:unlink', ['acc-1'], nullLogger, CALLER)
    await dispatchInvoke(map, 'accounts:list', [], nullLogger, CALLER)
    const operationId = '0b5c8f5e-4a0e-4f43-9d0c-6f1f3c2b9a11'
    await dispatchInvoke(
      map,
      'accounts:start-link',
      [operationId, { profileKey: 'obico-cloud' }],
      nullLogger,
      CALLER
    )
    expect(calls).toEqual([
      'unlink(["acc-1"])',
      'accountsSnapshot([])',
      `startLink([{"profileKey":"obico-cloud"},"${operationId}"])`
    ])
  })
})

const OTHER = { callerId: 'webContents:2' }

/** A handler map over a scripted account list with a real lease registry and file references. */
function leaseHandlerMap(options: { unreadable?: boolean } = {}) {
  let revision = 0
  const accounts: AccountSummary[] = []
  const service = {
    accountsSnapshot: async () => {
      if (options.unreadable) throw new Error('registry unreadable')
      return { revision: ++revision, value: accounts }
    },
    listProviders: () => []
  } as unknown as AccountService
  const leases = new LeaseRegistry()
  const map = createHandlerMap({
    appInfo: () => INFO,
    settings,
    accountService: service,
    demo: { start: async () => Promise.reject(new Error('unused')) },
    ...UNUSED_REPAIRS,
    leases,
    files: new FileRefs(leases),
    ...printerDeps(settings),
    providerPages: {} as ProviderPageService,
    obicoAi: {} as ObicoAiService,
    library: unusedLibrary
  })
  const call = <T>(channel: string, args: unknown[], caller = CALLER) =>
    dispatchInvoke(map, channel, args, nullLogger, caller) as Promise<
      { ok: true; value: T } | { ok: false; error: { code: string } }
    >
  return { leases, call }
}

describe('accounts:watch and leases:release', () => {
  it('grants the caller a lease with the current snapshot, and only that caller can release it', async () => {
    const { leases, call } = leaseHandlerMap()
    const watched = await call<{ leaseId: string; snapshot: { revision: number } }>(
      'accounts:watch',
      []
    )
    if (!watched.ok) throw new Error('watch failed')
    expect(watched.value.snapshot.revision).toBe(1)
    expect(leases.list('accounts')).toEqual([
      { leaseId: watched.value.leaseId, callerId: CALLER.callerId, kind: 'accounts' }
    ])
    expect(leases.holders('accounts')).toEqual([CALLER.callerId])

    expect(await call('leases:release', [watched.value.leaseId], OTHER)).toEqual({
      ok: true,
      value: false
    })
    expect(leases.list('accounts')).toHaveLength(1)
    expect(await call('leases:release', [watched.value.leaseId])).toEqual({ ok: true, value: true })
    expect(leases.list()).toEqual([])
    expect(await call('leases:release', [watched.value.leaseId])).toEqual({
      ok: true,
      value: false
    })
  })
})

describe('accounts:watch when the accounts cannot be read', () => {
  it('fails and leaves no lease behind', async () => {
    const { leases, call } = leaseHandlerMap({ unreadable: true })
    expect(await call('accounts:watch', [])).toMatchObject({
      ok: false,
      error: { code: 'internal/unexpected' }
    })
    expect(leases.list()).toEqual([])
  })
})

describe('files:register-path', () => {
  it('registers a file for its caller only and forgets it when the caller goes away', async () => {
    const { leases, call } = leaseHandlerMap()
    const file = join(dir, 'benchy.gcode')
    await writeFile(file, 'G28\nG1 X10\n')
    const registered = await call<{ fileRef: string; name: string; sizeBytes: number }>(
      'files:register-path',
      [file]
    )
    if (!registered.ok) throw new Error('register failed')
    expect(registered.value).toEqual({
      fileRef: expect.any(String),
      name: 'benchy.gcode',
      sizeBytes: 11
    })
    // The answer names no path.
    expect(JSON.stringify(registered)).not.toContain(dir)
    expect(leases.list('file')).toEqual([
      { leaseId: registered.value.fileRef, callerId: CALLER.callerId, kind: 'file' }
    ])
    leases.endCaller(CALLER.callerId)
    expect(leases.list('file')).toEqual([])
  })

  it.each([
    ['a directory', async () => dir, 'files/not-a-file'],
    ['a relative path', async () => 'benchy.gcode', 'files/not-a-file'],
    ['a missing file', async () => join(dir, 'gone.stl'), 'files/unreadable']
  ])('refuses %s with a clear code and no lease', async (_what, pathOf, code) => {
    const { leases, call } = leaseHandlerMap()
    await mkdir(join(dir, 'sub'), { recursive: true })
    const path = await pathOf()
    const result = await call('files:register-path', [path])
    expect(result).toMatchObject({ ok: false, error: { code } })
    expect(JSON.stringify(result)).not.toContain(dir)
    expect(leases.list()).toEqual([])
  })
})

/** A printer service over no accounts: these tests exercise the other domains. */
function printerDeps(settingsStore: JsonFileSettingsStore) {
  const accounts = {
    listAccounts: async () => [],
    onDidChangeAccounts: () => ({ dispose() {} }),
    authorizedRequest: async () => Promise.reject(new Error('unused'))
  }
  return {
    printers: new PrinterService({
      accounts,
      http: { request: async () => Promise.reject(new Error('unused')) },
      clock: new ManualClock()
    }),
    printerPreferences: new PrinterPreferencesStore(settingsStore)
  }
}
