import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS } from '../../../../src/shared/ipc/contract'
import type { AppInfo } from '../../../../src/shared/models/app-info'
import type { UiSettings } from '../../../../src/shared/models/settings'
import { nullLogger } from '../../../../src/main/core/logger'
import { JsonFileSettingsStore } from '../../../../src/main/core/settings/json-file-settings-store'
import { appHandlers } from '../../../../src/main/ipc/app-handlers'
import { dispatchInvoke } from '../../../../src/main/ipc/dispatch'
import { createHandlerMap } from '../../../../src/main/ipc/handler-map'
import type { AccountService } from '../../../../src/main/core/accounts/account-service'

const INFO: AppInfo = {
  name: 'Printdock',
  version: '1.2.3',
  platform: 'linux',
  secretStorage: { kind: 'memory', detail: 'Memory only' },
  harness: false
}

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
    const next = await handlers['settings:update']({ theme: 'dark', lastScreen: 'files' })
    expect(next).toEqual({ theme: 'dark', lastScreen: 'files', firstRunDone: false })
    expect(changes).toEqual([next])
    const onDisk = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))
    expect(onDisk).toMatchObject({ theme: 'dark', lastScreen: 'files' })
    expect(await handlers['settings:get']()).toEqual(next)
    expect(await handlers['app:get-info']()).toEqual(INFO)
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
    const map = createHandlerMap({
      appInfo: () => INFO,
      settings,
      accountService: service,
      demo: { start: async () => Promise.reject(new Error('unused')) }
    })
    expect(Object.keys(map).sort()).toEqual([...INVOKE_CHANNELS].sort())
    await dispatchInvoke(map, 'accounts:unlink', ['acc-1'], nullLogger)
    await dispatchInvoke(map, 'accounts:list', [], nullLogger)
    expect(calls).toEqual(['unlink(["acc-1"])', 'listAccounts([])'])
  })
})
