import type { Command } from 'commander'
import { SERVER_ENV, TOKEN_ENV } from '../../library-access'

/** The account options every library command takes, and the token note in its help. */
export function withLibraryOptions(command: Command): Command {
  return command
    .option(
      '--account <account>',
      'the linked Obico account (id or display name), when several are linked'
    )
    .option(
      '--server <url>',
      `the Obico server (with ${TOKEN_ENV}: default ${SERVER_ENV} or Obico Cloud)`
    )
    .addHelpText(
      'after',
      `\nWithout a keychain (a slicer started outside the desktop session), set ${TOKEN_ENV} to an Obico\naccess token and ${SERVER_ENV} (or --server) to its server; the token is used for this run only.`
    )
}
