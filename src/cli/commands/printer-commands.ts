import { randomUUID } from 'node:crypto'
import { Command, InvalidArgumentError } from 'commander'
import type { PrinterCommand, PrinterSummary } from '../../shared/models/printer'
import { CliError } from '../cli-error'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { selectPrinters } from '../printer-select'
import { canAsk, confirm } from '../prompt'
import { keepAlive, readPrinters } from './printers'

const PAST: Record<PrinterCommand, string> = {
  pause: 'paused',
  resume: 'resumed',
  cancel: 'cancelled'
}

function seconds(value: string): number {
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed <= 0 || parsed > 3600) {
    throw new InvalidArgumentError('--wait takes a number of seconds from 1 to 3600.')
  }
  return parsed
}

/**
 * `printdock pause|resume|cancel <printer…>`: sends the command once to each printer, then waits
 * until the printers' status confirms it. Obico answers "succeeded" as soon as it has passed the
 * command on, so only the status says it happened (obico-api.md §2.8).
 */
export function printerCommand(
  command: PrinterCommand,
  context: CliContext,
  done: (code: ExitCodeValue) => void
): Command {
  const verb = command[0].toUpperCase() + command.slice(1)
  return new Command(command)
    .description(
      `${verb} the current print on one or more printers and wait until each printer confirms it.`
    )
    .argument('<printer...>', 'printer names or ids (see printdock printers --json)')
    .option('--wait <seconds>', 'how long to wait for the printers to confirm', seconds, 60)
    .option(
      '-y, --yes',
      command === 'cancel'
        ? 'do not ask for confirmation (required when stdin is not a terminal)'
        : 'accepted for symmetry; only cancel asks'
    )
    .option('--json', 'print each printer’s outcome as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (names: string[], options: { wait: number; yes?: boolean; json?: boolean }) => {
      const { io } = context
      const { printers, view } = await readPrinters(context, {
        commandConfirmTimeoutMs: options.wait * 1000
      })
      const chosen = selectPrinters(view.printers, names)
      if (command === 'cancel' && !options.yes) {
        const list = chosen.map((printer) => printer.name).join(', ')
        if (!canAsk(io)) {
          throw new CliError(
            ExitCode.NeedsConfirmation,
            `Cancelling the print on ${list} needs confirmation, and there is no terminal to ask on. Add --yes to cancel.`
          )
        }
        const sure = await confirm(
          io,
          `Cancel the print on ${list}? A cancelled print can't be resumed.`
        )
        if (!sure) {
          io.stderr.write('Nothing was cancelled.\n')
          done(ExitCode.Cancelled)
          return
        }
      }
      printers.setWatched(true)
      const operationId = randomUUID()
      const receipts = await printers.command(
        operationId,
        chosen.map((printer) => printer.id),
        command
      )
      if (!options.json) {
        io.stderr.write(
          `Sent ${command} to ${chosen.map((p) => p.name).join(', ')}; waiting up to ${options.wait} s for the printer to confirm…\n`
        )
      }
      const release = keepAlive()
      const outcomes = await Promise.all(
        receipts.map(async (receipt) =>
          receipt.state === 'awaiting-confirmation'
            ? printers.waitForCommand(receipt.printerId, operationId)
            : receipt
        )
      ).finally(release)
      const byId = new Map<string, PrinterSummary>(chosen.map((printer) => [printer.id, printer]))
      const results = receipts.map((receipt, index) => ({
        printerId: receipt.printerId,
        printer: byId.get(receipt.printerId)?.name ?? receipt.printerId,
        state: outcomes[index].state,
        message: outcomes[index].message
      }))
      if (options.json) {
        io.stdout.write(JSON.stringify(results, null, 2) + '\n')
      } else {
        for (const result of results) {
          const line =
            result.state === 'confirmed'
              ? `${result.printer}: ${PAST[command]}.`
              : `${result.printer}: ${result.message ?? result.state}`
          ;(result.state === 'confirmed' ? io.stdout : io.stderr).write(`${line}\n`)
        }
      }
      done(exitCodeFor(results.map((result) => result.state)))
    })
}

function exitCodeFor(states: string[]): ExitCodeValue {
  if (states.every((state) => state === 'confirmed')) return ExitCode.Ok
  if (states.includes('failed')) return ExitCode.Network
  if (states.includes('not-confirmed')) return ExitCode.NotConfirmed
  return ExitCode.Failure
}
