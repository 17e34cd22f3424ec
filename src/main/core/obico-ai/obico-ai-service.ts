/**
 * Obico's AI for one app or CLI process (issue 12): the prediction timeline of a print and the
 * JusPrin assistant (obico-ai-and-stats.md §1, §2). Works only through linked Obico accounts and
 * the one HTTP client. Chat content is never logged; pictures are held in memory only.
 */
import type { AccountSummary } from '../../../shared/models/account'
import type {
  AiCredits,
  AskRequest,
  AskResult,
  AssistantStatus,
  ChatMessage,
  ChatSummary,
  ChatView,
  PlateAnalysis,
  PlateAnalysisRequest,
  PredictionTimeline,
  TaggedVideo
} from '../../../shared/models/obico-ai'
import type { SnapshotImage } from '../../../shared/models/printer'
import type { OperationId } from '../../../shared/ipc/contract'
import type { PrintdockAccountService } from '../accounts/create-account-service'
import { AppError } from '../errors'
import type { HttpClient } from '../http'
import { nullLogger, type Logger } from '../logger'
import type { MediaStore } from '../media/media-store'
import { parsePrinterId } from '../printers/normalise-printer'
import { fetchPrint, type AccountCall } from '../printers/obico-printers-api'
import { ChatTitles, defaultTitle } from './chat-titles'
import {
  analysePlate,
  contactSupport,
  createChat,
  deleteChat,
  fetchCredits,
  getChat,
  listChats,
  MAX_IMAGE_DATA_URL_CHARS,
  NO_CREDITS_MESSAGE,
  probeJusprin,
  saveChat,
  sendTurn
} from './jusprin-api'
import type { ChatRecord } from './jusprin-schemas'
import { PredictionTimelines } from './prediction-timeline'
import { openTaggedVideo } from './tagged-video'
import { readReply, readStoredMessages, toShown } from './shown-message'

/** Contact support always mails this address, even from a self-hosted server (§1.6). */
export const SUPPORT_ADDRESS = 'support@obico.io'
const OBICO_CLOUD_ORIGIN = 'https://app.obico.io'
/** How long "this server has JusPrin" is believed before asking again. */
const PROBE_TTL_MS = 10 * 60_000

export interface ObicoAiDeps {
  accounts: Pick<PrintdockAccountService, 'listAccounts' | 'authorizedRequest'>
  /** For the unauthenticated probe. */
  http: HttpClient
  /** A printer's current webcam snapshot (the printer service's). */
  snapshotImage: (printerId: string) => Promise<SnapshotImage>
  titles: ChatTitles
  /** Where tagged videos are held for the page (the app's one media store). */
  media: MediaStore
  now?: () => number
  logger?: Logger
}

const IMAGE_DATA_URL = /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/]+={0,2}$/

export class ObicoAiService {
  private readonly probes = new Map<string, { offered: boolean; at: number }>()
  private readonly operations = new Map<OperationId, AbortController>()
  private readonly timelines = new PredictionTimelines()
  private readonly logger: Logger
  private readonly now: () => number

  constructor(private readonly deps: ObicoAiDeps) {
    this.logger = deps.logger ?? nullLogger
    this.now = deps.now ?? Date.now
  }

  // --- prediction ------------------------------------------------------------------------------

  /** A print's timeline: `none` without a tagged video, `unavailable` when the server fails. */
  async predictionTimeline(accountId: string, printId: number): Promise<PredictionTimeline> {
    await this.requireObico(accountId)
    const call = this.call(accountId)
    const print = await fetchPrint(call, printId)
    if (!print) throw new AppError('printers/not-found', 'That print is no longer in the history.')
    return this.timelines.timeline(call, {
      accountId,
      printId,
      taggedVideoUrl: print.tagged_video_url,
      alertedAt: print.alerted_at
    })
  }

  /**
   * A print's tagged video, opened for the page as a same-origin media path (the signed URL stays
   * here). Network trouble is a reason in plain words, not an error.
   */
  async openTaggedVideo(accountId: string, printId: number): Promise<TaggedVideo> {
    const account = await this.requireObico(accountId)
    const call = this.call(accountId)
    const print = await fetchPrint(call, printId)
    if (!print) throw new AppError('printers/not-found', 'That print is no longer in the history.')
    if (!print.tagged_video_url) {
      return { ok: false, reason: 'no-video', message: 'This print has no tagged video.' }
    }
    // The frame count is the prediction file's record count; the timeline is cached by now.
    const timeline = await this.timelines
      .timeline(call, {
        accountId,
        printId,
        taggedVideoUrl: print.tagged_video_url,
        alertedAt: print.alerted_at
      })
      .catch(() => undefined)
    return openTaggedVideo(this.deps.media, {
      key: `${accountId}\n${printId}\n${print.tagged_video_url}`,
      url: print.tagged_video_url,
      serverOrigin: account.serverOrigin,
      frames: timeline?.status === 'ready' ? timeline.points.length : null,
      withCredentials: call,
      withoutCredentials: (request) => this.deps.http.request(request)
    })
  }

  // --- assistant --------------------------------------------------------------------------------

  /** Whether the account's server offers JusPrin, and the credits left. */
  async status(accountId: string, lang?: string): Promise<AssistantStatus> {
    const account = await this.requireObico(accountId)
    const base = {
      accountId,
      supportAddress: SUPPORT_ADDRESS,
      serverIsObicoCloud: account.serverOrigin === OBICO_CLOUD_ORIGIN
    }
    let offered: boolean
    try {
      offered = await this.offered(account)
    } catch (error) {
      return {
        ...base,
        offered: false,
        message: messageOf(error, 'The server could not be asked.')
      }
    }
    if (!offered) {
      return {
        ...base,
        offered: false,
        message: 'This server does not have the JusPrin assistant (it may be an older Obico).'
      }
    }
    const credits = await fetchCredits(this.call(accountId), lang)
    return { ...base, offered: true, credits }
  }

  async listChats(accountId: string): Promise<ChatSummary[]> {
    await this.requireAssistant(accountId)
    const records = await listChats(this.call(accountId))
    return records.map((record) => this.summary(accountId, record))
  }

  async openChat(accountId: string, chatId: number): Promise<ChatView> {
    await this.requireAssistant(accountId)
    return this.view(accountId, await getChat(this.call(accountId), chatId))
  }

  /** Names a chat (kept on this computer: the server's chats have no name field). */
  async renameChat(accountId: string, chatId: number, title: string): Promise<ChatSummary> {
    await this.requireAssistant(accountId)
    const record = await getChat(this.call(accountId), chatId)
    const trimmed = title.replace(/\s+/g, ' ').trim()
    this.deps.titles.set(accountId, chatId, trimmed === '' ? null : trimmed.slice(0, 200))
    return this.summary(accountId, record)
  }

  /** Deletes for good on the server (the UI confirms first). */
  async deleteChat(accountId: string, chatId: number): Promise<void> {
    await this.requireAssistant(accountId)
    await deleteChat(this.call(accountId), chatId)
    this.deps.titles.set(accountId, chatId, null)
  }

  /**
   * Sends a question with the whole history (the server keeps nothing between calls), then saves
   * the chat with the reply. Checks the credits first, so nothing is sent when none are left.
   */
  async ask(operationId: OperationId, request: AskRequest): Promise<AskResult> {
    const text = request.text.trim()
    if (!text) throw new AppError('ipc/invalid-arguments', 'Type a question first.')
    await this.requireAssistant(request.accountId)
    const call = this.call(request.accountId)
    await this.checkCredits(call, request.lang)
    const signal = this.begin(operationId)
    let createdChatId: number | undefined
    try {
      const history = request.chatId
        ? readStoredMessages((await getChat(call, request.chatId)).messages)
        : []
      const question: ChatMessage = { role: 'user', content: text }
      const messages = [...history.filter((m) => m.role !== 'system' || m.content), question]
      // Like the JusPrin page: a new chat is created first, to have an id for the turn.
      let chatId = request.chatId
      if (chatId === undefined) {
        chatId = (await createChat(call, [question])).id
        createdChatId = chatId
      }
      signal.throwIfAborted()
      const raw = await sendTurn(call, messages, chatId, { lang: request.lang, signal })
      const reply = readReply(raw)
      if (reply.unknownShape) {
        // The shape only, never the words.
        this.logger.warn('assistant: a reply in an unknown shape', { keys: shapeOf(raw) })
      }
      const saved = await saveChat(call, chatId, [...messages, reply.message])
      createdChatId = undefined
      const credits = await fetchCredits(call, request.lang).catch(() => undefined)
      return {
        chat: this.view(request.accountId, saved),
        reply: { ...toShown(reply.message), ...(reply.unknownShape ? { unknownShape: true } : {}) },
        ...(credits ? { credits } : {})
      }
    } catch (error) {
      // A cancelled first question leaves no half chat behind.
      if (createdChatId !== undefined) await deleteChat(call, createdChatId).catch(() => undefined)
      throw this.cancelledOr(error, signal)
    } finally {
      this.operations.delete(operationId)
    }
  }

  /** Cancels a question or plate analysis; a credit already spent stays spent. */
  cancel(operationId: OperationId): boolean {
    const controller = this.operations.get(operationId)
    if (!controller) return false
    controller.abort()
    return true
  }

  /** Sends a printer's current snapshot or a picture from disk for analysis (one credit). */
  async analyzePlate(
    operationId: OperationId,
    request: PlateAnalysisRequest
  ): Promise<PlateAnalysis> {
    await this.requireAssistant(request.accountId)
    const call = this.call(request.accountId)
    let imageDataUrl: string
    if (request.source.kind === 'printer') {
      const parsed = parsePrinterId(request.source.printerId)
      if (!parsed || parsed.accountId !== request.accountId) {
        throw new AppError('printers/not-found', 'That printer is not on this account.')
      }
      const image = await this.deps.snapshotImage(request.source.printerId)
      if (!image.ok) throw new AppError('printers/not-found', image.message)
      imageDataUrl = image.dataUrl
    } else {
      imageDataUrl = request.source.dataUrl
    }
    if (imageDataUrl.length > MAX_IMAGE_DATA_URL_CHARS) {
      throw new AppError('ipc/invalid-arguments', 'The picture is too large to send (over 9 MB).')
    }
    if (!IMAGE_DATA_URL.test(imageDataUrl)) {
      throw new AppError(
        'ipc/invalid-arguments',
        'Only JPEG, PNG or WebP pictures can be analysed.'
      )
    }
    await this.checkCredits(call, request.lang)
    const signal = this.begin(operationId)
    try {
      const answer = await analysePlate(call, imageDataUrl, { lang: request.lang, signal })
      const credits = await fetchCredits(call, request.lang).catch(() => undefined)
      return { imageDataUrl, ...answer, ...(credits ? { credits } : {}) }
    } catch (error) {
      throw this.cancelledOr(error, signal)
    } finally {
      this.operations.delete(operationId)
    }
  }

  /** Sends a message to support; it goes to support@obico.io whatever the server. */
  async contactSupport(
    accountId: string,
    message: string,
    lang?: string
  ): Promise<{ reply: string; sentTo: string }> {
    if (!message.trim()) throw new AppError('ipc/invalid-arguments', 'Write a message first.')
    await this.requireAssistant(accountId)
    const reply = await contactSupport(this.call(accountId), message, lang)
    return { reply, sentTo: SUPPORT_ADDRESS }
  }

  dispose(): void {
    for (const controller of this.operations.values()) controller.abort()
    this.operations.clear()
  }

  // --- helpers ----------------------------------------------------------------------------------

  private begin(operationId: OperationId): AbortSignal {
    if (this.operations.has(operationId)) {
      throw new AppError('ipc/duplicate-operation', 'That request is already running.')
    }
    const controller = new AbortController()
    this.operations.set(operationId, controller)
    return controller.signal
  }

  private cancelledOr(error: unknown, signal: AbortSignal): unknown {
    if (signal.aborted) {
      return new AppError(
        'operation/cancelled',
        'Cancelled. If the server had already started, the credit may have been spent.'
      )
    }
    return error
  }

  /** `/me/` first: with no credits left, nothing is sent (§1.2, §5 item 2). */
  private async checkCredits(call: AccountCall, lang?: string): Promise<AiCredits> {
    const credits = await fetchCredits(call, lang)
    if (credits.kind === 'limited' && credits.remaining <= 0) {
      throw new AppError('ai/no-credits', NO_CREDITS_MESSAGE)
    }
    return credits
  }

  private summary(accountId: string, record: ChatRecord): ChatSummary {
    const messages = readStoredMessages(record.messages)
    return {
      id: record.id,
      title: this.titleOf(accountId, record.id, messages),
      updatedAt: record.updated_at,
      messageCount: messages.length
    }
  }

  private view(accountId: string, record: ChatRecord): ChatView {
    const messages = readStoredMessages(record.messages)
    return {
      accountId,
      id: record.id,
      title: this.titleOf(accountId, record.id, messages),
      messages: messages.map(toShown)
    }
  }

  private titleOf(accountId: string, chatId: number, messages: ChatMessage[]): string {
    const named = this.deps.titles.get(accountId, chatId)
    if (named) return named
    const first = messages.find((m) => m.role === 'user')?.content ?? undefined
    return defaultTitle(first ?? undefined, chatId)
  }

  private async offered(account: AccountSummary): Promise<boolean> {
    const cached = this.probes.get(account.id)
    if (cached && this.now() - cached.at < PROBE_TTL_MS) return cached.offered
    const offered = await probeJusprin(this.deps.http, account.serverOrigin)
    this.probes.set(account.id, { offered, at: this.now() })
    return offered
  }

  private async requireAssistant(accountId: string): Promise<AccountSummary> {
    const account = await this.requireObico(accountId)
    if (!(await this.offered(account))) {
      throw new AppError('ai/not-offered', 'This server does not offer the JusPrin assistant.')
    }
    return account
  }

  private async requireObico(accountId: string): Promise<AccountSummary> {
    const account = (await this.deps.accounts.listAccounts()).find((a) => a.id === accountId)
    if (!account) throw new AppError('account/not-found', 'That account is no longer linked.')
    if (account.provider !== 'obico') {
      throw new AppError(
        'printers/unsupported-account',
        'Obico’s AI is available for linked Obico accounts only.'
      )
    }
    return account
  }

  private call(accountId: string): AccountCall {
    return (request) => this.deps.accounts.authorizedRequest(accountId, request)
  }
}

function messageOf(error: unknown, fallback: string): string {
  return error instanceof AppError ? error.message : fallback
}

/** The keys of a reply, for the log (never the values). */
function shapeOf(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [typeof value]
  const message = (value as { message?: unknown }).message
  const inner =
    message && typeof message === 'object' ? Object.keys(message).map((k) => `message.${k}`) : []
  return [...Object.keys(value), ...inner]
}
