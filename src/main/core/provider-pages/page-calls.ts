import type { z } from 'zod'
import type { AuthorizedRequest } from '../accounts/service-types'
import { AppError } from '../errors'
import type { HttpResponse } from '../http'
import { statusError } from '../providers/adapter-support'

/**
 * The one door a page client uses to reach its server: `authorizedRequest` of the account service
 * (token refresh, one retry, needs-relink), plus zod-checked JSON reading in plain words.
 */

/** Sends one request with the account's credential (the account service's `authorizedRequest`). */
export type PageCalls = (accountId: string, request: AuthorizedRequest) => Promise<HttpResponse>

/** The longest answer a page reads: device lists can be long, profiles are small. */
export const PAGE_MAX_RESPONSE_BYTES = 2 * 1024 * 1024

/** Page requests give up sooner than the default: a page refreshes again shortly. */
export const PAGE_DEADLINE_MS = 10_000

/**
 * Reads a 2xx JSON answer through `schema`. Any other status becomes the shared status error; a
 * body that is not JSON, or not the shape the reference describes, becomes 'network/bad-response'
 * naming `what`, so a malformed reply never reaches the screen half-read.
 */
export function readJson<T>(
  response: HttpResponse,
  schema: z.ZodType<T>,
  label: string,
  what: string
): T {
  if (response.status < 200 || response.status >= 300) throw statusError(label, response.status)
  let body: unknown
  try {
    body = JSON.parse(response.text)
  } catch {
    throw malformed(label, what)
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw malformed(label, what)
  return parsed.data
}

/** Throws the status error unless the answer is a 2xx (bodies of 204s are not read). */
export function expectSuccess(response: HttpResponse, label: string): void {
  if (response.status < 200 || response.status >= 300) throw statusError(label, response.status)
}

function malformed(label: string, what: string): AppError {
  return new AppError(
    'network/bad-response',
    `${label} sent ${what} Printdock could not read. Try again later.`
  )
}

/** A GET with the page's deadline and size cap. */
export function pageGet(url: string, onApiServer = false): AuthorizedRequest {
  return {
    method: 'GET',
    url,
    onApiServer,
    deadlineMs: PAGE_DEADLINE_MS,
    maxResponseBytes: PAGE_MAX_RESPONSE_BYTES
  }
}
