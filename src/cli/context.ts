import { createConsoleLogger, nullLogger, type Logger } from '../main/core/logger'
import type { BrowserLauncher } from '../main/core/platform/browser-launcher'
import { ACCOUNTS_FILE_UNREADABLE } from '../main/core/startup-notices'
import { CliError } from './cli-error'
import { composeCli, type CliServices } from './compose'
import { ExitCode } from './exit-codes'
import type { CliIo } from './prompt'

/** What every command gets: streams, environment, and a way to build the services. */
export class CliContext {
  private readonly opened: CliServices[] = []
  private readonly disposers: (() => void)[] = []

  constructor(
    readonly io: CliIo,
    readonly env: NodeJS.ProcessEnv,
    /** Reads the global `--debug` flag (log lines and stack traces on stderr). */
    readonly debug: () => boolean
  ) {}

  /** Core log lines go to stderr with `--debug` only; secrets are redacted either way. */
  logger(): Logger {
    return this.debug() ? createConsoleLogger('printdock', 'debug') : nullLogger
  }

  /**
   * Builds the services; prints what the app would show as notices (no keychain, a damaged
   * settings or accounts file) on stderr. Fails when the accounts file cannot be read at all.
   */
  async open(
    options: {
      browser?: BrowserLauncher
      linkTimeoutMs?: number
      /** How long printer commands may go unconfirmed (`--wait`). */
      commandConfirmTimeoutMs?: number
    } = {}
  ): Promise<CliServices> {
    const services = await composeCli({
      env: this.env,
      logger: this.logger(),
      browser: options.browser ?? { open: async () => {} },
      linkTimeoutMs: options.linkTimeoutMs,
      commandConfirmTimeoutMs: options.commandConfirmTimeoutMs
    })
    this.opened.push(services)
    const unreadable = services.startupNotices.find(
      (notice) => notice.id === ACCOUNTS_FILE_UNREADABLE
    )
    for (const notice of services.startupNotices) {
      if (notice !== unreadable) this.io.stderr.write(`Note: ${notice.message}\n`)
    }
    // Every command needs the list of accounts; none may act as if an unreadable one were empty.
    if (unreadable) throw new CliError(ExitCode.Failure, unreadable.message)
    return services
  }

  /** Runs `dispose` with the context's own (services built outside `open`). */
  onDispose(dispose: () => void): void {
    this.disposers.push(dispose)
  }

  /** Releases everything opened (loopback listeners, pending sign-ins, uploads). */
  dispose(): void {
    for (const services of this.opened.splice(0)) services.dispose()
    for (const dispose of this.disposers.splice(0)) dispose()
  }
}
