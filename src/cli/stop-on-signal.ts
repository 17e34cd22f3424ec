import { ExitCode, type ExitCodeValue } from './exit-codes'

/** The signals that stop `printdock`, with the exit code each gives (128 + signal number). */
const STOPPING_SIGNALS: [NodeJS.Signals, ExitCodeValue][] = [
  ['SIGINT', ExitCode.Interrupted],
  ['SIGTERM', ExitCode.Terminated]
]

/**
 * Makes the first Ctrl+C or SIGTERM stop the command at once, whatever it is doing. Commands do
 * not handle signals themselves: a handler that only cancels one step (the browser wait) swallowed
 * the signal once that step was over. Leaving mid-way is safe: files are replaced atomically, and
 * listeners and pending sign-ins end with the process.
 */
export function stopOnFirstSignal(
  stderr: { write(text: string): unknown },
  exit: (code: ExitCodeValue) => void,
  target: Pick<NodeJS.Process, 'once'> = process
): void {
  for (const [signal, code] of STOPPING_SIGNALS) {
    target.once(signal, () => {
      stderr.write(`\nprintdock: stopped (${signal}); nothing more was done.\n`)
      exit(code)
    })
  }
}
