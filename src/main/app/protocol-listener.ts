/**
 * Brings `printdock://…` deep links (OAuth callbacks) into the app.
 *
 * How the URL arrives differs per OS (shared/reference/oauth-and-secrets.md §3.7):
 * - macOS: the scheme is declared in Info.plist (electron-builder `protocols`). The URL comes as an
 *   `open-url` event, also on a cold start, where it fires BEFORE `ready`: the listener must be
 *   registered at module start, or the URL is lost (electron#20181). `preventDefault()` marks it
 *   handled.
 * - Windows: the installer/`setAsDefaultProtocolClient` writes the registry key. A click starts a
 *   new process with the URL in argv. Cold start: read `process.argv` (no `second-instance` fires,
 *   electron#39462). Running app: the new process loses the single-instance lock and quits; the
 *   first one gets `second-instance` with that argv. Traps: an elevated first instance gets no
 *   `second-instance` (electron#35681).
 * - Linux: the `.desktop` file declares `MimeType=x-scheme-handler/printdock;` and `Exec=… %u`
 *   (without `%u` no URL is passed). Delivery is like Windows (argv / `second-instance`).
 *   `setAsDefaultProtocolClient` shells out to `xdg-settings`, which fails on some desktops and in
 *   AppImage; failure is logged, not fatal. The loopback redirect avoids all of this.
 *
 * In every case the URL is untrusted input: argv is accepted only with exactly one `printdock:`
 * argument (`selectDeepLinkArg`), every URL goes through `parseAppUrl`, and URLs are buffered
 * until the composition root calls `markReady`.
 */
import { app } from 'electron'
import { resolve } from 'node:path'
import type { Logger } from '../core/logger'
import {
  DEEP_LINK_BUFFER_LIMIT,
  DEEP_LINK_SCHEME,
  DeepLinkBuffer,
  deepLinkTarget,
  protocolClientRegistration,
  selectDeepLinkArg
} from './protocol-argv'

/** What the composition root hands in once services exist. */
export type DeepLinkHandler = (url: string) => void

/** The app-wide deep-link listener; created once, before `ready`. */
export interface ProtocolListener {
  /** False when another instance holds the lock; `app.quit()` has been called already. */
  readonly isPrimaryInstance: boolean
  /** Whether the OS accepted the scheme registration (false: offer the loopback redirect). */
  readonly schemeRegistered: boolean
  /** Starts delivering (queued URLs first). */
  markReady(handler: DeepLinkHandler): void
  /** Called on `second-instance` so the window can come to front. */
  onSecondInstance(callback: () => void): void
}

/**
 * Registers the scheme, takes the single-instance lock and wires every delivery path.
 *
 * Must be called synchronously at startup, before `app.whenReady()` resolves. Without the lock it
 * quits the app itself: the primary instance receives this process's argv through
 * `second-instance`, and a second window would race it for the same settings and callbacks.
 */
export function startProtocolListener(
  logger: Logger,
  argv: readonly string[] = process.argv
): ProtocolListener {
  const buffer = new DeepLinkBuffer(DEEP_LINK_BUFFER_LIMIT, (dropped) =>
    logger.warn('deep link buffer full; dropped the oldest link', {
      target: deepLinkTarget(dropped),
      limit: DEEP_LINK_BUFFER_LIMIT
    })
  )
  let focusCallback: (() => void) | undefined

  const isPrimaryInstance = app.requestSingleInstanceLock()
  if (!isPrimaryInstance) {
    app.quit()
    return { isPrimaryInstance, schemeRegistered: false, markReady() {}, onSecondInstance() {} }
  }

  const registration = protocolClientRegistration({
    defaultApp: Boolean(process.defaultApp),
    execPath: process.execPath,
    argv,
    resolve: (path) => resolve(path)
  })
  const registered =
    registration.executable === undefined
      ? app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)
      : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, registration.executable, registration.args)
  if (!registered)
    logger.warn('could not register the printdock: scheme with the OS (see §3.7 Linux)')

  app.on('open-url', (event, url) => {
    event.preventDefault()
    buffer.push(url)
  })

  app.on('second-instance', (_event, commandLine) => {
    focusCallback?.()
    const url = selectDeepLinkArg(commandLine)
    if (url) buffer.push(url)
    else if (commandLine.some((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)))
      logger.warn('ignored a second-instance command line with more than one deep link')
  })

  const coldStart = selectDeepLinkArg(argv)
  if (coldStart) buffer.push(coldStart)

  return {
    isPrimaryInstance,
    schemeRegistered: registered,
    markReady: (handler) =>
      buffer.ready((url) => {
        // The smoke test waits for this exact line; the query (code, state) is never logged.
        logger.info('deep link delivered', { target: deepLinkTarget(url) })
        handler(url)
      }),
    onSecondInstance: (callback) => {
      focusCallback = callback
    }
  }
}
