/**
 * The Electron binding of the typed IPC: `ipcMain.handle` for every invoke channel, the sender
 * check, the caller's identity and lifetime, and a typed `webContents.send` sink. The only module
 * (besides the preload) that touches Electron's IPC objects.
 */
import {
  ipcMain,
  webContents as allWebContents,
  type IpcMainInvokeEvent,
  type WebContents
} from 'electron'
import { INVOKE_CHANNELS } from '../../shared/ipc/channels'
import { fail } from '../../shared/ipc/result'
import type { Disposable } from '../core/events'
import type { CallerId, LeaseRegistry } from '../core/leases'
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
  /** Told when a window's document goes away, so its leases end. */
  leases: Pick<LeaseRegistry, 'endCaller'>
}

const CALLER_PREFIX = 'webContents:'

/** A webContents as a lease holder. The id is Electron's, stable for the webContents' life. */
export function callerIdOf(contents: Pick<WebContents, 'id'>): CallerId {
  return `${CALLER_PREFIX}${contents.id}`
}

/**
 * Registers every handler; answers untrusted senders with `ipc/untrusted-sender` and logs them.
 *
 * A sender is trusted only when it is the main window's webContents AND the calling frame shows
 * the app origin: another window, a subframe on another origin, or the main window after it was
 * navigated elsewhere never reaches a handler. Dispose (on quit) removes every handler.
 *
 * The caller's identity comes from the invoke event (`event.sender.id`), never from the payload.
 * The first call from a webContents starts watching it: a main-frame navigation to a new document
 * (reload included), a renderer crash and destruction each end that caller's leases, because the
 * page that held them is gone.
 */
export function registerHandlers(handlers: HandlerMap, deps: TypedIpcDeps): Disposable {
  // Each watched webContents with the function that stops watching it.
  const watched = new Map<WebContents, () => void>()
  const watchLifetime = (contents: WebContents) => {
    if (watched.has(contents)) return
    const callerId = callerIdOf(contents)
    const endLeases = () => deps.leases.endCaller(callerId)
    const onNavigation = (details: { isMainFrame?: boolean; isSameDocument?: boolean }) => {
      // A hash change or pushState keeps the document, and the page keeps its leases.
      if (details.isMainFrame && !details.isSameDocument) endLeases()
    }
    const stop = () => {
      contents.removeListener('did-start-navigation', onNavigation)
      contents.removeListener('render-process-gone', endLeases)
      contents.removeListener('destroyed', onDestroyed)
      watched.delete(contents)
    }
    const onDestroyed = () => {
      endLeases()
      stop()
    }
    contents.on('did-start-navigation', onNavigation)
    contents.on('render-process-gone', endLeases)
    contents.once('destroyed', onDestroyed)
    watched.set(contents, stop)
  }

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
      watchLifetime(event.sender)
      return dispatchInvoke(handlers, channel, args, deps.logger, {
        callerId: callerIdOf(event.sender)
      })
    })
  }
  return {
    dispose() {
      for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel)
      for (const stop of [...watched.values()]) stop()
    }
  }
}

/**
 * An event sink over webContents: a broadcast goes to the main window when it is alive, an
 * `emitTo` to the webContents the caller id names (dropped when it is gone).
 */
export function createWindowEventSink(mainWebContents: () => WebContents | undefined): EventSink {
  const byCaller = (callerId: CallerId): WebContents | undefined => {
    if (!callerId.startsWith(CALLER_PREFIX)) return undefined
    const id = Number(callerId.slice(CALLER_PREFIX.length))
    return Number.isSafeInteger(id) ? allWebContents.fromId(id) : undefined
  }
  return createEventSink({
    callers() {
      const main = mainWebContents()
      return main ? [callerIdOf(main)] : []
    },
    send(callerId, channel, args) {
      const target = byCaller(callerId)
      if (target && !target.isDestroyed()) target.send(channel, ...args)
    }
  })
}
