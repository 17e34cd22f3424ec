import { readFile, rm, writeFile } from 'node:fs/promises'
import type { PendingLinkSummary } from '../../shared/models/account'
import type { AccountService } from '../core/accounts/account-service'
import { AppError } from '../core/errors'
import type { Logger } from '../core/logger'
import type { DemoLauncher } from '../ipc/account-handlers'
import type { DemoServer, SpawnDemoServer } from './demo-server-process'

/**
 * "Try the demo": a demo Obico server on a random 127.0.0.1 port, in a process of its own
 * (demo-server-process.ts), linked through the same browser OAuth flow as a real server. The
 * user's browser opens its login page, which shows the demo credentials; consent and the loopback
 * callback are the real thing.
 *
 * Demo accounts live exactly as long as the demo server: its data is in memory, so an account
 * left behind would point at a dead port forever. `dispose()` unlinks them before the server
 * stops, a server that dies on its own takes its accounts with it, and a marker file (the server's
 * origin) lets the next start forget any left by a crash of Printdock itself.
 */

/** What the demo launcher needs. */
export interface DemoLauncherDeps {
  accountService: Pick<AccountService, 'startLink' | 'listAccounts' | 'unlink'>
  logger: Logger
  /** Where the running demo server's origin is noted, so a crash leaves no orphan accounts. */
  markerFile?: string
  /** Starts the demo server process (Electron: a utility process; tests, harness: Node's fork). */
  spawnDemoServer: SpawnDemoServer
}

/** A demo launcher that owns its demo server. */
export interface OwnedDemoLauncher extends DemoLauncher {
  /** The demo server's origin while it runs. */
  readonly serverUrl: string | undefined
  /** Unlinks demo accounts, then stops the demo server. */
  dispose(): Promise<void>
  /** Forgets accounts of a demo server that an earlier run left behind (crash, kill). */
  forgetStaleDemoAccounts(): Promise<number>
}

/** The self-hosted profile: the demo server is "your own Obico server" on this machine. */
const DEMO_PROFILE_KEY = 'obico-self-hosted'

/** Creates the demo launcher. The server starts on the first `start()` and is reused after. */
export function createDemoLauncher(deps: DemoLauncherDeps): OwnedDemoLauncher {
  let running: Promise<DemoServer> | undefined
  let current: DemoServer | undefined
  let disposed = false

  const boot = async (): Promise<DemoServer> => {
    const server = await deps.spawnDemoServer()
    if (disposed) {
      // dispose() ran while the server was starting: do not leave it running.
      await server.stop()
      throw new AppError('internal/unexpected', 'Printdock is shutting down.')
    }
    current = server
    if (deps.markerFile)
      await writeFile(deps.markerFile, JSON.stringify({ serverOrigin: server.origin }))
    deps.logger.info('Started the demo server', { serverOrigin: server.origin })
    void server.exited.then(() => forgetDeadServer(server))
    return server
  }

  /** Unlinks every account on `serverOrigin`; returns how many. */
  const unlinkAccountsOn = async (serverOrigin: string): Promise<number> => {
    const accounts = (await deps.accountService.listAccounts()).filter(
      (account) => account.serverOrigin === serverOrigin
    )
    for (const account of accounts) {
      await deps.accountService.unlink(account.id).catch((error: unknown) => {
        deps.logger.warn('Could not forget a demo account', { accountId: account.id, error })
      })
    }
    return accounts.length
  }

  /** The server died on its own: its accounts go with it, and the next start spawns a new one. */
  const forgetDeadServer = async (server: DemoServer): Promise<void> => {
    if (current !== server) return // stopped by dispose(), which cleans up by itself
    current = undefined
    running = undefined
    deps.logger.warn('The demo server stopped unexpectedly', { serverOrigin: server.origin })
    await unlinkAccountsOn(server.origin)
    if (deps.markerFile) await rm(deps.markerFile, { force: true }).catch(() => undefined)
  }

  const ensureServer = (): Promise<DemoServer> => {
    if (!running) {
      running = boot()
      // A failed start is not remembered: the next click tries again.
      running.catch(() => {
        running = undefined
      })
    }
    return running
  }

  return {
    get serverUrl() {
      return current?.origin
    },
    async start(operationId): Promise<PendingLinkSummary> {
      if (disposed) throw new AppError('internal/unexpected', 'Printdock is shutting down.')
      let server: DemoServer
      try {
        server = await ensureServer()
      } catch (error) {
        if (error instanceof AppError) throw error
        deps.logger.error('The demo server did not start', { error })
        throw new AppError(
          'internal/unexpected',
          'The demo server could not start on this computer.',
          { cause: error }
        )
      }
      return deps.accountService.startLink(
        { profileKey: DEMO_PROFILE_KEY, serverUrl: server.origin, clientId: server.clientId },
        operationId
      )
    },
    async dispose() {
      disposed = true
      const pending = running
      running = undefined
      current = undefined
      if (!pending) return
      const server = await pending.catch(() => undefined)
      if (server) {
        await unlinkAccountsOn(server.origin)
        await server.stop()
        if (deps.markerFile) await rm(deps.markerFile, { force: true })
        deps.logger.info('Stopped the demo server', { serverOrigin: server.origin })
      }
    },
    async forgetStaleDemoAccounts() {
      if (!deps.markerFile || running) return 0
      let serverOrigin: unknown
      try {
        serverOrigin = (
          JSON.parse(await readFile(deps.markerFile, 'utf8')) as { serverOrigin?: unknown }
        ).serverOrigin
      } catch {
        return 0 // no marker: the last demo ended cleanly, or there was none
      }
      const forgotten = typeof serverOrigin === 'string' ? await unlinkAccountsOn(serverOrigin) : 0
      await rm(deps.markerFile, { force: true })
      if (forgotten) deps.logger.info('Forgot demo accounts left by an earlier run', { forgotten })
      return forgotten
    }
  }
}
