/**
 * The Electron wiring itself, against a fake `electron` module: the window's preferences, the
 * navigation guard, the session protections, the bundle protocol, the external opener and the IPC
 * sender check. Each test here fails when the protection it names is loosened in main-window.ts,
 * navigation-guard.ts, app-protocol.ts, open-external.ts, system-browser.ts or typed-ipc.ts.
 */
import { EventEmitter } from 'node:events'
import { Readable } from 'node:stream'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS } from '../../../../src/shared/ipc/channels'
import {
  authorizationPageOrigin,
  SystemBrowserLauncher
} from '../../../../src/main/adapters/system-browser'
import {
  registerAppSchemePrivileges,
  serveRendererBundle
} from '../../../../src/main/app/app-protocol'
import { APP_CSP } from '../../../../src/main/app/content-security-policy'
import type { MediaAnswer, MediaRequest } from '../../../../src/main/core/media/media-store'
import {
  createMainWindow,
  hardenDefaultSession,
  onFirstLoadSettled
} from '../../../../src/main/app/main-window'
import { openExternal } from '../../../../src/main/app/open-external'
import { APP_BUNDLE_ORIGIN } from '../../../../src/main/app/url-policy'
import { hardenedWebPreferences } from '../../../../src/main/app/web-preferences'
import { WindowStateStore } from '../../../../src/main/app/window-state'
import { AppError } from '../../../../src/main/core/errors'
import type { Logger } from '../../../../src/main/core/logger'
import type { AppSettings } from '../../../../src/main/core/settings/settings-schema'
import type { SettingsStore } from '../../../../src/main/core/settings/settings-store'
import { LeaseRegistry } from '../../../../src/main/core/leases'
import type { CallContext, HandlerMap } from '../../../../src/main/ipc/handler-types'
import {
  callerIdOf,
  createWindowEventSink,
  registerHandlers
} from '../../../../src/main/app/typed-ipc'

type Listener = (...args: unknown[]) => void
type WindowOpenHandler = (details: { url: string }) => { action: string }
type HeadersHook = (
  details: { resourceType: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void
) => void

interface FakeContents {
  emit(event: string, ...args: unknown[]): boolean
  listenerCount(event: string): number
  openHandler?: WindowOpenHandler
  on(event: string, listener: Listener): unknown
  removeListener(event: string, listener: Listener): unknown
}

interface FakeWindow {
  options: Record<string, unknown> & { webPreferences: Record<string, unknown> }
  webContents: FakeContents
  loadURL: ReturnType<typeof vi.fn>
  emit(event: string, ...args: unknown[]): boolean
}

/** Everything the fake `electron` module records, shared with the hoisted mock factory. */
const fake = vi.hoisted(() => ({
  windows: [] as unknown[],
  ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  removedIpc: [] as string[],
  /** What `webContents.fromId` finds. */
  contentsById: new Map<number, unknown>(),
  protocolHandlers: new Map<
    string,
    (request: { url: string; method?: string; headers?: Headers }) => Promise<Response>
  >(),
  privileged: [] as unknown[],
  headersHook: undefined as unknown,
  permissionRequest: undefined as
    | undefined
    | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
  permissionCheck: undefined as undefined | ((...args: unknown[]) => boolean),
  openExternal: vi.fn(async (_url: string, _options?: unknown) => {}),
  netFetch: vi.fn(
    async (_url: string) =>
      new Response('<!doctype html>', {
        headers: { 'content-type': 'text/html', 'content-security-policy': 'default-src *' }
      })
  )
}))

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  class WebContents extends EventEmitter {
    openHandler: unknown
    setWindowOpenHandler(handler: unknown) {
      this.openHandler = handler
    }
    isDestroyed() {
      return false
    }
    send() {}
  }
  class BrowserWindow extends EventEmitter {
    webContents = new WebContents()
    loadURL = vi.fn(async () => {})
    constructor(readonly options: unknown) {
      super()
      fake.windows.push(this)
    }
    isDestroyed() {
      return false
    }
    isMinimized() {
      return false
    }
    isMaximized() {
      return false
    }
    isFullScreen() {
      return false
    }
    getBounds() {
      return { x: 0, y: 0, width: 1200, height: 800 }
    }
    getNormalBounds() {
      return this.getBounds()
    }
    maximize() {}
    show() {}
    static getAllWindows() {
      return fake.windows
    }
  }
  return {
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: never) => fake.ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => fake.removedIpc.push(channel)
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privileged.push(...schemes),
      handle: (scheme: string, handler: never) => fake.protocolHandlers.set(scheme, handler)
    },
    net: { fetch: fake.netFetch },
    webContents: { fromId: (id: number) => fake.contentsById.get(id) },
    session: {
      defaultSession: {
        webRequest: {
          onHeadersReceived: (hook: unknown) => {
            fake.headersHook = hook
          }
        },
        setPermissionRequestHandler: (handler: never) => {
          fake.permissionRequest = handler
        },
        setPermissionCheckHandler: (handler: never) => {
          fake.permissionCheck = handler
        }
      }
    },
    shell: { openExternal: fake.openExternal },
    nativeTheme: { shouldUseDarkColors: false, themeSource: 'system' },
    screen: {
      getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]
    },
    app: new EventEmitter()
  }
})

const logger: Logger = { debug() {}, info() {}, warn() {}, error() {} }

class MapSettings implements SettingsStore<AppSettings> {
  values = new Map<keyof AppSettings, unknown>()
  get<K extends keyof AppSettings>(key: K): AppSettings[K] {
    return this.values.get(key) as AppSettings[K]
  }
  set<K extends keyof AppSettings>(key: K, value: AppSettings[K]): void {
    this.values.set(key, value)
  }
  getAll(): AppSettings {
    return Object.fromEntries(this.values) as unknown as AppSettings
  }
}

const KNOWN = 'https://app.obico.io'
const PRELOAD = '/app/out/preload/index.js'

function openWindow(settings = new MapSettings()): FakeWindow {
  createMainWindow({
    preloadPath: PRELOAD,
    startUrl: `${APP_BUNDLE_ORIGIN}/index.html`,
    appOrigin: APP_BUNDLE_ORIGIN,
    allowedOrigins: () => [KNOWN],
    windowState: new WindowStateStore(settings),
    logger
  })
  return fake.windows.at(-1) as FakeWindow
}

function navigationEvent() {
  return { preventDefault: vi.fn() }
}

beforeEach(() => {
  fake.windows.length = 0
  fake.ipcHandlers.clear()
  fake.removedIpc.length = 0
  fake.contentsById.clear()
  fake.protocolHandlers.clear()
  fake.privileged.length = 0
  fake.headersHook = undefined
  fake.permissionRequest = undefined
  fake.permissionCheck = undefined
  fake.openExternal.mockClear()
  fake.netFetch.mockClear()
})

describe('main window', () => {
  it('is created with exactly the hardened web preferences', () => {
    const window = openWindow()
    expect(window.options.webPreferences).toEqual(hardenedWebPreferences(PRELOAD))
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false
    })
    expect(window.options.show).toBe(false)
    expect(window.loadURL).toHaveBeenCalledWith(`${APP_BUNDLE_ORIGIN}/index.html`)
  })

  it('reopens at the saved position when it is still on a display', () => {
    const settings = new MapSettings()
    settings.set('windowBounds', { x: 40, y: 50, width: 1000, height: 700, maximized: false })
    expect(openWindow(settings).options).toMatchObject({ x: 40, y: 50, width: 1000, height: 700 })
  })

  it('window.open is denied; a known http(s) origin goes to the browser instead', () => {
    const contents = openWindow().webContents
    expect(contents.openHandler).toBeTypeOf('function')
    const open = contents.openHandler!
    for (const url of [
      'https://evil.example/phish',
      'file:///etc/passwd',
      'javascript:alert(1)',
      `${APP_BUNDLE_ORIGIN}/index.html`,
      'https://user:pw@app.obico.io/'
    ]) {
      expect(open({ url }), url).toEqual({ action: 'deny' })
    }
    expect(fake.openExternal).not.toHaveBeenCalled()

    expect(open({ url: `${KNOWN}/printers` })).toEqual({ action: 'deny' })
    expect(fake.openExternal).toHaveBeenCalledTimes(1)
    expect(fake.openExternal).toHaveBeenCalledWith(`${KNOWN}/printers`, { activate: true })
  })

  it.each(['will-navigate', 'will-redirect'])(
    '%s to another origin is prevented, same-origin is allowed',
    (eventName) => {
      const contents = openWindow().webContents
      for (const url of [
        'https://evil.example/',
        `${KNOWN}/`,
        'file:///etc/passwd',
        'printdock-app://other/index.html'
      ]) {
        const event = navigationEvent()
        contents.emit(eventName, event, url)
        expect(event.preventDefault, url).toHaveBeenCalled()
      }
      for (const url of [`${APP_BUNDLE_ORIGIN}/index.html`, `${APP_BUNDLE_ORIGIN}/index.html#/x`]) {
        const event = navigationEvent()
        contents.emit(eventName, event, url)
        expect(event.preventDefault, url).not.toHaveBeenCalled()
      }
    }
  )

  it('will-attach-webview is prevented', () => {
    const contents = openWindow().webContents
    const event = navigationEvent()
    contents.emit('will-attach-webview', event, {}, {})
    expect(event.preventDefault).toHaveBeenCalled()
  })
})

describe('default session', () => {
  it('replaces any CSP on document responses with the app policy', () => {
    hardenDefaultSession({ csp: APP_CSP })
    const hook = fake.headersHook as HeadersHook
    expect(hook).toBeTypeOf('function')
    for (const resourceType of ['mainFrame', 'subFrame']) {
      const callback = vi.fn()
      hook(
        {
          resourceType,
          responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] }
        },
        callback
      )
      expect(callback).toHaveBeenCalledWith({
        responseHeaders: { 'Content-Security-Policy': [APP_CSP], 'X-Other': ['1'] }
      })
    }
  })

  it('denies every permission request and check', () => {
    hardenDefaultSession({ csp: APP_CSP })
    expect(fake.permissionRequest).toBeTypeOf('function')
    expect(fake.permissionCheck).toBeTypeOf('function')
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'fullscreen'
    ]) {
      const callback = vi.fn()
      fake.permissionRequest!({}, permission, callback)
      expect(callback, permission).toHaveBeenCalledWith(false)
      expect(fake.permissionCheck!({}, permission, APP_BUNDLE_ORIGIN, {}), permission).toBe(false)
    }
  })
})

describe('bundle protocol', () => {
  it('registers the scheme as standard and secure', () => {
    registerAppSchemePrivileges()
    expect(fake.privileged).toEqual([
      {
        scheme: 'printdock-app',
        // stream: a <video> on the scheme reads as bytes arrive and seeks with Range requests.
        privileges: expect.objectContaining({ standard: true, secure: true, stream: true })
      }
    ])
  })

  it('answers media paths from the media responder, with its status, headers and bytes', async () => {
    const respond = vi.fn((request: MediaRequest): MediaAnswer => ({
      status: 206,
      headers: { 'Content-Type': 'video/mp4', 'Content-Range': 'bytes 2-4/10' },
      body: () => Readable.from([Buffer.from(`${request.method} ${request.range}`)])
    }))
    serveRendererBundle('/app/out/renderer', { respond })
    const handler = fake.protocolHandlers.get('printdock-app')!
    const response = await handler({
      url: `${APP_BUNDLE_ORIGIN}/__media/video/abc?x=1`,
      method: 'GET',
      headers: new Headers({ Range: 'bytes=2-4' })
    })
    expect(respond).toHaveBeenCalledWith({
      method: 'GET',
      path: '/__media/video/abc',
      range: 'bytes=2-4'
    })
    expect(response.status).toBe(206)
    expect(response.headers.get('content-range')).toBe('bytes 2-4/10')
    expect(await response.text()).toBe('GET bytes=2-4')
    expect(fake.netFetch).not.toHaveBeenCalled()
  })

  it('answers media paths 404 without a responder, and never from another host', async () => {
    serveRendererBundle('/app/out/renderer')
    const handler = fake.protocolHandlers.get('printdock-app')!
    const request = (url: string) => ({ url, method: 'GET', headers: new Headers() })
    expect((await handler(request(`${APP_BUNDLE_ORIGIN}/__media/video/abc`))).status).toBe(404)
    const respond = vi.fn((): MediaAnswer => ({
      status: 200,
      headers: {},
      body: () => Readable.from([])
    }))
    serveRendererBundle('/app/out/renderer', { respond })
    const other = fake.protocolHandlers.get('printdock-app')!
    expect((await other(request('printdock-app://other/__media/video/abc'))).status).toBe(404)
    expect(respond).not.toHaveBeenCalled()
    expect(fake.netFetch).not.toHaveBeenCalled()
  })

  it('serves bundle files with the app CSP and nosniff, overriding the file response', async () => {
    serveRendererBundle('/app/out/renderer')
    const handler = fake.protocolHandlers.get('printdock-app')!
    const response = await handler({ url: `${APP_BUNDLE_ORIGIN}/index.html` })
    expect(fake.netFetch).toHaveBeenCalledWith('file:///app/out/renderer/index.html')
    expect(response.headers.get('content-security-policy')).toBe(APP_CSP)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('answers 404 outside the bundle without reading anything', async () => {
    serveRendererBundle('/app/out/renderer')
    const handler = fake.protocolHandlers.get('printdock-app')!
    for (const url of [
      `${APP_BUNDLE_ORIGIN}/..%2fmain%2findex.js`,
      `${APP_BUNDLE_ORIGIN}/%2e%2e%5cmain%5cindex.js`,
      'printdock-app://other/index.html'
    ]) {
      expect((await handler({ url })).status, url).toBe(404)
    }
    expect(fake.netFetch).not.toHaveBeenCalled()
  })
})

describe('openExternal and the system browser', () => {
  it('refuses non-http(s), userinfo and unknown origins before the OS sees them', async () => {
    for (const url of ['file:///etc/passwd', 'smb://host/share', 'https://u:p@app.obico.io/']) {
      expect(await openExternal(url, [KNOWN]), url).toBe(false)
    }
    expect(await openExternal('https://evil.example/', [KNOWN])).toBe(false)
    expect(fake.openExternal).not.toHaveBeenCalled()
    expect(await openExternal(`${KNOWN}/x`, [KNOWN])).toBe(true)
    expect(fake.openExternal).toHaveBeenCalledWith(`${KNOWN}/x`, { activate: true })
  })

  it('authorizationPageOrigin accepts only http(s) without userinfo', () => {
    expect(authorizationPageOrigin('https://Auth.Example.net:443/authorize?x=1')).toBe(
      'https://auth.example.net'
    )
    expect(authorizationPageOrigin('http://10.0.0.5:8080/o/authorize')).toBe('http://10.0.0.5:8080')
    for (const url of [
      'file:///etc/passwd',
      'ftp://auth.example.net/',
      'printdock://oauth/callback',
      'https://user:pass@auth.example.net/',
      'https://user@auth.example.net/',
      'https://:pass@auth.example.net/',
      'relative/path',
      'x'.repeat(9000)
    ]) {
      expect(authorizationPageOrigin(url), url.slice(0, 40)).toBeUndefined()
    }
  })

  it('opens any http(s) authorize URL the account service built', async () => {
    const browser = new SystemBrowserLauncher()
    await browser.open('https://auth.example.net/oauth/authorize?client_id=a&state=s')
    await browser.open('http://192.168.1.20:3334/o/authorize/?client_id=a')
    expect(fake.openExternal).toHaveBeenCalledTimes(2)
  })

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'printdock://oauth/callback',
    'data:text/html,hi',
    'https://user:pass@auth.example.net/authorize',
    'https://user@auth.example.net/authorize',
    'not a url',
    ''
  ])('refuses %s', async (url) => {
    const browser = new SystemBrowserLauncher()
    const error = await browser.open(url).then(
      () => undefined,
      (thrown: unknown) => thrown
    )
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('auth/unsupported')
    expect(fake.openExternal).not.toHaveBeenCalled()
  })
})

describe('IPC sender check', () => {
  function setUp() {
    const calls: string[] = []
    const handlers = Object.fromEntries(
      INVOKE_CHANNELS.map((channel) => [
        channel,
        () => {
          calls.push(channel)
          return 'answered'
        }
      ])
    ) as unknown as HandlerMap
    const main = Object.assign(new EventEmitter(), { id: 1 })
    const disposable = registerHandlers(handlers, {
      logger,
      appOrigin: APP_BUNDLE_ORIGIN,
      mainWebContents: () => main as never,
      leases: new LeaseRegistry()
    })
    return { calls, main, disposable }
  }

  it('registers every invoke channel and removes them on dispose', () => {
    const { disposable } = setUp()
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort())
    disposable.dispose()
    expect([...fake.removedIpc].sort()).toEqual([...INVOKE_CHANNELS].sort())
  })

  it('answers the main window on the app origin', async () => {
    const { calls, main } = setUp()
    const result = await fake.ipcHandlers.get('app:get-info')!({
      sender: main,
      senderFrame: { url: `${APP_BUNDLE_ORIGIN}/index.html` }
    })
    expect(result).toEqual({ ok: true, value: 'answered' })
    expect(calls).toEqual(['app:get-info'])
  })

  it.each([
    ['another webContents', 'other', `${APP_BUNDLE_ORIGIN}/index.html`],
    ['a frame on another origin', 'main', 'https://evil.example/'],
    ['a file: frame', 'main', 'file:///tmp/index.html'],
    ['a frame that is gone', 'main', undefined]
  ])('refuses %s without calling the handler', async (_what, who, frameUrl) => {
    const { calls, main } = setUp()
    const sender = who === 'main' ? main : { id: 2 }
    for (const channel of INVOKE_CHANNELS) {
      const result = await fake.ipcHandlers.get(channel)!({
        sender,
        senderFrame: frameUrl === undefined ? null : { url: frameUrl }
      })
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'ipc/untrusted-sender' } })
    }
    expect(calls).toEqual([])
  })
})

describe('IPC caller identity and lease lifetime', () => {
  const trustedFrame = { url: `${APP_BUNDLE_ORIGIN}/index.html` }

  async function setUp() {
    const main = Object.assign(new EventEmitter(), { id: 7 })
    const leases = new LeaseRegistry()
    const callers: CallContext[] = []
    const handlers = Object.fromEntries(
      INVOKE_CHANNELS.map((channel) => [
        channel,
        (...args: unknown[]) => {
          const call = args.at(-1) as CallContext
          callers.push(call)
          return channel === 'accounts:watch' ? leases.acquire(call.callerId, 'accounts') : null
        }
      ])
    ) as unknown as HandlerMap
    const disposable = registerHandlers(handlers, {
      logger,
      appOrigin: APP_BUNDLE_ORIGIN,
      mainWebContents: () => main as never,
      leases
    })
    const watch = () =>
      fake.ipcHandlers.get('accounts:watch')!({ sender: main, senderFrame: trustedFrame })
    return { main, leases, callers, disposable, watch }
  }

  it("names the caller by the sender's webContents id", async () => {
    const { callers, watch } = await setUp()
    await watch()
    expect(callers).toEqual([{ callerId: 'webContents:7' }])
  })

  it('ends the window’s leases when its main frame navigates to a new document (reload)', async () => {
    const { main, leases, watch } = await setUp()
    await watch()
    expect(leases.holders('accounts')).toEqual(['webContents:7'])
    main.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false })
    main.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true })
    expect(leases.list('accounts')).toHaveLength(1)
    main.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false })
    expect(leases.list()).toEqual([])
    // The reloaded page watches again and holds a new lease.
    await watch()
    expect(leases.list('accounts')).toHaveLength(1)
  })

  it.each(['render-process-gone', 'destroyed'])('ends the window’s leases on %s', async (event) => {
    const { main, leases, watch } = await setUp()
    await watch()
    await watch()
    main.emit(event, {}, { reason: 'crashed' })
    expect(leases.list()).toEqual([])
  })

  it('lets go of a destroyed webContents', async () => {
    const { main, watch } = await setUp()
    await watch()
    main.emit('destroyed')
    for (const event of ['did-start-navigation', 'render-process-gone', 'destroyed'])
      expect(main.listenerCount(event), event).toBe(0)
  })

  it('watches each window once, and stops watching on destroy and on dispose', async () => {
    const { main, watch, disposable } = await setUp()
    await watch()
    await watch()
    expect(main.listenerCount('did-start-navigation')).toBe(1)
    expect(main.listenerCount('destroyed')).toBe(1)
    disposable.dispose()
    for (const event of ['did-start-navigation', 'render-process-gone', 'destroyed'])
      expect(main.listenerCount(event), event).toBe(0)
  })

  it('sends a caller’s events to its own webContents only', () => {
    const sent: unknown[] = []
    const contents = (id: number) => ({
      id,
      isDestroyed: () => false,
      send: (...args: unknown[]) => sent.push([id, ...args])
    })
    const main = contents(1)
    fake.contentsById.set(1, main)
    fake.contentsById.set(2, contents(2))
    const sink = createWindowEventSink(() => main as never)
    const snapshot = { revision: 2, value: [] }
    sink.emitTo('webContents:2', 'accounts:changed', snapshot)
    sink.emitTo('webContents:9', 'accounts:changed', snapshot)
    sink.emitTo('harness-socket:2', 'accounts:changed', snapshot)
    sink.emit('app:notice', { id: 'n', level: 'info', message: 'hi' })
    expect(sent).toEqual([
      [2, 'accounts:changed', snapshot],
      [1, 'app:notice', { id: 'n', level: 'info', message: 'hi' }]
    ])
    expect(callerIdOf(main as never)).toBe('webContents:1')
  })
})

describe('onFirstLoadSettled', () => {
  async function contents(): Promise<FakeContents> {
    const { EventEmitter } = await import('node:events')
    return new EventEmitter() as unknown as FakeContents
  }

  it('fires once on did-finish-load', async () => {
    const target = await contents()
    const callback = vi.fn()
    onFirstLoadSettled(target as never, logger, callback)
    target.emit('did-finish-load')
    target.emit('did-finish-load')
    target.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', 'x', true)
    expect(callback).toHaveBeenCalledTimes(1)
  })

  it('fires on a failed main-frame load, not on a failed subframe', async () => {
    const target = await contents()
    const callback = vi.fn()
    onFirstLoadSettled(target as never, logger, callback)
    target.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'https://x/', false)
    expect(callback).not.toHaveBeenCalled()
    target.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'http://localhost:5173/', true)
    expect(callback).toHaveBeenCalledTimes(1)
    expect(target.listenerCount('did-fail-load')).toBe(0)
  })
})
