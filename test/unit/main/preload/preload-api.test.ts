import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { IpcRendererEvent } from 'electron'
import { channelNames, kebabToCamel } from '../../../../src/shared/ipc/api-shape'
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  PAGE_INVOKE_CHANNELS,
  PRELOAD_ONLY_CHANNELS
} from '../../../../src/shared/ipc/channels'
import { argumentSchemas } from '../../../../src/shared/ipc/contract'
import {
  createPreloadApi,
  type IpcRendererLike,
  type WebUtilsLike
} from '../../../../src/preload/preload-api'

const ROOT = join(__dirname, '..', '..', '..', '..')
type Listener = (event: IpcRendererEvent, ...args: unknown[]) => void

class FakeIpcRenderer implements IpcRendererLike {
  invoked: { channel: string; args: unknown[] }[] = []
  listeners = new Map<string, Set<Listener>>()
  reply: unknown = { ok: true, value: 'pong' }
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args })
    if (this.reply instanceof Error) throw this.reply
    return this.reply
  }
  on(channel: string, listener: Listener): this {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set())
    this.listeners.get(channel)!.add(listener)
    return this
  }
  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener)
    return this
  }
  emit(channel: string, ...args: unknown[]): void {
    const event = { sender: this } as unknown as IpcRendererEvent
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args)
  }
}

/** `webUtils` for files the test "dropped": a path for those it knows, '' for any other File. */
class FakeWebUtils implements WebUtilsLike {
  readonly paths = new Map<File, string>()
  drop(name: string, path: string): File {
    const file = new File(['G28\n'], name)
    this.paths.set(file, path)
    return file
  }
  getPathForFile(file: File): string {
    if (!(file instanceof File)) throw new TypeError('Error processing argument at index 0')
    return this.paths.get(file) ?? ''
  }
}

function preloadApi(ipc = new FakeIpcRenderer(), webUtils = new FakeWebUtils()) {
  return { ipc, webUtils, api: createPreloadApi(ipc, webUtils) }
}

/** Every leaf of the exposed tree, with its path. */
function leaves(value: unknown, path = 'api'): [string, unknown][] {
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, `${path}.${key}`))
  }
  return [[path, value]]
}

describe('api shape', () => {
  it('validates exactly the channels of the one list', () => {
    expect(Object.keys(argumentSchemas).sort()).toEqual([...INVOKE_CHANNELS].sort())
  })

  it('forwards every channel but the preload-only ones', () => {
    expect([...PAGE_INVOKE_CHANNELS, ...PRELOAD_ONLY_CHANNELS].sort()).toEqual(
      [...INVOKE_CHANNELS].sort()
    )
    expect(PAGE_INVOKE_CHANNELS).not.toContain('files:register-path')
  })

  it.each([
    ['accounts:start-link', 'invoke', ['accounts', 'startLink']],
    ['accounts:sign-in-with-password', 'invoke', ['accounts', 'signInWithPassword']],
    ['app:get-info', 'invoke', ['app', 'getInfo']],
    ['accounts:link-finished', 'event', ['accounts', 'onLinkFinished']],
    ['app:notice', 'event', ['app', 'onNotice']]
  ] as const)('%s (%s) → %j', (channel, kind, expected) => {
    expect(channelNames(channel, kind)).toEqual(expected)
  })

  it('camel-cases like the type does', () => {
    expect(kebabToCamel('list-providers')).toBe('listProviders')
  })
})

describe('createPreloadApi', () => {
  it('exposes only functions, and never the ipcRenderer object', () => {
    const { ipc, api } = preloadApi()
    const all = leaves(api)
    // One verb per page channel and event, plus the preload-local files.registerDroppedFile.
    expect(all.length).toBe(PAGE_INVOKE_CHANNELS.length + EVENT_CHANNELS.length + 1)
    for (const [path, leaf] of all) expect(typeof leaf, path).toBe('function')
    expect(Object.values(api).some((domain) => Object.values(domain).includes(ipc))).toBe(false)
    expect(Object.isFrozen(api)).toBe(true)
    expect('invoke' in (api as object)).toBe(false)
  })

  it('invokes the channel with the arguments and returns the IpcResult', async () => {
    const { ipc, api } = preloadApi()
    const operationId = '0b5c8f5e-4a0e-4f43-9d0c-6f1f3c2b9a11'
    expect(await api.accounts.startLink(operationId, { profileKey: 'obico-cloud' })).toEqual({
      ok: true,
      value: 'pong'
    })
    expect(ipc.invoked).toEqual([
      { channel: 'accounts:start-link', args: [operationId, { profileKey: 'obico-cloud' }] }
    ])
  })

  it('turns a rejected invoke into internal/unexpected', async () => {
    const ipc = new FakeIpcRenderer()
    ipc.reply = new Error("No handler registered for 'settings:get'")
    const result = await createPreloadApi(ipc, new FakeWebUtils()).settings.get()
    expect(result).toMatchObject({ ok: false, error: { code: 'internal/unexpected' } })
  })

  it('drops the event object and unsubscribes', () => {
    const { ipc, api } = preloadApi()
    const received: unknown[][] = []
    const off = api.accounts.onChanged((...args) => received.push(args))
    ipc.emit('accounts:changed', [])
    off()
    ipc.emit('accounts:changed', ['late'])
    expect(received).toEqual([[[]]])
    expect(ipc.listeners.get('accounts:changed')?.size).toBe(0)
  })

  it('refuses a non-function listener', () => {
    const { api } = preloadApi()
    expect(() => (api.app.onNotice as (x: unknown) => void)('nope')).toThrow(TypeError)
  })
})

describe('files.registerDroppedFile (preload-local verb)', () => {
  it('sends main the path Electron gives for the dropped file', async () => {
    const { ipc, webUtils, api } = preloadApi()
    ipc.reply = { ok: true, value: { fileRef: 'r1', name: 'benchy.gcode', sizeBytes: 4 } }
    const file = webUtils.drop('benchy.gcode', '/home/maker/benchy.gcode')
    expect(await api.files.registerDroppedFile(file)).toEqual(ipc.reply)
    expect(ipc.invoked).toEqual([
      { channel: 'files:register-path', args: ['/home/maker/benchy.gcode'] }
    ])
  })

  it.each([
    ['a File with no path (made by the page)', () => new File(['x'], '/etc/passwd')],
    ['a string path', () => '/etc/passwd'],
    ['an object dressed as a file', () => ({ name: 'x', path: '/etc/passwd' })]
  ])('refuses %s without calling main', async (_what, make) => {
    const { ipc, api } = preloadApi()
    const result = await api.files.registerDroppedFile(make() as File)
    expect(result).toMatchObject({ ok: false, error: { code: 'files/not-a-file' } })
    expect(ipc.invoked).toEqual([])
  })

  it('gives the page no way to send main a path of its choosing', async () => {
    const { ipc, api } = preloadApi()
    const chosen = '/etc/shadow'
    // Every function the page can reach, called with the chosen path in every position it takes.
    for (const [, leaf] of leaves(api)) {
      const fn = leaf as (...args: unknown[]) => unknown
      try {
        await fn(chosen, chosen, chosen)
      } catch {
        // Subscriptions refuse a non-function listener; that is fine.
      }
    }
    const reached = ipc.invoked.filter((call) => call.channel === 'files:register-path')
    expect(reached).toEqual([])
    expect(Object.keys(api.files)).toEqual(['registerDroppedFile'])
  })
})

describe('preload entry source', () => {
  it('exposes one key, api, built by createPreloadApi, and nothing of ipcRenderer directly', () => {
    const source = readFileSync(join(ROOT, 'src/preload/index.ts'), 'utf8')
    const exposures = [...source.matchAll(/exposeInMainWorld\(\s*'([^']+)'\s*,\s*([^)]*\))/g)]
    expect(exposures.map((m) => m[1])).toEqual(['api'])
    expect(exposures[0][2]).toBe('createPreloadApi(ipcRenderer, webUtils)')
  })
})
