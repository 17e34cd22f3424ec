/**
 * Desktop notifications and the alert badge, behind a port (docs/decisions/0017): core decides what
 * to say and when; the shell only shows it. Electron's adapter uses `Notification` and the dock or
 * tray badge; the harness and tests use `RecordingNotifier`, which keeps what was shown.
 */
import type { Disposable } from '../events'
import { describeEvent, type PrinterEvent } from './printer-events'
import type { PrinterPreferencesStore } from './printer-preferences'
import type { PrinterService } from './printer-service'

/** One notification to show; a click should open `printerId`'s page. */
export interface PrinterNotification {
  title: string
  body: string
  printerId: string
  kind: PrinterEvent['kind']
}

/** What the shell provides. */
export interface DesktopNotifier {
  show(notification: PrinterNotification): void
  /** The number of open alerts on the dock (macOS) or tray/taskbar (Windows, Linux) badge. */
  setBadgeCount(count: number): void
}

/** Keeps what would have been shown: the harness's and tests' notifier. */
export class RecordingNotifier implements DesktopNotifier {
  readonly shown: PrinterNotification[] = []
  badgeCount = 0

  show(notification: PrinterNotification): void {
    this.shown.push(notification)
  }

  setBadgeCount(count: number): void {
    this.badgeCount = count
  }
}

/** Connects the service's events to the notifier, honouring the user's switches. */
export function connectPrinterNotifications(
  printers: PrinterService,
  preferences: PrinterPreferencesStore,
  notifier: DesktopNotifier
): Disposable {
  let badge = -1
  const setBadge = (count: number) => {
    if (count === badge) return
    badge = count
    notifier.setBadgeCount(count)
  }
  const subscriptions = [
    printers.onDidDetectEvents((events) => {
      const prefs = preferences.get()
      for (const event of events) {
        if (!prefs.notify[event.kind]) continue
        if (prefs.mutedPrinters.includes(event.printerId)) continue
        notifier.show({ ...describeEvent(event), printerId: event.printerId, kind: event.kind })
      }
    }),
    printers.onDidChange((change) => setBadge(change.openAlerts))
  ]
  return { dispose: () => subscriptions.forEach((subscription) => subscription.dispose()) }
}
