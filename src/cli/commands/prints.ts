import { Command, InvalidArgumentError } from 'commander'
import type { PrintRecord } from '../../shared/models/printer'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { printsTable } from '../printer-format'
import { selectPrinters } from '../printer-select'
import { readPrinters } from './printers'

function count(value: string): number {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 200) {
    throw new InvalidArgumentError('--limit takes a whole number from 1 to 200.')
  }
  return parsed
}

/** `printdock prints [--printer P] [--json]`: recent prints, newest first. */
export function printsCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return new Command('prints')
    .description('List recent prints of every linked Obico account, newest first.')
    .option('--printer <printer>', 'only this printer (name or id)')
    .option('--limit <n>', 'how many prints per account', count, 20)
    .option('--json', 'print the prints as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: { printer?: string; limit: number; json?: boolean }) => {
      const { printers, view } = await readPrinters(context)
      const printer = options.printer
        ? selectPrinters(view.printers, [options.printer])[0]
        : undefined
      const accountIds = printer
        ? [printer.accountId]
        : view.accounts.filter((account) => account.status === 'ok').map((a) => a.accountId)
      const prints: PrintRecord[] = []
      for (const accountId of accountIds) {
        const page = await printers.listPrints({
          accountId,
          printerIds: printer ? [printer.id] : undefined,
          start: 0,
          limit: options.limit
        })
        prints.push(...page.prints)
      }
      prints.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''))
      context.io.stdout.write(
        options.json ? JSON.stringify(prints, null, 2) + '\n' : printsTable(prints) + '\n'
      )
      done(ExitCode.Ok)
    })
}
