import { setTimeout as sleep } from 'node:timers/promises'
import { empty, html, HttpError, json, type FakeRequest, type FakeServer } from '../kit'
import { withAuth } from './api-auth'
import type { ObicoContext } from './context'
import { crash, requestData } from './http-helpers'
import type { ObicoUser } from './types'
import { isoMicro, strictInt } from './util'

/**
 * The JusPrin assistant API, `/jusprin/api/…` (obico-ai-and-stats.md §1, §4 items 1–8). Replies
 * come from a small table of canned answers keyed on the last user message: never a network call.
 */

/** A user's `JusPrinAICredit` row (§1.1); absent until the first AI call. */
export interface AiCreditRow {
  quota: number
  used: number
  created_at: number
  updated_at: number
}

/** A stored chat (§1.3). */
interface JusprinChat {
  id: number
  user_id: number
  messages: string
  machine_name: string | null
  filament_name: string | null
  print_process_name: string | null
  slicing_settings_json: string | null
  user_feedback: string | null
  user_feedback_text: string | null
  created_at: number
  updated_at: number
}

/** A support mail the server "sent" (§1.6). */
export interface SentSupportMail {
  to: string
  from: string
  subject: string
  body: string
}

/** One AI call as the server received it (for assertions on what the client sent). */
export interface AiCallRecord {
  path: string
  lang: string | null
  body: Record<string, unknown>
}

interface JusprinState {
  /** False: an older server without JusPrin (every `/jusprin/` path is Django's 404). */
  enabled: boolean
  credits: Map<number, AiCreditRow>
  chats: JusprinChat[]
  nextChatId: number
  /** Added to every AI call (real calls take many seconds, §1.4). */
  replyDelayMs: number
  mailFails: boolean
  mails: SentSupportMail[]
  calls: AiCallRecord[]
}

const states = new WeakMap<ObicoContext, JusprinState>()

function stateOf(ctx: ObicoContext): JusprinState {
  let state = states.get(ctx)
  if (!state) {
    state = {
      enabled: true,
      credits: new Map(),
      chats: [],
      nextChatId: 1,
      replyDelayMs: 0,
      mailFails: false,
      mails: [],
      calls: []
    }
    states.set(ctx, state)
  }
  return state
}

/** A message whose last user text contains this word takes this long (a "slow" reply to cancel). */
export const SLOW_REPLY_WORD = 'slowly'
export const SLOW_REPLY_MS = 60_000

/** Test and sandbox controls of the JusPrin side. */
export interface ObicoJusprinControls {
  /** False makes the server an older one: `/jusprin/api/` answers 404. */
  setEnabled(enabled: boolean): void
  /** Sets a user's credit row (quota -1 = unlimited); creates it if absent. */
  setCredits(userId: number, quota: number, used?: number): void
  /** The row, or undefined before the first AI call (`ai_credits: null`). */
  credits(userId: number): AiCreditRow | undefined
  setReplyDelay(ms: number): void
  /** Makes contact-support fail like a server without SMTP (JSON 500). */
  setMailFails(fails: boolean): void
  readonly mails: readonly SentSupportMail[]
  readonly calls: readonly AiCallRecord[]
  /** Chats stored for a user, newest first (what `GET /chats/` answers). */
  chats(userId: number): Array<{ id: number; messages: string }>
}

export function jusprinControls(ctx: ObicoContext): ObicoJusprinControls {
  const state = stateOf(ctx)
  return {
    setEnabled: (enabled) => void (state.enabled = enabled),
    setCredits(userId, quota, used = 0) {
      const now = ctx.clock.now()
      const row = state.credits.get(userId)
      state.credits.set(userId, {
        quota,
        used,
        created_at: row?.created_at ?? now,
        updated_at: now
      })
    },
    credits: (userId) => {
      const row = state.credits.get(userId)
      return row ? { ...row } : undefined
    },
    setReplyDelay: (ms) => void (state.replyDelayMs = ms),
    setMailFails: (fails) => void (state.mailFails = fails),
    get mails() {
      return state.mails
    },
    get calls() {
      return state.calls
    },
    chats: (userId) =>
      state.chats
        .filter((c) => c.user_id === userId)
        .sort((a, b) => b.id - a.id)
        .map((c) => ({ id: c.id, messages: c.messages }))
  }
}

// --- language (§0 "Language") ---------------------------------------------------------------

const LANGUAGES = ['en', 'zh-cn', 'zh-tw', 'pt-br', 'es', 'de', 'fr', 'it', 'ru']

/** The middleware's mapping of `?lang=` onto a supported language, falling back to `en`. */
export function jusprinLanguage(raw: string | null): string {
  if (!raw) return 'en'
  const tag = raw.toLowerCase().replaceAll('_', '-')
  if (tag === 'en-us') return 'en'
  if (LANGUAGES.includes(tag)) return tag
  const base = tag.split('-')[0]
  return LANGUAGES.includes(base) ? base : 'en'
}

/** The canned strings, translated for a few languages (the rest stay English). */
const STRINGS: Record<string, Record<string, string>> = {
  creditLimit: {
    en: 'Monthly AI credit limit exceeded',
    de: 'Monatliches KI-Guthaben überschritten',
    fr: 'Limite mensuelle de crédits IA dépassée'
  },
  noPlates: { en: 'No plates are found in the project. Please contact support.' },
  noModels: {
    en: 'Oops, you need to add at least one model.',
    de: 'Hoppla, du musst mindestens ein Modell hinzufügen.'
  },
  noImages: { en: 'No images found for analysis. Please contact support.' },
  messageRequired: { en: 'Message is required', de: 'Nachricht ist erforderlich' },
  supportSent: {
    en: 'Support request sent successfully',
    de: 'Supportanfrage erfolgreich gesendet'
  },
  supportFailed: { en: 'Failed to send support request' },
  somethingWrong: { en: 'Oops, something went wrong. Please contact support.' }
}

function say(key: keyof typeof STRINGS, lang: string): string {
  return STRINGS[key][lang] ?? STRINGS[key].en
}

// --- canned replies (§1.4 "Response") ----------------------------------------------------------

type Reply = Record<string, unknown>

/** The reply for a chat turn, decided by words in the last user message; deterministic. */
export function cannedReply(messages: Array<Record<string, unknown>>, body: Reply): Reply {
  const lastUser = [...messages].reverse().find((m) => m.role === 'user')
  const text = String(lastUser?.content ?? '').toLowerCase()
  if (/\borient/.test(text)) {
    // A client-side action with null content: exactly one action, arguments always {} (§1.4 shape 2).
    return {
      role: 'assistant',
      content: null,
      agent_actions: [{ name: 'auto_orient_all_models', arguments: {} }]
    }
  }
  if (/\barrange/.test(text)) {
    return {
      role: 'assistant',
      content: 'I can arrange the models on the plate for you.',
      agent_actions: [{ name: 'auto_arrange_all_models', arguments: {} }]
    }
  }
  if (/\bstart over\b/.test(text)) {
    return {
      role: 'assistant',
      content: null,
      agent_actions: [{ name: 'start_chat_over', arguments: {} }]
    }
  }
  if (/\b(stronger|settings|slicing)\b/.test(text)) {
    if (!body.slicing_profiles || !body.plates) {
      return { role: 'assistant', content: say('somethingWrong', 'en') }
    }
    return {
      role: 'assistant',
      content: 'For a stronger part I raised the wall count and infill, and turned on supports.',
      per_override_explanations: [
        { parameter: 'wall_loops', explanation: 'More perimeters carry most of the load.' },
        { parameter: 'sparse_infill_density', explanation: 'Denser infill stiffens the part.' }
      ],
      slicing_profiles: {
        use_print_process_preset: '0.20mm Standard @BBL X1C',
        filament_overrides: { nozzle_temperature: [220], enable_pressure_advance: [1] },
        print_process_overrides: { wall_loops: 4, sparse_infill_density: '40%', enable_support: 1 }
      }
    }
  }
  if (/\bstringing\b/.test(text)) {
    return {
      role: 'assistant',
      content:
        'Stringing usually means the nozzle is too hot or retraction is too short. Try lowering the temperature by 5 °C and raising retraction to 1 mm.'
    }
  }
  if (/\bwhat\b.*\?$/.test(text) && text.length < 12) return { role: 'assistant', content: '' }
  return {
    role: 'assistant',
    content: `Here is a general tip: level the bed and clean it before the first layer. (You asked: “${String(lastUser?.content ?? '').slice(0, 80)}”)`
  }
}

// --- routes -------------------------------------------------------------------------------------

/** Mounts `/jusprin/api/…` on the fake. */
export function mountJusprinRoutes(server: FakeServer, ctx: ObicoContext): void {
  const state = stateOf(ctx)
  const base = '/jusprin/api'
  const NOT_FOUND =
    '<!doctype html><html lang="en"><head><title>Not Found</title></head><body><h1>Not Found</h1><p>The requested resource was not found on this server.</p></body></html>'

  /** Every JusPrin handler: 404 on an older server, language resolved, content-language echoed. */
  const jusprin =
    (handler: (req: FakeRequest, lang: string) => ReturnType<Parameters<FakeServer['route']>[2]>) =>
    async (req: FakeRequest) => {
      if (!state.enabled) {
        req.raw.resume()
        return html(404, NOT_FOUND)
      }
      const lang = jusprinLanguage(req.query.get('lang'))
      let response
      try {
        response = await handler(req, lang)
      } catch (error) {
        if (!(error instanceof HttpError)) throw error
        response = error.toResponse()
      }
      if (response.kind !== 'handled') response.headers['content-language'] = lang
      return response
    }

  const authed = (
    handler: (
      req: FakeRequest,
      user: ObicoUser,
      lang: string
    ) => ReturnType<Parameters<FakeServer['route']>[2]>
  ) => jusprin((req, lang) => withAuth(ctx, (r, { user }) => handler(r, user, lang))(req))

  /** `require_ai_credits`: 402 before anything, else spend (only when limited) before the work (§1.1). */
  const spendCredit = (user: ObicoUser, lang: string) => {
    const now = ctx.clock.now()
    let row = state.credits.get(user.id)
    if (!row) {
      row = { quota: -1, used: 0, created_at: now, updated_at: now }
      state.credits.set(user.id, row)
    }
    if (row.quota === -1) return
    if (row.used >= row.quota) throw new HttpError(402, { error: say('creditLimit', lang) })
    row.used += 1
    row.updated_at = now
  }

  /** Injected latency; ends early when the client goes away, like a worker whose socket closed. */
  const latency = async (req: FakeRequest, ms: number) => {
    if (ms <= 0) return
    const controller = new AbortController()
    const onClose = () => controller.abort()
    req.rawResponse.once('close', onClose)
    try {
      await sleep(ms, undefined, { signal: controller.signal })
    } catch {
      // The client hung up; the credit stays spent.
    } finally {
      req.rawResponse.off('close', onClose)
    }
  }

  // The API root: DRF's DefaultRouter view, AllowAny (§0 "Mounting", §4 item 1).
  server.route(
    'GET',
    `${base}/`,
    jusprin((req) => {
      const origin = `http://${req.headers.host ?? '127.0.0.1'}`
      return json(200, {
        me: `${origin}${base}/me/`,
        chats: `${origin}${base}/chats/`,
        plate_analysis: `${origin}${base}/plate_analysis/`,
        contact_support: `${origin}${base}/contact_support/`
      })
    })
  )

  // `/me/` (§1.2): GET only; the credits row is read, never created here.
  server.route(
    'GET',
    `${base}/me/`,
    authed((_req, user) => {
      const row = state.credits.get(user.id)
      return json(200, {
        user: {
          id: user.id,
          username: user.username,
          email: user.email,
          first_name: user.first_name,
          last_name: user.last_name
        },
        ai_credits: row
          ? {
              user: user.id,
              ai_credit_free_monthly_quota: row.quota,
              ai_credit_used_current_month: row.used,
              created_at: isoMicro(row.created_at),
              updated_at: isoMicro(row.updated_at)
            }
          : null
      })
    })
  )
  server.route(
    ['POST', 'PUT', 'PATCH', 'DELETE'],
    `${base}/me/`,
    authed((req) => json(405, { detail: `Method "${req.method}" not allowed.` }))
  )

  // Chat turn (§1.4): stateless, one credit, whole history in, one message out.
  server.route(
    'POST',
    `${base}/chats/messages/`,
    authed(async (req, user, lang) => {
      spendCredit(user, lang)
      const body = await requestData(req)
      state.calls.push({ path: req.path, lang: req.query.get('lang'), body })
      if (!('messages' in body)) crash("KeyError: 'messages'")
      const messages = body.messages
      if (!Array.isArray(messages)) crash('messages is not a list')
      const userCount = messages.filter((m) => (m as Reply)?.role === 'user').length
      if (userCount >= 4) {
        // The summariser folds everything but the last five; only three roles are accepted there.
        for (const m of messages.slice(0, -5)) {
          const role = (m as Reply)?.role
          if (role !== 'user' && role !== 'assistant' && role !== 'system')
            crash(`ValueError: role ${String(role)}`)
        }
      }
      const lastUser = [...messages].reverse().find((m) => (m as Reply)?.role === 'user') as
        Reply | undefined
      const slow = String(lastUser?.content ?? '')
        .toLowerCase()
        .includes(SLOW_REPLY_WORD)
      await latency(req, state.replyDelayMs + (slow ? SLOW_REPLY_MS : 0))
      return json(200, { message: cannedReply(messages as Reply[], body) })
    })
  )
  server.route(
    ['GET', 'PUT', 'PATCH', 'DELETE'],
    `${base}/chats/messages/`,
    authed((req) => json(405, { detail: `Method "${req.method}" not allowed.` }))
  )

  // Chats CRUD (§1.3): storage for the client only.
  const chatJson = (chat: JusprinChat) => ({
    id: chat.id,
    messages: chat.messages,
    machine_name: chat.machine_name,
    filament_name: chat.filament_name,
    print_process_name: chat.print_process_name,
    slicing_settings_json: chat.slicing_settings_json,
    user_feedback: chat.user_feedback,
    user_feedback_text: chat.user_feedback_text,
    created_at: isoMicro(chat.created_at),
    updated_at: isoMicro(chat.updated_at)
  })
  const findChat = (user: ObicoUser, raw: string) => {
    const id = strictInt(raw)
    const chat = state.chats.find((c) => c.id === id && c.user_id === user.id)
    if (!chat) throw new HttpError(404, { detail: 'No JusPrinChat matches the given query.' })
    return chat
  }
  const OPTIONAL = [
    'machine_name',
    'filament_name',
    'print_process_name',
    'slicing_settings_json',
    'user_feedback',
    'user_feedback_text'
  ] as const
  /** DRF's validation of the chat fields; `partial` skips the required check (PATCH). */
  const validated = (data: Record<string, unknown>, partial: boolean) => {
    const errors: Record<string, string[]> = {}
    const out: Partial<JusprinChat> = {}
    if ('messages' in data) {
      const value = data.messages
      if (value === null) errors.messages = ['This field may not be null.']
      else if (typeof value !== 'string') errors.messages = ['Not a valid string.']
      else if (value.trim() === '') errors.messages = ['This field may not be blank.']
      else out.messages = value
    } else if (!partial) errors.messages = ['This field is required.']
    for (const key of OPTIONAL) {
      if (!(key in data)) continue
      const value = data[key]
      if (value !== null && typeof value !== 'string') errors[key] = ['Not a valid string.']
      else if (key === 'user_feedback' && typeof value === 'string' && value.length > 16)
        errors[key] = ['Ensure this field has no more than 16 characters.']
      else out[key] = value
    }
    if (Object.keys(errors).length) throw new HttpError(400, errors)
    return out
  }

  server.route(
    'GET',
    `${base}/chats/`,
    authed((_req, user) =>
      json(
        200,
        state.chats
          .filter((c) => c.user_id === user.id)
          .sort((a, b) => b.id - a.id)
          .map(chatJson)
      )
    )
  )
  server.route(
    'POST',
    `${base}/chats/`,
    authed(async (req, user) => {
      const fields = validated(await requestData(req), false)
      const now = ctx.clock.now()
      const chat: JusprinChat = {
        id: state.nextChatId++,
        user_id: user.id,
        messages: '',
        machine_name: null,
        filament_name: null,
        print_process_name: null,
        slicing_settings_json: null,
        user_feedback: null,
        user_feedback_text: null,
        created_at: now,
        updated_at: now,
        ...fields
      }
      state.chats.push(chat)
      return json(201, chatJson(chat))
    })
  )
  server.route(
    'GET',
    `${base}/chats/:id/`,
    authed((req, user) => json(200, chatJson(findChat(user, req.params.id))))
  )
  server.route(
    ['PUT', 'PATCH'],
    `${base}/chats/:id/`,
    authed(async (req, user) => {
      const chat = findChat(user, req.params.id)
      const fields = validated(await requestData(req), req.method === 'PATCH')
      Object.assign(chat, fields, { updated_at: ctx.clock.now() })
      return json(200, chatJson(chat))
    })
  )
  server.route(
    'DELETE',
    `${base}/chats/:id/`,
    authed((req, user) => {
      const chat = findChat(user, req.params.id)
      state.chats.splice(state.chats.indexOf(chat), 1)
      return empty(204)
    })
  )

  // Plate analysis (§1.5): POST only; one credit; 201.
  server.route(
    'POST',
    `${base}/plate_analysis/`,
    authed(async (req, user, lang) => {
      spendCredit(user, lang)
      const body = await requestData(req)
      state.calls.push({ path: req.path, lang: req.query.get('lang'), body })
      if (!('images' in body) || !('plates' in body)) crash("KeyError: 'images'")
      const plates = body.plates as unknown[]
      const reply = (content: string) => json(201, { message: { role: 'assistant', content } })
      if (Array.isArray(plates) && plates.length === 0) return reply(say('noPlates', lang))
      const first = (Array.isArray(plates) ? plates[0] : undefined) as Reply | undefined
      const objects = first?.model_objects ?? first?.modelObjects
      if (!Array.isArray(objects)) crash("KeyError: 'model_objects'")
      if (objects.length === 0) return reply(say('noModels', lang))
      const images = body.images
      if (!Array.isArray(images) || images.length === 0) return reply(say('noImages', lang))
      // A header-only or non-image data URL makes the vision model fail: a 500 (§1.5).
      for (const image of images) {
        if (
          typeof image !== 'string' ||
          !/^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/.test(image)
        )
          crash('vision model rejected the image')
      }
      await latency(req, state.replyDelayMs)
      return json(201, {
        message: {
          role: 'assistant',
          content: `I see **${objects.length} object${objects.length === 1 ? '' : 's'}** on the plate. The base looks **flat and wide**, so it should stick well without a brim. Shall I suggest settings for a **stronger** part?`,
          suggested_printing_method:
            'Print flat side down at 0.2 mm layers, 15 % infill, no supports needed.'
        }
      })
    })
  )
  // DRF's assertion about a missing queryset: every other verb crashes (§1.5, §4 item 6).
  server.route(
    ['GET', 'PUT', 'PATCH', 'DELETE'],
    `${base}/plate_analysis/`,
    jusprin(() =>
      crash("'JusPrinPlateAnalysisViewSet' should either include a `queryset` attribute")
    )
  )
  server.route(
    ['GET', 'PUT', 'PATCH', 'DELETE'],
    `${base}/plate_analysis/:id/`,
    jusprin(() =>
      crash("'JusPrinPlateAnalysisViewSet' should either include a `queryset` attribute")
    )
  )

  // Contact support (§1.6): no credit; mails support@obico.io even from a self-hosted server.
  server.route(
    'POST',
    `${base}/contact_support/`,
    authed(async (req, user, lang) => {
      const body = await requestData(req)
      const message = body.message
      if (typeof message !== 'string' || message.trim() === '')
        return json(400, { error: say('messageRequired', lang) })
      if (state.mailFails) return json(500, { error: say('supportFailed', lang) })
      state.mails.push({
        to: 'support@obico.io',
        from: 'noreply@obico.io',
        subject: `JusPrin Support Request from ${user.email}`,
        body: message
      })
      return json(200, { message: say('supportSent', lang) })
    })
  )
}
