/**
 * "Print" on a library file: Obico's `start_print` on an idle printer of the same account
 * (obico-api.md §2.3). The printer is read first, because the server starts a print on any
 * printer it is asked to (closing the current one as finished) and answers 200 whether or not
 * the agent is there to hear it.
 */
import type { LibraryPrinter } from '../../../shared/models/library'
import { AppError } from '../errors'
import type { SendAuthorized } from './obico-library-client'
import { libraryStatusError } from './obico-library-client'
import { wirePrinter, type WirePrinter } from './obico-wire'
import { z } from 'zod'

/** Whether a printer can start a print now, with the reason when not (the web UI's rule, §2.3). */
export function printability(printer: WirePrinter): LibraryPrinter {
  const flags = printer.status?.state?.flags ?? {}
  const reason = (() => {
    if (printer.archived_at) return 'This printer is archived.'
    if (!printer.status) return 'This printer is offline.'
    if (flags.closedOrError !== false) return 'The printer is not connected to its controller.'
    if (printer.current_print || flags.printing === true || flags.paused === true) {
      return 'This printer is busy with another print.'
    }
    if (flags.operational === true && flags.ready === false) return 'This printer is busy.'
    return null
  })()
  return { id: printer.id, name: printer.name, printable: reason === null, reason }
}

/** The account's printers with whether each can print now. */
export async function listLibraryPrinters(send: SendAuthorized): Promise<LibraryPrinter[]> {
  const response = await send({
    method: 'GET',
    url: '/api/v1/printers/',
    maxResponseBytes: 8 * 1024 * 1024
  })
  if (response.status !== 200) throw libraryStatusError(response.status, 'The printer list')
  const parsed = z.array(wirePrinter).safeParse(response.json())
  if (!parsed.success) {
    throw new AppError(
      'network/bad-response',
      'The Obico server sent the printer list in a form Printdock does not know.'
    )
  }
  return parsed.data.map(printability)
}

/** Starts `filename` on printer `printerId` after checking it is idle. Resolves with words for the user. */
export async function startPrintFromLibrary(
  send: SendAuthorized,
  printerId: number,
  filename: string
): Promise<string> {
  const detail = await send({ method: 'GET', url: `/api/v1/printers/${printerId}/` })
  if (detail.status !== 200) throw libraryStatusError(detail.status, 'That printer')
  const parsed = wirePrinter.safeParse(detail.json())
  if (!parsed.success) {
    throw new AppError(
      'network/bad-response',
      'The Obico server sent the printer in a form Printdock does not know.'
    )
  }
  const printer = printability(parsed.data)
  if (!printer.printable) {
    throw new AppError(
      'library/cannot-print',
      `${printer.name} cannot start “${filename}”: ${printer.reason}`
    )
  }
  const response = await send({
    method: 'POST',
    url: `/api/v1/printers/${printerId}/start_print/`,
    body: { filename }
  })
  if (response.status !== 200) throw libraryStatusError(response.status, 'That printer')
  const succeeded = (() => {
    try {
      return (response.json() as { succeeded?: unknown }).succeeded === true
    } catch {
      return false
    }
  })()
  if (!succeeded) {
    throw new AppError('library/cannot-print', `${printer.name} did not accept “${filename}”.`)
  }
  // `succeeded` means only that the command was published (§2.8): say what we know.
  return `Sent “${filename}” to ${printer.name}; it starts when the printer picks it up.`
}

/** Finds a printer by id or exact name (the CLI's `--print`). */
export function findPrinter(printers: LibraryPrinter[], wanted: string): LibraryPrinter {
  const byId = /^\d+$/.test(wanted) ? printers.find((p) => p.id === Number(wanted)) : undefined
  if (byId) return byId
  const named = printers.filter((p) => p.name === wanted)
  const loose = printers.filter((p) => p.name.toLowerCase() === wanted.toLowerCase())
  const matches = named.length > 0 ? named : loose
  if (matches.length === 1) return matches[0]
  if (matches.length === 0) {
    const names = printers.map((p) => `“${p.name}”`).join(', ') || 'none'
    throw new AppError(
      'library/cannot-print',
      `No printer of this account is called “${wanted}”. Printers: ${names}.`
    )
  }
  throw new AppError(
    'library/cannot-print',
    `${matches.length} printers are called “${wanted}”; give its id instead.`
  )
}
