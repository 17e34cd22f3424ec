import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { IpcRendererEvent } from 'electron'
import {
  API_EVENT_CHANNELS,
  API_INVOKE_CHANNELS,
  channelNames,
  kebabToCamel
} from '../../../../src/shared/ipc/api-shape'
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../../src/shared/ipc/contract'
import { createPreloadApi, type IpcRendererLike } from '../../../../src/preload/preload-api'

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

/** Every leaf of the exposed tree, with its path. */
function leaves(value: unknown, path = 'api'): [string, unknown][] {
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, `${path}.${key}`))
  }
  return [[path, value]]
}

describe('api shape', () => {
  it('lists exactly the contract channels', () => {
    expect([...API_INVOKE_CHANNELS].sort()).toEqual([...INVOKE_CHANNELS].sort())
    expect([...API_EVENT_CHANNELS].sort()).toEqual([...EVENT_CHANNELS].sort())
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
    const ipc = new FakeIpcRenderer()
    const api = createPreloadApi(ipc)
    const all = leaves(api)
    expect(all.length).toBe(API_INVOKE_CHANNELS.length + API_EVENT_CHANNELS.length)
    for (const [path, leaf] of all) expect(typeof leaf, path).toBe('function')
    expect(Object.values(api).some((domain) => Object.values(domain).includes(ipc))).toBe(false)
    expect(Object.isFrozen(api)).toBe(true)
    expect('invoke' in (api as object)).toBe(false)
  })

  it('invokes the channel with the arguments and returns the IpcResult', async () => {
    const ipc = new FakeIpcRenderer()
    const api = createPreloadApi(ipc)
    expect(await api.accounts.startLink({ profileKey: 'obico-cloud' })).toEqual({
      ok: true,
      value: 'pong'
    })
    expect(ipc.invoked).toEqual([
      { channel: 'accounts:start-link', args: [{ profileKey: 'obico-cloud' }] }
    ])
  })

  it('turns a rejected invoke into internal/unexpected', async () => {
    const ipc = new FakeIpcRenderer()
    ipc.reply = new Error("No handler registered for 'settings:get'")
    const result = await createPreloadApi(ipc).settings.get()
    expect(result).toMatchObject({ ok: false, error: { code: 'internal/unexpected' } })
  })

  it('drops the event object and unsubscribes', () => {
    const ipc = new FakeIpcRenderer()
    const api = createPreloadApi(ipc)
    const received: unknown[][] = []
    const off = api.accounts.onChanged((...args) => received.push(args))
    ipc.emit('accounts:changed', [])
    off()
    ipc.emit('accounts:changed', ['late'])
    expect(received).toEqual([[[]]])
    expect(ipc.listeners.get('accounts:changed')?.size).toBe(0)
  })

  it('refuses a non-function listener', () => {
    const api = createPreloadApi(new FakeIpcRenderer())
    expect(() => (api.app.onNotice as (x: unknown) => void)('nope')).toThrow(TypeError)
  })
})

describe('preload entry source', () => {
  it('exposes one key, api, built by createPreloadApi, and nothing of ipcRenderer directly', () => {
    const source = readFileSync(join(ROOT, 'src/preload/index.ts'), 'utf8')
    const exposures = [...source.matchAll(/exposeInMainWorld\(\s*'([^']+)'\s*,\s*([^)]*\))/g)]
    expect(exposures.map((m) => m[1])).toEqual(['api'])
    expect(exposures[0][2]).toBe('createPreloadApi(ipcRenderer)')
  })
})
