/**
 * Printer notifications through the OS (Electron `Notification`) and the open-alert badge: the
 * dock on macOS, the taskbar/launcher count on Linux (Unity), a title hint elsewhere. Thin on
 * purpose: what to say and when is decided in core (printer-notifications.ts).
 */
import { app, Notification } from 'electron'
import type { DesktopNotifier, PrinterNotification } from '../core/printers/printer-notifications'
import type { Logger } from '../core/logger'

/** An Electron notifier; `onClick` opens the printer's page (set once the window exists). */
export class ElectronNotifier implements DesktopNotifier {
  onClick: (printerId: string) => void = () => {}
  /** Kept until closed: a garbage-collected Notification loses its click handler. */
  private readonly live = new Set<Notification>()

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
    // Windows has no numeric badge without an overlay icon; setBadgeCount is a no-op there.
    if (!app.setBadgeCount(count)) this.logger.debug('badge count not supported here', { count })
  }
}
