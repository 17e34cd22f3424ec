/** Reading the secrets `printdock link` takes: "-" values from stdin, and the password. */
import { CliError } from '../cli-error'
import { ExitCode } from '../exit-codes'
import { canAsk, readAllStdin, readHidden, type CliIo } from '../prompt'

/**
 * Reads a secret option: "-" means stdin. Each way of linking reads at most one secret (--token
 * or --api-key, the password, or the browser's --client-secret), so stdin is never asked twice.
 */
export async function secretValue(
  io: CliIo,
  value: string | undefined
): Promise<string | undefined> {
  return value === '-' ? readAllStdin(io) : value
}

/**
 * The password for `--username`: all of stdin with `--password-stdin`, else typed hidden on the
 * terminal. Without either, a usage error.
 */
export async function readPassword(
  io: CliIo,
  username: string,
  fromStdin: boolean
): Promise<string> {
  const password = fromStdin
    ? await readAllStdin(io)
    : canAsk(io)
      ? await readHidden(io, `Password for ${username}: `)
      : undefined
  if (!password) {
    throw new CliError(
      ExitCode.Usage,
      'No password: run on a terminal to type it, or pass --password-stdin.'
    )
  }
  return password
}
