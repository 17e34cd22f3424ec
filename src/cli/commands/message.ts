import { Command } from 'commander'
import type { MeshbluDeviceRow, OctobluPageData } from '../../shared/models/provider-page'
import { parsePayload } from '../../main/core/provider-pages'
import { CliError } from '../cli-error'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { canAsk, confirm } from '../prompt'
import { exitCodeFor } from './account'
import { findAccount } from './unlink'

/**
 * `printdock message <octoblu-account> <device> --data JSON [--topic T] [--yes]`: sends one
 * Meshblu message (issue 13). The payload is checked as JSON and previewed before anything is
 * sent; on a terminal it asks, without one it needs --yes.
 */
export function messageCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return new Command('message')
    .description('Send a JSON message to one of your Meshblu devices (Octoblu accounts).')
    .argument('<account>', 'the Octoblu account: its id, or its display name if unique')
    .argument('<device>', "the device's uuid, or its name if unique")
    .requiredOption('--data <json>', 'the message payload, as JSON')
    .option('--topic <topic>', 'a Meshblu topic for the message')
    .option('-y, --yes', 'send without asking (required when stdin is not a terminal)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(
      async (
        wantedAccount: string,
        wantedDevice: string,
        options: { data: string; topic?: string; yes?: boolean; json?: boolean }
      ) => {
        const { io } = context
        // Checked first: a typo in the JSON is reported before any network call.
        let payload: unknown
        try {
          payload = parsePayload(options.data)
        } catch (error) {
          throw new CliError(ExitCode.Usage, (error as Error).message)
        }
        const { accountService, providerPages } = await context.open()
        const account = findAccount(await accountService.listAccounts(), wantedAccount)
        if (account.provider !== 'octoblu') {
          throw new CliError(
            ExitCode.Usage,
            `${account.displayName} is a ${account.providerLabel} account; messages go to Octoblu (Meshblu) devices.`
          )
        }
        const { value: page } = await providerPages.read(account.id)
        if (page.status !== 'ready' || !page.data) {
          throw new CliError(
            exitCodeFor(page),
            page.problem ?? 'The device list could not be read.'
          )
        }
        const device = findDevice((page.data as OctobluPageData).devices, wantedDevice)
        const name = device.name ?? device.uuid
        const preview =
          `To:      ${name} (${device.uuid})${device.online ? '' : ' — offline now'}\n` +
          (options.topic ? `Topic:   ${options.topic}\n` : '') +
          `Payload: ${JSON.stringify(payload, null, 2).replace(/\n/g, '\n         ')}\n`
        if (!options.yes) {
          if (!canAsk(io)) {
            throw new CliError(
              ExitCode.NeedsConfirmation,
              `Sending a message to ${name} needs confirmation, and there is no terminal to ask on. Add --yes to send it.`
            )
          }
          io.stderr.write(preview)
          if (!(await confirm(io, `Send this message to ${name}?`))) {
            io.stderr.write('Nothing was sent.\n')
            done(ExitCode.Cancelled)
            return
          }
        }
        await providerPages.sendMessage(account.id, {
          deviceUuid: device.uuid,
          payloadJson: options.data,
          ...(options.topic ? { topic: options.topic } : {})
        })
        if (options.json) {
          io.stdout.write(JSON.stringify({ sent: true, deviceUuid: device.uuid }) + '\n')
        } else {
          io.stdout.write(`Sent the message to ${name}.\n`)
        }
        done(ExitCode.Ok)
      }
    )
}

/** The device by exact uuid, else the one whose name matches; only devices that take messages. */
function findDevice(devices: MeshbluDeviceRow[], wanted: string): MeshbluDeviceRow {
  const matches = devices.filter((device) => device.uuid === wanted || device.name === wanted)
  if (matches.length === 0) {
    throw new CliError(
      ExitCode.Failure,
      `No device of yours matches "${wanted}". See: printdock account <account>`
    )
  }
  if (matches.length > 1) {
    throw new CliError(
      ExitCode.Usage,
      `"${wanted}" names ${matches.length} devices; give the uuid:\n` +
        matches.map((device) => `  ${device.uuid}`).join('\n')
    )
  }
  const device = matches[0]!
  if (!device.acceptsMessages) {
    throw new CliError(ExitCode.Usage, `${device.name ?? device.uuid} does not take messages.`)
  }
  return device
}
