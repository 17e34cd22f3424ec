import type { AppErrorCode } from '../shared/errors'

/** Exit codes of the `printdock` command. Scripts may rely on them; never renumber. */
export const ExitCode = {
  /** Done. */
  Ok: 0,
  /** Failed for a reason not listed below (account not found, keychain error, …). */
  Failure: 1,
  /** Wrong command line: unknown option, missing argument, invalid value. */
  Usage: 2,
  /** A confirmation is needed and nobody can answer it (stdin is not a terminal): add --yes. */
  NeedsConfirmation: 3,
  /** Cancelled (the user backed out at a prompt) or timed out waiting for the browser. */
  Cancelled: 4,
  /** The provider refused: denied consent, wrong password or code, rejected token. */
  AuthFailed: 5,
  /** The server could not be reached, timed out, or answered with a server error. */
  Network: 6,
  /** Stopped by Ctrl+C (SIGINT), the shell convention 128 + 2. */
  Interrupted: 130,
  /** Stopped by SIGTERM, the shell convention 128 + 15. */
  Terminated: 143
} as const

/** One of the exit codes. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

/** The table printed at the end of every `--help`. */
export const EXIT_CODES_HELP = `
Exit codes:
    0  success
    1  failure (not found, keychain error, anything else)
    2  usage error (unknown option, missing or invalid argument)
    3  needs confirmation: run on a terminal, or add --yes
    4  cancelled or timed out
    5  sign-in refused (denied, wrong password or code, rejected token)
    6  network problem (server unreachable, timed out, server error)
  130  stopped by Ctrl+C (SIGINT)
  143  stopped by SIGTERM`

/** The exit code for an application error code. */
export function exitCodeForError(code: AppErrorCode): ExitCodeValue {
  switch (code) {
    case 'auth/cancelled':
    case 'auth/timed-out':
    case 'operation/cancelled':
      return ExitCode.Cancelled
    case 'auth/denied':
    case 'auth/invalid-credentials':
    case 'auth/invalid-code':
    case 'auth/state-mismatch':
    case 'auth/provider-error':
    case 'auth/needs-relink':
    case 'auth/invalid-callback':
      return ExitCode.AuthFailed
    case 'network/offline':
    case 'network/timeout':
    case 'network/server-error':
    case 'network/rate-limited':
    case 'network/bad-response':
    case 'network/too-large':
      return ExitCode.Network
    case 'library/rejected-by-proxy':
    case 'library/unconfirmed':
      return ExitCode.Network
    case 'ipc/invalid-arguments':
    case 'account/invalid-server-url':
    case 'auth/unsupported':
    case 'settings/invalid':
      return ExitCode.Usage
    default:
      return ExitCode.Failure
  }
}
