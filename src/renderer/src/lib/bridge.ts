/**
 * Connects main's events to the stores, once, and loads the first data.
 *
 * Components never subscribe to IPC themselves: they read stores, and this module is the single
 * place where `accounts:changed`, `accounts:link-finished` and `app:notice` arrive.
 */
import { api } from './api'
import { applyTheme, watchSystemDark } from './theme'
import { toUiError } from './ui-error'
import { errorText } from './error-text'
import {
  applyAccountsSnapshot,
  handleLinkFinished,
  loadAccounts,
  stopWatchingAccounts
} from '../stores/accounts-store'
import { restoreScreen } from '../stores/navigation-store'
import {
  applyPrintersChange,
  handlePrinterOpen,
  startWatchingPrinters,
  stopWatchingPrinters
} from '../stores/printers-store'
import { pushNotice } from '../stores/notice-store'
import { prewarmClockFormat } from '../features/printers/format'
import { loadAppInfo, loadSettings, setSystemDark, settingsStore } from '../stores/settings-store'

let running: (() => void) | null = null

/**
 * Subscribes to main's events and loads settings, app info and accounts.
 * Calling it again while running returns the same stop function.
 */
export function startBridge(): () => void {
  if (running) return running
  const disposers: (() => void)[] = []

  const system = watchSystemDark(setSystemDark)
  setSystemDark(system.dark)
  disposers.push(system.dispose)

  const paint = (): void => {
    const { settings, systemDark } = settingsStore.getState()
    applyTheme(settings.theme, systemDark)
  }
  paint()
  disposers.push(settingsStore.subscribe(paint))

  try {
    disposers.push(api.accounts.onChanged(applyAccountsSnapshot))
    disposers.push(api.accounts.onLinkFinished(handleLinkFinished))
    disposers.push(api.app.onNotice((notice) => pushNotice(notice)))
    // Pushed only while the Printers screen watches (it starts and ends the watch itself).
    disposers.push(api.printers.onChanged(applyPrintersChange))
    disposers.push(api.printers.onOpen(handlePrinterOpen))
  } catch (caught) {
    pushNotice({ level: 'error', message: errorText(toUiError(caught)) })
  }

  // The app opens on the Printers screen unless settings say otherwise: its watch starts beside the
  // settings and accounts calls rather than one round trip after them (issue 9's first paint), and
  // ends at once if the app turns out to open elsewhere. The screen ends it when it closes.
  // Settings are asked for after printers and accounts: the shell waits for them, so when they
  // arrive the screen's data is already in and the shell paints once, complete.
  void startWatchingPrinters()
  // Starts the accounts watch: main pushes accounts:changed to this page from then on.
  void loadAccounts()
  void loadSettings().then((settings) => {
    if (settings) {
      restoreScreen(settings.lastScreen)
      if (settings.lastScreen !== 'printers' || !settings.firstRunDone) void stopWatchingPrinters()
    } else
      pushNotice({
        level: 'warning',
        message: 'Your settings could not be loaded; defaults are in use.'
      })
  })
  void loadAppInfo()
  // The cards' clock-time formatter is slow to make the first time; make it while main answers.
  setTimeout(prewarmClockFormat, 0)
  disposers.push(() => void stopWatchingAccounts())
  disposers.push(() => void stopWatchingPrinters())

  running = () => {
    for (const dispose of disposers.splice(0)) dispose()
    running = null
  }
  return running
}
