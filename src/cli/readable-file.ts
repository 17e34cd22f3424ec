import { access } from 'node:fs/promises'
import { resolve } from 'node:path'
import { CliError } from './cli-error'
import { ExitCode } from './exit-codes'

/**
 * The absolute path of a file named on the command line, or a plain error (exit 7) when it cannot
 * be read, before any work or network call starts.
 */
export async function readableFile(file: string): Promise<string> {
  const path = resolve(file)
  try {
    await access(path)
  } catch {
    throw new CliError(ExitCode.BadFile, `Cannot read ${file}: no such file, or no permission.`)
  }
  return path
}
