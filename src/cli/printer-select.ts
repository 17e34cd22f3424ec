/**
 * Finds printers from what the user typed: an id, or a name (case-insensitive). A name that more
 * than one printer has is an error that lists them by id, so the user can pick one.
 */
import type { PrinterSummary } from '../shared/models/printer'
import { CliError } from './cli-error'
import { ExitCode } from './exit-codes'

/** The printers named by `names`, in order, each once. Throws a CliError naming the problem. */
export function selectPrinters(printers: PrinterSummary[], names: string[]): PrinterSummary[] {
  const chosen: PrinterSummary[] = []
  for (const name of names) {
    const printer = selectPrinter(printers, name)
    if (!chosen.includes(printer)) chosen.push(printer)
  }
  return chosen
}

function selectPrinter(printers: PrinterSummary[], name: string): PrinterSummary {
  const byId = printers.find((printer) => printer.id === name)
  if (byId) return byId
  const wanted = name.trim().toLowerCase()
  const byName = printers.filter((printer) => printer.name.trim().toLowerCase() === wanted)
  if (byName.length === 1) return byName[0]
  if (byName.length > 1) {
    throw new CliError(
      ExitCode.Usage,
      `More than one printer is called "${name}". Name it by id instead:\n${byName
        .map((printer) => `  ${printer.id}`)
        .join('\n')}`
    )
  }
  const known = printers.map((printer) => printer.name)
  throw new CliError(
    ExitCode.Failure,
    known.length === 0
      ? `No printer "${name}": no linked Obico account has printers.`
      : `No printer "${name}". Printers: ${known.join(', ')}.`
  )
}
