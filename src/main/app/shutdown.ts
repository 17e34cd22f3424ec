/**
 * Orderly quit: Electron does not wait for promises in `will-quit`, so the app holds the quit
 * once, disposes, then exits. No Electron import (the app object is passed in), so a unit test
 * drives it with a fake.
 */
import type { Logger } from '../core/logger'

/** The part of Electron's `app` the quit handler uses. */
export interface QuittingApp {
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown
  exit(exitCode?: number): void
}

/** How long disposal may take before the app exits anyway (a hung server must not keep it alive). */
export const DISPOSE_TIMEOUT_MS = 5_000

/**
 * On the first `will-quit`: prevents it, runs `dispose` (bounded by `timeoutMs`), then calls
 * `app.exit(0)`, which quits without emitting `will-quit` again. A second `will-quit` while
 * disposal runs is let through untouched, so a repeated quit request is never swallowed.
 */
export function disposeBeforeQuit(
  app: QuittingApp,
  dispose: () => Promise<void>,
  logger: Logger,
  timeoutMs = DISPOSE_TIMEOUT_MS
): void {
  let disposing = false
  app.on('will-quit', (event) => {
    if (disposing) return
    disposing = true
    event.preventDefault()
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        logger.warn('quit: disposal timed out; exiting anyway', { timeoutMs })
        resolve()
      }, timeoutMs)
    })
    // Started synchronously so the IPC handlers are gone before anything else runs.
    const disposal = new Promise<void>((resolve) => resolve(dispose())).catch((error: unknown) =>
      logger.error('quit: disposal failed', { error })
    )
    void Promise.race([disposal, timeout]).finally(() => {
      clearTimeout(timer)
      app.exit(0)
    })
  })
}
