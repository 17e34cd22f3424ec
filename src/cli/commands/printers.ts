import { Command } from 'commander'
import type { PrinterService } from '../../main/core/printers/printer-service'
import type { PrintersView } from '../../shared/models/printer'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { accountProblems, printerLine, printersTable } from '../printer-format'

/**
 * `printdock printers`, `printdock watch` and `printdock alerts`: what the dashboard shows, read
 * with the app's own PrinterService (one request per account).
 */

/**
 * Keeps the process alive while a command waits on the poller: its timers are unref'd (the app's
 * clock must never hold a process open), so without this Node would exit mid-wait.
 */
export function keepAlive(): () => void {
  const timer = setInterval(() => {}, 60_000)
  return () => clearInterval(timer)
}

/** Reads every linked Obico account's printers once. */
export async function readPrinters(
  context: CliContext,
  options: { commandConfirmTimeoutMs?: number } = {}
): Promise<{ printers: PrinterService; view: PrintersView }> {
  const { printers } = await context.open(options)
  await printers.start()
  const view = (await printers.refresh()).value
  for (const note of accountProblems(view.accounts)) context.io.stderr.write(`${note}\n`)
  return { printers, view }
}

/** 6 when no account could be read at all (nothing shown is current), else 0. */
function exitCodeFor(view: PrintersView): ExitCodeValue {
  const failed = view.accounts.filter((account) => account.status !== 'ok')
  return view.accounts.length > 0 && failed.length === view.accounts.length
    ? ExitCode.Network
    : ExitCode.Ok
}

export function printersCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return new Command('printers')
    .description(
      'List the printers of every linked Obico account: state, progress, time left, temperatures.'
    )
    .option('--json', 'print the printers as JSON (never a secret)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: { json?: boolean }) => {
      const { view } = await readPrinters(context)
      context.io.stdout.write(
        options.json
          ? JSON.stringify({ accounts: view.accounts, printers: view.printers }, null, 2) + '\n'
          : printersTable(view.printers) + '\n'
      )
      done(exitCodeFor(view))
    })
}

export function alertsCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return new Command('alerts')
    .description('List printers whose print has an open failure alert.')
    .option('--json', 'print the alerted printers as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: { json?: boolean }) => {
      const { view } = await readPrinters(context)
      const alerted = view.printers.filter((printer) => printer.alert !== null)
      if (options.json) {
        context.io.stdout.write(
          JSON.stringify(
            alerted.map((printer) => ({
              printerId: printer.id,
              printer: printer.name,
              fileName: printer.job?.fileName ?? null,
              ...printer.alert,
              gauge: printer.failureDetection.gauge
            })),
            null,
            2
          ) + '\n'
        )
      } else if (alerted.length === 0) {
        context.io.stdout.write('No open failure alerts.\n')
      } else {
        for (const printer of alerted) {
          const muted = printer.alert?.muted ? ' (muted)' : ''
          const file = printer.job?.fileName ? ` printing ${printer.job.fileName}` : ''
          context.io.stdout.write(
            `${printer.name}${file}: possible failure (gauge ${printer.failureDetection.gauge.toFixed(2)})${muted}\n`
          )
        }
      }
      done(exitCodeFor(view))
    })
}

export function watchCommand(context: CliContext): Command {
  return new Command('watch')
    .description(
      'Watch the printers live: the table redraws in place on a terminal; otherwise one line per change. Stop with Ctrl+C.'
    )
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async () => {
      const { io } = context
      const { printers, view } = await readPrinters(context)
      printers.setWatched(true)
      const tty = (io.stdout as { isTTY?: boolean }).isTTY === true
      let drawnLines = 0
      const draw = (current: PrintersView) => {
        const text = `${printersTable(current.printers)}\n`
        // Up over the previous table and clear to the end: the table redraws in place.
        if (drawnLines > 0) io.stdout.write(`\x1b[${drawnLines}A\x1b[J`)
        io.stdout.write(text)
        drawnLines = text.split('\n').length - 1
      }
      if (tty) draw(view)
      else
        for (const printer of view.printers)
          io.stdout.write(`${printerLine(printer, new Date())}\n`)
      printers.onDidChange((change) => {
        if (tty) draw(printers.snapshot().value)
        else
          for (const printer of change.changed)
            io.stdout.write(`${printerLine(printer, new Date())}\n`)
        for (const note of accountProblems(change.accounts)) io.stderr.write(`${note}\n`)
      })
      // Until a signal stops the process (stopOnFirstSignal exits with 130 or 143).
      keepAlive()
      await new Promise<never>(() => {})
    })
}
