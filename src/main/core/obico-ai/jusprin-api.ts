/**
 * The JusPrin calls (obico-ai-and-stats.md §1), each with a deadline, a size cap and zod. AI calls
 * are never retried (§5 item 3): every attempt that passes the credit check costs a credit.
 */
import type { AiCredits, ChatMessage } from '../../../shared/models/obico-ai'
import { AppError } from '../errors'
import type { HttpClient, HttpResponse } from '../http'
import type { AccountCall } from '../printers/obico-printers-api'
import {
  chatListSchema,
  chatRecordSchema,
  errorBodySchema,
  meSchema,
  plateReplySchema,
  turnReplySchema,
  type ChatRecord
} from './jusprin-schemas'
import type { z } from 'zod'

/** AI calls run several LLM calls in a row with no server limit (§5 item 6). */
export const AI_DEADLINE_MS = 5 * 60_000
const READ_DEADLINE_MS = 20_000
/** `GET /chats/` returns every chat with its full text, unpaginated (§1.3). */
const CHAT_LIST_MAX_BYTES = 32 * 1024 * 1024
const CHAT_MAX_BYTES = 8 * 1024 * 1024
/** The largest picture sent for plate analysis, as a data URL. */
export const MAX_IMAGE_DATA_URL_CHARS = 12 * 1024 * 1024

/** The exact words of the 402 (§1.1), whatever language the server used. */
export const NO_CREDITS_MESSAGE = 'Monthly AI credit limit exceeded'

/** `?lang=`: only a plausible IETF tag is passed on. */
export function langQuery(lang: string | undefined, first = true): string {
  if (!lang || !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(lang)) return ''
  return `${first ? '?' : '&'}lang=${encodeURIComponent(lang)}`
}

/**
 * Unauthenticated `GET /jusprin/api/` (§0 "Mounting"): true on a server with JusPrin, false on an
 * older one (404). Other failures throw.
 */
export async function probeJusprin(http: HttpClient, serverOrigin: string): Promise<boolean> {
  const response = await http.request({
    method: 'GET',
    url: `${serverOrigin.replace(/\/+$/, '')}/jusprin/api/`,
    headers: { Accept: 'application/json' },
    deadlineMs: 10_000,
    maxResponseBytes: 64 * 1024
  })
  if (response.status === 404) return false
  if (response.status !== 200) throw failure(response, 'The assistant check')
  try {
    const body = response.json() as Record<string, unknown>
    return typeof body === 'object' && body !== null && 'chats' in body
  } catch {
    return false
  }
}

/** `/me/` → credits (§1.2), tolerating the richer hosted shape. */
export async function fetchCredits(call: AccountCall, lang?: string): Promise<AiCredits> {
  const response = await call({
    method: 'GET',
    url: `/jusprin/api/me/${langQuery(lang)}`,
    deadlineMs: READ_DEADLINE_MS
  })
  const me = parse(response, meSchema, 'the AI credits')
  return toCredits(me.ai_credits)
}

export function toCredits(raw: z.output<typeof meSchema>['ai_credits']): AiCredits {
  if (raw === null) return { kind: 'unknown' }
  if ('ai_credit_free_monthly_quota' in raw) {
    const quota = raw.ai_credit_free_monthly_quota
    if (quota === -1) return { kind: 'unlimited' }
    const used = raw.ai_credit_used_current_month
    return { kind: 'limited', quota, used, remaining: Math.max(0, quota - used) }
  }
  if (
    raw.credits_enabled === false ||
    raw.monthly_limit === null ||
    raw.monthly_limit === undefined
  )
    return { kind: 'unlimited' }
  const used = raw.used ?? 0
  const remaining = raw.available ?? Math.max(0, raw.monthly_limit - used)
  return { kind: 'limited', quota: raw.monthly_limit, used, remaining }
}

export async function listChats(call: AccountCall): Promise<ChatRecord[]> {
  const response = await call({
    method: 'GET',
    url: '/jusprin/api/chats/',
    deadlineMs: 60_000,
    maxResponseBytes: CHAT_LIST_MAX_BYTES
  })
  return parse(response, chatListSchema, 'the chat list')
}

export async function getChat(call: AccountCall, chatId: number): Promise<ChatRecord> {
  const response = await call({
    method: 'GET',
    url: `/jusprin/api/chats/${chatId}/`,
    deadlineMs: READ_DEADLINE_MS,
    maxResponseBytes: CHAT_MAX_BYTES
  })
  if (response.status === 404) throw chatGone()
  return parse(response, chatRecordSchema, 'the chat')
}

/** `POST /chats/` with the messages JSON-encoded: an array is a 400 (§1.3). */
export async function createChat(call: AccountCall, messages: ChatMessage[]): Promise<ChatRecord> {
  const response = await call({
    method: 'POST',
    url: '/jusprin/api/chats/',
    body: { messages: JSON.stringify(messages) },
    deadlineMs: READ_DEADLINE_MS,
    maxResponseBytes: CHAT_MAX_BYTES
  })
  return parse(response, chatRecordSchema, 'the new chat')
}

/** `PUT /chats/{id}/`: how the JusPrin page saves a chat after each turn. */
export async function saveChat(
  call: AccountCall,
  chatId: number,
  messages: ChatMessage[]
): Promise<ChatRecord> {
  const response = await call({
    method: 'PUT',
    url: `/jusprin/api/chats/${chatId}/`,
    body: { messages: JSON.stringify(messages) },
    deadlineMs: READ_DEADLINE_MS,
    maxResponseBytes: CHAT_MAX_BYTES
  })
  if (response.status === 404) throw chatGone()
  return parse(response, chatRecordSchema, 'the saved chat')
}

export async function deleteChat(call: AccountCall, chatId: number): Promise<void> {
  const response = await call({
    method: 'DELETE',
    url: `/jusprin/api/chats/${chatId}/`,
    deadlineMs: READ_DEADLINE_MS
  })
  if (response.status === 404) return
  if (response.status !== 204 && (response.status < 200 || response.status >= 300))
    throw failure(response, 'Deleting the chat')
}

/** The raw reply of a turn: validated by the caller, which shows unknown shapes as text. */
export async function sendTurn(
  call: AccountCall,
  messages: ChatMessage[],
  chatId: number,
  options: { lang?: string; signal?: AbortSignal }
): Promise<unknown> {
  const response = await call({
    method: 'POST',
    url: `/jusprin/api/chats/messages/${langQuery(options.lang)}`,
    body: { messages, chat_id: chatId },
    deadlineMs: AI_DEADLINE_MS,
    signal: options.signal
  })
  return parseJson(response, 'The assistant')
}

export { turnReplySchema }

/** `POST /plate_analysis/` (201, §1.5). */
export async function analysePlate(
  call: AccountCall,
  imageDataUrl: string,
  options: { lang?: string; signal?: AbortSignal }
): Promise<{ text: string; suggestedPrintingMethod: string | null }> {
  const response = await call({
    method: 'POST',
    url: `/jusprin/api/plate_analysis/${langQuery(options.lang)}`,
    // Only plates[0].model_objects is read (§1.5); Printdock has no slicer project, so it names
    // one object: what the camera sees on the bed.
    body: {
      images: [imageDataUrl],
      plates: [{ model_objects: [{ id: 1, name: 'what is on the build plate' }] }]
    },
    deadlineMs: AI_DEADLINE_MS,
    signal: options.signal
  })
  const body = parseJson(response, 'The plate analysis')
  const parsed = plateReplySchema.safeParse(body)
  if (!parsed.success) {
    throw new AppError(
      'network/bad-response',
      'The server sent a plate analysis in a form Printdock does not understand.'
    )
  }
  return {
    text: parsed.data.message.content,
    suggestedPrintingMethod: parsed.data.message.suggested_printing_method ?? null
  }
}

/** `POST /contact_support/` (§1.6): the server's own words back. */
export async function contactSupport(
  call: AccountCall,
  message: string,
  lang?: string
): Promise<string> {
  const response = await call({
    method: 'POST',
    url: `/jusprin/api/contact_support/${langQuery(lang)}`,
    body: { message },
    deadlineMs: 60_000
  })
  const body = parseJson(response, 'Contact support')
  const text = (body as { message?: unknown })?.message
  return typeof text === 'string' ? text : 'Support request sent.'
}

function chatGone(): AppError {
  return new AppError('account/not-found', 'That chat is no longer on the server.')
}

/** Any 2xx as JSON (201 and 200 both mean success, §5 item 1), else a plain error. */
function parseJson(response: HttpResponse, what: string): unknown {
  if (response.status < 200 || response.status >= 300) throw failure(response, what)
  try {
    return response.json()
  } catch {
    throw new AppError('network/bad-response', `${what} answered with something that is not JSON.`)
  }
}

function parse<T extends z.ZodType>(response: HttpResponse, schema: T, what: string): z.output<T> {
  if (response.status < 200 || response.status >= 300) throw failure(response, `Reading ${what}`)
  const parsed = schema.safeParse(safeJson(response))
  if (!parsed.success) {
    throw new AppError(
      'network/bad-response',
      `The server sent ${what} in a form Printdock does not understand.`
    )
  }
  return parsed.data
}

function safeJson(response: HttpResponse): unknown {
  try {
    return response.json()
  } catch {
    return undefined
  }
}

/** A non-2xx answer in plain words; the 402 always as "Monthly AI credit limit exceeded". */
export function failure(response: HttpResponse, what: string): AppError {
  const status = response.status
  if (status === 402) return new AppError('ai/no-credits', NO_CREDITS_MESSAGE)
  if (status === 404) {
    return new AppError('ai/not-offered', 'This server does not offer the JusPrin assistant.')
  }
  if (status === 403 || status === 401) {
    return new AppError('auth/needs-relink', 'The server no longer accepts this account’s sign-in.')
  }
  const body = errorBodySchema.safeParse(safeJson(response))
  const said = body.success ? ('error' in body.data ? body.data.error : body.data.detail) : null
  if (status >= 500) {
    return new AppError(
      'network/server-error',
      `${what} failed on the server${said ? ` (“${said}”)` : ''}. A self-hosted server needs an AI provider configured; a credit may have been spent.`
    )
  }
  return new AppError(
    'network/bad-response',
    `${what} was refused (${status})${said ? `: ${said}` : ''}.`
  )
}
