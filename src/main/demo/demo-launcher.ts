import { readFile, rm, writeFile } from 'node:fs/promises'
import type { PendingLinkSummary } from '../../shared/models/account'
import type { AccountService } from '../core/accounts/account-service'
import { AppError } from '../core/errors'
import type { Logger } from '../core/logger'
import type { DemoLauncher } from '../ipc/account-handlers'
import {
  DEMO_CLIENT_ID,
  DEMO_USER,
  startObicoSandbox,
  type ObicoSandbox
} from '../../sandbox/obico'

/**
 * "Try the demo": an embedded Obico sandbox on a random 127.0.0.1 port, linked through the same
 * browser OAuth flow as a real server. The user's browser opens the sandbox's login page, which
 * shows the demo credentials; consent and the loopback callback are the real thing.
 *
 * Demo accounts live exactly as long as the demo server: its data is in memory, so an account
 * left behind would point at a dead port forever. `dispose()` unlinks them before the server
 * stops, and a marker file (the server's origin) lets the next start forget any left by a crash.
 */

/** What the demo launcher needs. */
export interface DemoLauncherDeps {
  accountService: Pick<AccountService, 'startLink' | 'listAccounts' | 'unlink'>
  logger: Logger
  /** Where the running demo server's origin is noted, so a crash leaves no orphan accounts. */
  markerFile?: string
  /** Default: `startObicoSandbox`. */
  startSandbox?: typeof startObicoSandbox
}

/** A demo launcher that owns its embedded server. */
export interface OwnedDemoLauncher extends DemoLauncher {
  /** The embedded server's origin while it runs. */
  readonly serverUrl: string | undefined
  /** Unlinks demo accounts, then stops the embedded server. */
  dispose(): Promise<void>
  /** Forgets accounts of a demo server that an earlier run left behind (crash, kill). */
  forgetStaleDemoAccounts(): Promise<number>
}

/** The self-hosted profile: the demo server is "your own Obico server" on this machine. */
const DEMO_PROFILE_KEY = 'obico-self-hosted'

/** Creates the demo launcher. The server starts on the first `start()` and is reused after. */
export function createDemoLauncher(deps: DemoLauncherDeps): OwnedDemoLauncher {
  let running: Promise<ObicoSandbox> | undefined
  let current: ObicoSandbox | undefined
  let disposed = false

  const boot = async (): Promise<ObicoSandbox> => {
    // A static import: the sandbox is small, and a lazy import() breaks under some test loaders.
    const start = deps.startSandbox ?? startObicoSandbox
    const sandbox = await start({
      host: '127.0.0.1',
      port: 0,
      seed: 'demo',
      loginHint: { username: DEMO_USER.email, password: DEMO_USER.password }
    })
    if (disposed) {
      // dispose() ran while the server was starting: do not leave it listening.
      await sandbox.close()
      throw new AppError('internal/unexpected', 'Printdock is shutting down.')
    }
    current = sandbox
    if (deps.markerFile)
      await writeFile(deps.markerFile, JSON.stringify({ serverOrigin: sandbox.baseUrl }))
    deps.logger.info('Started the demo server', { serverOrigin: sandbox.baseUrl })
    return sandbox
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

  const ensureServer = (): Promise<ObicoSandbox> => {
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
      return current?.baseUrl
    },
    async start(operationId): Promise<PendingLinkSummary> {
      if (disposed) throw new AppError('internal/unexpected', 'Printdock is shutting down.')
      let sandbox: ObicoSandbox
      try {
        sandbox = await ensureServer()
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
        { profileKey: DEMO_PROFILE_KEY, serverUrl: sandbox.baseUrl, clientId: DEMO_CLIENT_ID },
        operationId
      )
    },
    async dispose() {
      disposed = true
      const pending = running
      running = undefined
      current = undefined
      if (!pending) return
      const sandbox = await pending.catch(() => undefined)
      if (sandbox) {
        await unlinkAccountsOn(sandbox.baseUrl)
        await sandbox.close()
        if (deps.markerFile) await rm(deps.markerFile, { force: true })
        deps.logger.info('Stopped the demo server', { serverOrigin: sandbox.baseUrl })
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
