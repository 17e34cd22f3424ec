import { runCli } from './run-cli'
import { stopOnFirstSignal } from './stop-on-signal'

/**
 * The `printdock` program (built into out/cli/printdock.mjs, which bin/printdock.mjs runs). Sets
 * the exit code and lets the event loop drain so piped output is flushed; a leftover handle (a
 * keychain call stuck in the thread pool) cannot keep the process alive past a short grace period.
 */

// `printdock accounts | head -1` closes our stdout early: that is the reader's choice, not an
// error worth a stack trace. Stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}

stopOnFirstSignal(process.stderr, (code) => process.exit(code))

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code
  setTimeout(() => process.exit(code), 1500).unref()
})
