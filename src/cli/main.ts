import { runCli } from './run-cli'

/**
 * The `printdock` program (bin/printdock.mjs imports this file). Sets the exit code and lets the
 * event loop drain so piped output is flushed; a leftover handle (a keychain call stuck in the
 * thread pool) cannot keep the process alive past a short grace period.
 */
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code
  setTimeout(() => process.exit(code), 1500).unref()
})
