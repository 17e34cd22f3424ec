import { createConsoleLogger, nullLogger, type Logger } from '../main/core/logger'
import type { BrowserLauncher } from '../main/core/platform/browser-launcher'
import { composeCli, type CliServices } from './compose'
import type { CliIo } from './prompt'

/** What every command gets: streams, environment, and a way to build the services. */
export interface CommandContext {
  io: CliIo
  env: NodeJS.ProcessEnv
  /** `--debug`: log lines and stack traces on stderr. */
  debug(): boolean
  logger(): Logger
  /** Builds the services; prints the memory-vault notice once when there is no keychain. */
  open(options: { browser?: BrowserLauncher; linkTimeoutMs?: number }): Promise<CliServices>
}

/** Creates the context; `isDebug` reads the global `--debug` flag when asked. */
export function createContext(io: CliIo, env: NodeJS.ProcessEnv, isDebug: () => boolean): CommandContext {
  const opened: CliServices[] = []
  const context: CommandContext = {
    io,
    env,
    debug: isDebug,
    logger: () => (isDebug() ? createConsoleLogger('printdock', 'debug') : nullLogger),
    async open(options) {
      const services = await composeCli({
        env,
        logger: context.logger(),
        browser: options.browser ?? { open: async () => {} },
        linkTimeoutMs: options.linkTimeoutMs
      })
      if (services.vaultNotice) io.stderr.write(`Note: ${services.vaultNotice}\n`)
      opened.push(services)
      return services
    }
  }
  return Object.assign(context, {
    disposeAll: () => {
      for (const services of opened.splice(0)) services.dispose()
    }
  })
}

/** Releases everything the context opened (listeners, pending sign-ins). */
export function disposeContext(context: CommandContext): void {
  ;(context as CommandContext & { disposeAll?: () => void }).disposeAll?.()
}
