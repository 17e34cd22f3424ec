/**
 * The Electron side of printer notifications (src/main/adapters/electron-notifier.ts) against a
 * fake `electron`: one OS notification per call whose click opens the printer, the badge count,
 * and on Windows and Linux a tray icon that exists only while alerts are open and counts them.
 */
import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createConsoleLogger } from '../../../../src/main/core/logger'

const fake = vi.hoisted(() => ({
  notifications: [] as { options: { title: string; body: string }; shown: boolean }[],
  trays: [] as { tooltip: string; destroyed: boolean; emit: (event: string) => boolean }[],
  badge: [] as number[]
}))

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  class FakeNotification extends Emitter {
    shown = false
    constructor(readonly options: { title: string; body: string }) {
      super()
      fake.notifications.push(this)
    }
    static isSupported() {
      return true
    }
    show() {
      this.shown = true
    }
  }
  class FakeTray extends Emitter {
    tooltip = ''
    destroyed = false
    constructor(readonly image: unknown) {
      super()
      fake.trays.push(this)
    }
    setToolTip(text: string) {
      this.tooltip = text
    }
    destroy() {
      this.destroyed = true
    }
  }
  return {
    app: { setBadgeCount: (count: number) => (fake.badge.push(count), true) },
    nativeImage: { createFromBitmap: () => ({ kind: 'image' }) },
    Notification: FakeNotification,
    Tray: FakeTray
  }
})

const { ElectronNotifier } = await import('../../../../src/main/adapters/electron-notifier')

const platform = Object.getOwnPropertyDescriptor(process, 'platform')!
function onPlatform(name: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: name, configurable: true })
}

beforeEach(() => {
  fake.notifications.length = 0
  fake.trays.length = 0
  fake.badge.length = 0
})
afterEach(() => Object.defineProperty(process, 'platform', platform))

describe('ElectronNotifier', () => {
  it('shows one notification per call, and its click opens that printer', () => {
    const notifier = new ElectronNotifier(createConsoleLogger('test', 'error'))
    const opened: string[] = []
    notifier.onClick = (printerId) => opened.push(printerId)
    notifier.show({
      kind: 'alert',
      printerId: 'acc|7',
      title: 'Possible failure on Voron',
      body: 'Look now'
    } as never)
    expect(fake.notifications).toHaveLength(1)
    expect(fake.notifications[0]).toMatchObject({
      shown: true,
      options: { title: 'Possible failure on Voron' }
    })
    ;(fake.notifications[0] as unknown as EventEmitter).emit('click')
    expect(opened).toEqual(['acc|7'])
  })

  it('on Linux: counts alerts on the launcher and in a tray icon that goes when none are open', () => {
    onPlatform('linux')
    const notifier = new ElectronNotifier(createConsoleLogger('test', 'error'))
    const shown: string[] = []
    notifier.window = () => ({ isDestroyed: () => false, show: () => shown.push('show') }) as never
    notifier.setBadgeCount(2)
    expect(fake.badge).toEqual([2])
    expect(fake.trays).toHaveLength(1)
    expect(fake.trays[0]!.tooltip).toBe('Printdock: 2 open failure alerts')
    notifier.setBadgeCount(1)
    expect(fake.trays).toHaveLength(1)
    expect(fake.trays[0]!.tooltip).toBe('Printdock: 1 open failure alert')
    fake.trays[0]!.emit('click')
    expect(shown).toEqual(['show'])
    notifier.setBadgeCount(0)
    expect(fake.trays[0]!.destroyed).toBe(true)
    expect(fake.badge).toEqual([2, 1, 0])
  })

  it('on macOS: the dock badge only, no tray icon', () => {
    onPlatform('darwin')
    const notifier = new ElectronNotifier(createConsoleLogger('test', 'error'))
    notifier.setBadgeCount(3)
    expect(fake.badge).toEqual([3])
    expect(fake.trays).toHaveLength(0)
  })
})
