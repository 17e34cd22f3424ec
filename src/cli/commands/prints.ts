import { Command, InvalidArgumentError } from 'commander'
import type { PrintRecord } from '../../shared/models/printer'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { printsTable } from '../printer-format'
import { predictionJson, predictionLine } from '../prediction-summary'
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
    .option(
      '--prediction',
      'add each print’s failure-prediction summary (peak, time above each band)'
    )
    .addHelpText('after', EXIT_CODES_HELP)
    .action(
      async (options: {
        printer?: string
        limit: number
        json?: boolean
        prediction?: boolean
      }) => {
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
        if (options.prediction) {
          // Obico's AI (issue 12): only prints with a tagged video have prediction data.
          const { obicoAi } = await context.open()
          const lines: string[] = []
          const withPrediction = []
          for (const print of prints) {
            if (!print.hasPrediction) {
              withPrediction.push({ ...print, prediction: null })
              continue
            }
            const timeline = await obicoAi.predictionTimeline(print.accountId, print.id)
            lines.push(predictionLine(print.fileName, timeline))
            withPrediction.push({ ...print, prediction: predictionJson(timeline) })
          }
          context.io.stdout.write(
            options.json
              ? JSON.stringify(withPrediction, null, 2) + '\n'
              : `${printsTable(prints)}\n\nFailure prediction:\n${lines.length ? lines.join('\n') : 'No print here has prediction data.'}\n`
          )
          done(ExitCode.Ok)
          return
        }
        context.io.stdout.write(
          options.json ? JSON.stringify(prints, null, 2) + '\n' : printsTable(prints) + '\n'
        )
        done(ExitCode.Ok)
      }
    )
}
