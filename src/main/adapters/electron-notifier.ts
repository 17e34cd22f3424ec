/**
 * Printer notifications through the OS (Electron `Notification`) and the open-alert badge: the
 * dock on macOS, the launcher count on Linux (Unity and compatible docks), and an overlay dot on
 * the taskbar button on Windows, which has no numeric badge. On Windows and Linux a tray icon also
 * appears while alerts are open (its tooltip counts them; a click shows the window), because most
 * Linux desktops show no launcher count. Thin on purpose: what to say and when is decided in core
 * (printer-notifications.ts).
 */
import {
  app,
  nativeImage,
  Notification,
  Tray,
  type BrowserWindow,
  type NativeImage
} from 'electron'
import type { Logger } from '../core/logger'
import type { DesktopNotifier, PrinterNotification } from '../core/printers/printer-notifications'

/** An Electron notifier; `onClick` opens the printer's page (set once the window exists). */
export class ElectronNotifier implements DesktopNotifier {
  onClick: (printerId: string) => void = () => {}
  /** The window whose taskbar button carries the Windows overlay. */
  window: () => BrowserWindow | undefined = () => undefined
  /** Kept until closed: a garbage-collected Notification loses its click handler. */
  private readonly live = new Set<Notification>()
  private overlay: NativeImage | undefined
  private tray: Tray | undefined

  constructor(private readonly logger: Logger) {}

  show(notification: PrinterNotification): void {
    if (!Notification.isSupported()) return
    const shown = new Notification({ title: notification.title, body: notification.body })
    this.live.add(shown)
    shown.on('click', () => this.onClick(notification.printerId))
    shown.on('close', () => this.live.delete(shown))
    shown.show()
  }

  setBadgeCount(count: number): void {
    const words = count === 1 ? '1 open failure alert' : `${count} open failure alerts`
    if (process.platform !== 'darwin') this.showTray(count, words)
    if (process.platform === 'win32') {
      const window = this.window()
      if (!window || window.isDestroyed()) return
      this.overlay ??= alertDot()
      window.setOverlayIcon(count > 0 ? this.overlay : null, count > 0 ? words : '')
      return
    }
    if (!app.setBadgeCount(count)) this.logger.debug('badge count not supported here', { count })
  }

  /** The tray icon lives only while alerts are open, so a quiet farm leaves the tray alone. */
  private showTray(count: number, words: string): void {
    if (count === 0) {
      this.tray?.destroy()
      this.tray = undefined
      return
    }
    try {
      if (!this.tray) {
        this.overlay ??= alertDot()
        this.tray = new Tray(this.overlay)
        this.tray.on('click', () => {
          const window = this.window()
          if (window && !window.isDestroyed()) window.show()
        })
      }
      this.tray.setToolTip(`Printdock: ${words}`)
    } catch (error) {
      // Some Linux desktops have no status area; the notification itself still reached the user.
      this.logger.debug('tray icon not available here', { error: String(error) })
    }
  }
}

/** A 16×16 red dot (BGRA pixels), drawn here so no icon file has to ship for it. */
function alertDot(): NativeImage {
  const size = 16
  const pixels = Buffer.alloc(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = (x - 7.5) ** 2 + (y - 7.5) ** 2 <= 7.5 ** 2
      const at = (y * size + x) * 4
      pixels[at] = 0x30 // blue
      pixels[at + 1] = 0x30 // green
      pixels[at + 2] = 0xd0 // red
      pixels[at + 3] = inside ? 0xff : 0x00
    }
  }
  return nativeImage.createFromBitmap(pixels, { width: size, height: size })
}
