import type { ExitCodeValue } from './exit-codes'

/** A failure the CLI reports with its own words and exit code (usage, confirmation, not found). */
export class CliError extends Error {
  readonly exitCode: ExitCodeValue

  constructor(exitCode: ExitCodeValue, message: string) {
    super(message)
    this.name = 'CliError'
    this.exitCode = exitCode
  }
}
