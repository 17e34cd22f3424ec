/**
 * The Obico REST calls behind the printers feature (obico-api.md §2.3, §2.4, §6), each validated
 * with zod. Calls go through the account's `authorizedRequest` (the one HTTP client, decision
 * 0007), with a deadline and a size cap each. Nothing here retries: a command sent twice could
 * pause a resumed print, so a failed call is reported, never repeated blindly.
 */
import type {
  AlertVerdict,
  PrinterCommand,
  PrinterSettingsPatch,
  PrintQuery,
  PrintStatsQuery
} from '../../../shared/models/printer'
import type { AuthorizedRequest } from '../accounts/service-types'
import { AppError } from '../errors'
import type { HttpResponse } from '../http'
import {
  actionReplySchema,
  obicoPrinterListSchema,
  obicoPrintListSchema,
  obicoPrintSchema,
  printStatsSchema,
  type ObicoPrint,
  type ObicoPrinter
} from './obico-schemas'
import type { z } from 'zod'

/** Sends one request with an account's credential (bound `authorizedRequest`). */
export type AccountCall = (request: AuthorizedRequest) => Promise<HttpResponse>

/** The printer list can be big on a farm: 200 printers with full status are ~1 MB. */
const LIST_MAX_BYTES = 8 * 1024 * 1024
/** A command must not hang: the server only publishes it (§2.8), so it answers fast or not at all. */
const COMMAND_DEADLINE_MS = 15_000
const READ_DEADLINE_MS = 20_000

/** `GET /api/v1/printers/`: a plain array (§2.1). Throws AppError on any failure. */
export async function fetchPrinterList(call: AccountCall): Promise<ObicoPrinter[]> {
  const response = await call({
    method: 'GET',
    url: '/api/v1/printers/',
    deadlineMs: READ_DEADLINE_MS,
    maxResponseBytes: LIST_MAX_BYTES
  })
  return parseReply(response, obicoPrinterListSchema, 'the printer list')
}

/**
 * `POST /api/v1/printers/{id}/{pause|resume|cancel}_print/`. `succeeded: true` only means Obico
 * published the command (§2.8); false means nothing was printing.
 */
export async function sendPrinterCommand(
  call: AccountCall,
  obicoId: number,
  command: PrinterCommand
): Promise<{ succeeded: boolean }> {
  const response = await call({
    method: 'POST',
    url: `/api/v1/printers/${obicoId}/${command}_print/`,
    deadlineMs: COMMAND_DEADLINE_MS
  })
  const reply = parseReply(response, actionReplySchema, `the ${command} reply`)
  return { succeeded: reply.succeeded }
}

/** `acknowledge_alert` with the verdict in the query string (§2.3, §6 item 12). */
export async function acknowledgeAlert(
  call: AccountCall,
  obicoId: number,
  verdict: AlertVerdict
): Promise<void> {
  const overwrite = verdict === 'failed' ? 'FAILED' : 'NOT_FAILED'
  const response = await call({
    method: 'POST',
    url: `/api/v1/printers/${obicoId}/acknowledge_alert/?alert_overwrite=${overwrite}`,
    deadlineMs: COMMAND_DEADLINE_MS
  })
  if (response.status === 404) {
    throw new AppError('printers/not-printing', 'The printer is no longer printing that print.')
  }
  parseReply(response, actionReplySchema, 'the acknowledge reply')
}

/**
 * `mute_current_print` with `mute_alert` in the query string. The caller must have checked that a
 * print is current: with none, the real server crashes with a 500 (§2.3, §6 item 12).
 */
export async function muteCurrentPrint(
  call: AccountCall,
  obicoId: number,
  mute: boolean
): Promise<void> {
  const response = await call({
    method: 'POST',
    url: `/api/v1/printers/${obicoId}/mute_current_print/?mute_alert=${mute ? 'true' : 'false'}`,
    deadlineMs: COMMAND_DEADLINE_MS
  })
  parseReply(response, actionReplySchema, 'the mute reply')
}

/** Our settings names → Obico's columns. Only these keys are ever sent (§2.3 PATCH quirk). */
const SETTING_COLUMNS = {
  name: 'name',
  actionOnFailure: 'action_on_failure',
  watchingEnabled: 'watching_enabled',
  detectiveSensitivity: 'detective_sensitivity',
  toolsOffOnPause: 'tools_off_on_pause',
  bedOffOnPause: 'bed_off_on_pause',
  retractOnPause: 'retract_on_pause',
  liftZOnPause: 'lift_z_on_pause'
} as const satisfies Record<keyof PrinterSettingsPatch, string>

/** The JSON body of a settings PATCH: known columns only, unknown keys dropped. */
export function settingsPatchBody(patch: PrinterSettingsPatch): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const [key, column] of Object.entries(SETTING_COLUMNS)) {
    const value = patch[key as keyof PrinterSettingsPatch]
    if (value !== undefined) body[column] = value
  }
  return body
}

/** `PATCH /api/v1/printers/{id}/` as JSON with known keys only (an unknown key is a 500). */
export async function patchPrinterSettings(
  call: AccountCall,
  obicoId: number,
  patch: PrinterSettingsPatch
): Promise<void> {
  const body = settingsPatchBody(patch)
  if (Object.keys(body).length === 0) return
  const response = await call({
    method: 'PATCH',
    url: `/api/v1/printers/${obicoId}/`,
    body,
    deadlineMs: COMMAND_DEADLINE_MS
  })
  parseReply(response, actionReplySchema, 'the settings reply')
}

/** The query string of `GET /prints/` and `prints/stats/`: filters as the server reads them (§3.1). */
function printFilterParams(
  query: Pick<PrintQuery, 'filter' | 'fromDate' | 'toDate' | 'timeZone'>,
  printerObicoIds: number[]
): string[] {
  const params: string[] = []
  if (query.filter) params.push(`filter=${query.filter.replaceAll('-', '_')}`)
  for (const id of printerObicoIds) params.push(`filter_by_printer_ids[]=${id}`)
  if (query.fromDate) {
    // Once from_date is present, to_date and timezone are required: a missing one is a 500 (§3.1).
    if (!query.toDate || !query.timeZone) {
      throw new AppError('ipc/invalid-arguments', 'A date range needs both dates and a time zone.')
    }
    params.push(`from_date=${query.fromDate}`, `to_date=${query.toDate}`)
    params.push(`timezone=${encodeTimeZone(query.timeZone)}`)
  }
  return params
}

/**
 * Percent-encodes an IANA zone: `+` must travel as `%2B`, or the shared filter code reads a space
 * and crashes (obico-ai-and-stats.md §3.2).
 */
export function encodeTimeZone(timeZone: string): string {
  return encodeURIComponent(timeZone)
}

/** `GET /api/v1/prints/`: a plain array with `start`/`limit` and no total count (§2.4). */
export async function fetchPrints(
  call: AccountCall,
  query: PrintQuery,
  printerObicoIds: number[]
): Promise<ObicoPrint[]> {
  const params = [
    `start=${Math.trunc(query.start)}`,
    `limit=${Math.trunc(query.limit)}`,
    `sorting=${query.oldestFirst ? 'date_asc' : 'date_desc'}`,
    ...printFilterParams(query, printerObicoIds)
  ]
  const response = await call({
    method: 'GET',
    url: `/api/v1/prints/?${params.join('&')}`,
    deadlineMs: READ_DEADLINE_MS,
    maxResponseBytes: LIST_MAX_BYTES
  })
  return parseReply(response, obicoPrintListSchema, 'the print list')
}

/** `GET /api/v1/prints/{id}/`; undefined when it is gone (404). */
export async function fetchPrint(
  call: AccountCall,
  printId: number
): Promise<ObicoPrint | undefined> {
  const response = await call({
    method: 'GET',
    url: `/api/v1/prints/${printId}/`,
    deadlineMs: READ_DEADLINE_MS
  })
  if (response.status === 404) return undefined
  return parseReply(response, obicoPrintSchema, 'the print')
}

/** `POST /api/v1/prints/bulk_delete/` with `{"print_ids": [...]}`; answers 204 (§2.4). */
export async function deletePrints(call: AccountCall, printIds: number[]): Promise<void> {
  const response = await call({
    method: 'POST',
    url: '/api/v1/prints/bulk_delete/',
    body: { print_ids: printIds },
    deadlineMs: READ_DEADLINE_MS
  })
  if (response.status !== 204 && response.status !== 200) throw statusFailure(response.status)
}

/**
 * `GET /api/v1/prints/stats/` with all four required parameters (a missing one is a 500,
 * obico-ai-and-stats.md §3.2).
 */
export async function fetchPrintStats(
  call: AccountCall,
  query: PrintStatsQuery,
  printerObicoIds: number[]
): Promise<z.output<typeof printStatsSchema>> {
  const params = [
    `timezone=${encodeTimeZone(query.timeZone)}`,
    `from_date=${query.fromDate}`,
    `to_date=${query.toDate}`,
    `group_by=${query.groupBy}`,
    ...printerObicoIds.map((id) => `filter_by_printer_ids[]=${id}`)
  ]
  const response = await call({
    method: 'GET',
    url: `/api/v1/prints/stats/?${params.join('&')}`,
    deadlineMs: READ_DEADLINE_MS,
    maxResponseBytes: LIST_MAX_BYTES
  })
  return parseReply(response, printStatsSchema, 'the print stats')
}

/** Parses a 2xx JSON reply with `schema`, or throws an AppError that names what was expected. */
export function parseReply<T extends z.ZodType>(
  response: HttpResponse,
  schema: T,
  what: string
): z.output<T> {
  if (response.status < 200 || response.status >= 300) {
    throw statusFailure(response.status, response.headers['retry-after'])
  }
  const parsed = schema.safeParse(response.json())
  if (!parsed.success) {
    throw new AppError(
      'network/bad-response',
      `The server sent ${what} in a form Printdock does not understand.`
    )
  }
  return parsed.data
}

/** A non-2xx answer, with the server's Retry-After when it sent one. */
export class ServerAnswerError extends AppError {
  constructor(
    code: ConstructorParameters<typeof AppError>[0],
    message: string,
    readonly status: number,
    /** Seconds or an HTTP date, as sent (read by the poller's backoff). */
    readonly retryAfter?: string
  ) {
    super(code, message, { retryable: status === 429 || status >= 500 })
  }
}

/** An AppError for a non-2xx answer. */
export function statusFailure(status: number, retryAfter?: string): AppError {
  if (status === 429) {
    return new ServerAnswerError(
      'network/rate-limited',
      'The server asked Printdock to slow down.',
      status,
      retryAfter
    )
  }
  if (status === 404)
    return new AppError('printers/not-found', 'The server no longer has that printer or print.')
  if (status >= 500) {
    return new ServerAnswerError(
      'network/server-error',
      `The server had a problem (HTTP ${status}).`,
      status,
      retryAfter
    )
  }
  return new ServerAnswerError(
    'network/bad-response',
    `The server refused the request (HTTP ${status}).`,
    status
  )
}
