/**
 * The Electron binding of the typed IPC: `ipcMain.handle` for every invoke channel, the sender
 * check, and a typed `webContents.send` sink. The only module (besides the preload) that touches
 * Electron's IPC objects.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { INVOKE_CHANNELS } from '../../shared/ipc/contract'
import { fail } from '../../shared/ipc/result'
import type { Disposable } from '../core/events'
import type { Logger } from '../core/logger'
import { createEventSink, dispatchInvoke } from '../ipc/dispatch'
import type { EventSink, HandlerMap } from '../ipc/handler-types'
import { isTrustedSender } from '../ipc/trusted-sender'

/** What the binding needs to know about the running shell. */
export interface TypedIpcDeps {
  logger: Logger
  /** Dev server origin or the bundle origin (see url-policy.ts). */
  appOrigin: string
  /** The main window's webContents, or undefined while it does not exist. */
  mainWebContents(): WebContents | undefined
}

/**
 * Registers every handler; answers untrusted senders with `ipc/untrusted-sender` and logs them.
 *
 * A sender is trusted only when it is the main window's webContents AND the calling frame shows
 * the app origin: another window, a subframe on another origin, or the main window after it was
 * navigated elsewhere never reaches a handler. Dispose (on quit) removes every handler.
 */
export function registerHandlers(handlers: HandlerMap, deps: TypedIpcDeps): Disposable {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const frameUrl = event.senderFrame?.url
      const main = deps.mainWebContents()
      if (!main || event.sender !== main || !isTrustedSender(frameUrl, deps.appOrigin)) {
        deps.logger.warn('ipc: rejected untrusted sender', {
          channel,
          frameUrl: frameUrl ?? '(none)'
        })
        return fail({
          code: 'ipc/untrusted-sender',
          message: 'This window may not talk to Printdock.'
        })
      }
      return dispatchInvoke(handlers, channel, args, deps.logger)
    })
  }
  return {
    dispose() {
      for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel)
    }
  }
}

/** An event sink that sends to the main window when it is alive. */
export function createWindowEventSink(mainWebContents: () => WebContents | undefined): EventSink {
  return createEventSink((channel, args) => {
    const target = mainWebContents()
    if (target && !target.isDestroyed()) target.send(channel, ...args)
  })
}
