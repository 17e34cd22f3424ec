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
  /** The file is not a model Printdock reads, is damaged or cut short, or cannot be opened. */
  BadFile: 7,
  /** The output file already exists: choose another with --out, or add --force. */
  OutputExists: 8,
  /** inspect: the model needs repair (the report says why). */
  NeedsRepair: 10,
  /** repair: Makeprintable could not repair it, or the repaired model still needs repair. */
  RepairFailed: 11,
  /** A printer did not confirm a command in time (pause, resume, cancel: --wait). */
  NotConfirmed: 12,
  /** Obico's AI: the account's AI credits are used up ("Monthly AI credit limit exceeded"). */
  NoCredits: 13,
  /** Obico's AI: the server has no JusPrin assistant (an older Obico), or no Obico account is linked. */
  NoAssistant: 14,
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
    7  not a model file, damaged, cut short, or unreadable
    8  the output file exists: use --out or --force
   10  inspect: the model needs repair
   11  repair: the repair failed, or the repaired model still needs repair
   12  a printer did not confirm the command in time (see --wait)
   13  no AI credits left (ask, analyze-plate)
   14  the server has no AI assistant (ask, analyze-plate)
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
    case 'mesh/not-a-mesh':
    case 'mesh/truncated':
    case 'mesh/invalid':
    case 'mesh/empty':
    case 'files/unreadable':
    case 'files/not-a-file':
      return ExitCode.BadFile
    case 'repair/file-exists':
      return ExitCode.OutputExists
    case 'repair/failed':
    case 'repair/rejected':
      return ExitCode.RepairFailed
    case 'repair/not-linked':
      return ExitCode.AuthFailed
    case 'ai/no-credits':
      return ExitCode.NoCredits
    case 'ai/not-offered':
      return ExitCode.NoAssistant
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
