import { empty, HttpError, json, type FakeServer } from '../kit'
import { withAuth } from './api-auth'
import type { ObicoContext } from './context'
import { crash, requestData } from './http-helpers'
import { printJson, userJson } from './serializers'
import type { ObicoPrint } from './types'
import { strictInt, ts } from './util'

/**
 * `/api/v1/users/me/`, `/api/v1/version/`, `/api/v1/prints/` and `/api/v1/printer_events/`
 * (obico-api.md §2.2, §2.4, §2.7).
 */

const USER_WRITABLE_BOOL = [
  'account_notification_by_email',
  'notification_enabled',
  'mobile_app_canary'
] as const
const USER_WRITABLE_OTHER = [
  'username',
  'first_name',
  'last_name',
  'date_joined',
  'last_active_at',
  'tunnel_cap_multiplier',
  'unseen_printer_events'
] as const

/** The calendar date (YYYY-MM-DD) of `ms` in an IANA time zone; throws on an unknown zone. */
function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit'
  }).format(ms)
}

/** The UTC offset of a zone at `ms`, as "+01:00". */
function offsetOf(ms: number, timeZone: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName')?.value
  const match = /GMT([+-]\d{2}:\d{2})/.exec(name ?? '')
  return match ? match[1] : '+00:00'
}

/** The start of the period (day/week from Sunday/month/year) holding a local date. */
function periodKey(date: string, groupBy: string): string {
  const [y, m, d] = date.split('-').map(Number)
  if (groupBy === 'year') return `${y}-01-01`
  if (groupBy === 'month') return `${y}-${String(m).padStart(2, '0')}-01`
  if (groupBy === 'week') {
    const day = new Date(Date.UTC(y, m - 1, d))
    day.setUTCDate(day.getUTCDate() - day.getUTCDay()) // weeks start on Sunday (§2.4)
    return day.toISOString().slice(0, 10)
  }
  return date
}

/** Mounts the account and print-history routes. */
export function mountAccountRoutes(server: FakeServer, ctx: ObicoContext): void {
  server.route(
    'GET',
    '/api/v1/users/me/',
    withAuth(ctx, (_req, { user }) => json(200, userJson(user)))
  )

  server.route(
    'PATCH',
    '/api/v1/users/me/',
    withAuth(ctx, async (req, { user }) => {
      const data = await requestData(req)
      const errors: Record<string, string[]> = {}
      for (const key of USER_WRITABLE_BOOL) {
        if (key in data && typeof data[key] !== 'boolean')
          errors[key] = ['Must be a valid boolean.']
      }
      if (Object.keys(errors).length) throw new HttpError(400, errors)
      const record = user as unknown as Record<string, unknown>
      // Read-only fields in the body are ignored, as DRF does.
      for (const key of [...USER_WRITABLE_BOOL, ...USER_WRITABLE_OTHER])
        if (key in data) record[key] = data[key]
      return json(200, userJson(user))
    })
  )

  server.route(
    'GET',
    '/api/v1/version/',
    withAuth(ctx, () => json(200, { version: '1.0.0' }))
  )

  const visiblePrints = (userId: number, query: URLSearchParams): ObicoPrint[] => {
    let list = ctx.store.prints.filter(
      (p) => p.user_id === userId && (query.has('with_deleted') || p.deleted === null)
    )
    const filter = query.get('filter') ?? query.get('feedback_needed')
    if (filter === 'cancelled') list = list.filter((p) => p.cancelled_at !== null)
    if (filter === 'finished') list = list.filter((p) => p.finished_at !== null)
    if (filter === 'need_alert_overwrite')
      list = list.filter((p) => p.alerted_at !== null && p.alert_overwrite === null)
    if (filter === 'need_print_shot_feedback') list = []
    const printerIds = query.getAll('filter_by_printer_ids[]').map(Number)
    if (printerIds.length)
      list = list.filter((p) => p.printer_id !== null && printerIds.includes(p.printer_id))
    const from = query.get('from_date')
    const to = query.get('to_date')
    if (from || to) {
      const zone = query.get('timezone')
      if (!zone) crash('timezone is required with from_date')
      const tz = zone.replace(/ /g, '+')
      list = list.filter((p) => {
        const day = localDate(p.started_at, tz)
        return (!from || day >= from) && (!to || day <= to)
      })
    }
    return list
  }

  server.route(
    'GET',
    '/api/v1/prints/',
    withAuth(ctx, (req, { user }) => {
      // Offset pagination, plain array, no count; non-integers crash (obico-api.md §2.1).
      const start = strictInt(req.query.get('start') ?? '0')
      const limit = strictInt(req.query.get('limit') ?? '12')
      if (Number.isNaN(start) || Number.isNaN(limit)) crash('invalid literal for int()')
      const list = visiblePrints(user.id, req.query)
      list.sort((a, b) => (req.query.get('sorting') === 'date_asc' ? a.id - b.id : b.id - a.id))
      return json(
        200,
        list.slice(start, start + limit).map((p) => printJson(ctx, p))
      )
    })
  )

  server.route(
    'GET',
    '/api/v1/prints/stats/',
    withAuth(ctx, (req, { user }) => {
      const q = req.query
      // Any missing parameter gives a 500 (obico-api.md §2.4).
      for (const name of ['timezone', 'from_date', 'to_date', 'group_by'])
        if (!q.get(name)) crash(`missing ${name}`)
      const tz = (q.get('timezone') as string).replace(/ /g, '+')
      const groupBy = q.get('group_by') as string
      if (!['day', 'week', 'month', 'year'].includes(groupBy)) crash('bad group_by')
      const prints = visiblePrints(user.id, q)
      const groups = new Map<string, { count: number; time: number; filament: number }>()
      for (const p of prints) {
        const key = periodKey(localDate(p.started_at, tz), groupBy)
        const g = groups.get(key) ?? { count: 0, time: 0, filament: 0 }
        g.count += 1
        g.time += p.print_time ?? 0
        g.filament += p.filament_used ?? 0
        groups.set(key, g)
      }
      const keys = [...groups.keys()].sort()
      const iso = (day: string): string =>
        `${day}T00:00:00${offsetOf(Date.parse(`${day}T12:00:00Z`), tz)}`
      const times = prints.map((p) => p.print_time ?? 0)
      const total = times.reduce((a, b) => a + b, 0)
      return json(200, {
        print_count_groups: keys.map((k) => ({ key: iso(k), value: groups.get(k)?.count ?? 0 })),
        print_time_groups: keys.map((k) => ({ key: iso(k), value: groups.get(k)?.time ?? 0 })),
        filament_used_groups: keys.map((k) => ({
          key: iso(k),
          value: groups.get(k)?.filament ?? 0
        })),
        total_print_count: prints.length,
        total_print_time: total,
        total_filament_used: prints.reduce((a, p) => a + (p.filament_used ?? 0), 0),
        total_cancelled_print_count: prints.filter((p) => p.cancelled_at !== null).length,
        total_succeeded_print_count: prints.filter((p) => p.finished_at !== null).length,
        longest_print_time: times.length ? Math.max(...times) : 0,
        average_print_time: times.length ? total / times.length : 0
      })
    })
  )

  server.route(
    'POST',
    '/api/v1/prints/bulk_delete/',
    withAuth(ctx, async (req, { user }) => {
      const data = await requestData(req)
      const ids = Array.isArray(data.print_ids) ? data.print_ids.map(Number) : []
      // Unknown or foreign ids are silently ignored (obico-api.md §2.4).
      for (const p of ctx.store.prints)
        if (p.user_id === user.id && ids.includes(p.id)) p.deleted ??= ctx.clock.now()
      return empty(204)
    })
  )

  const findPrint = (userId: number, idParam: string): ObicoPrint => {
    const id = strictInt(idParam)
    const print = ctx.store.prints.find(
      (p) => p.id === id && p.user_id === userId && p.deleted === null
    )
    if (!print) throw new HttpError(404, { detail: 'No Print matches the given query.' })
    return print
  }

  server.route(
    'GET',
    '/api/v1/prints/:id/',
    withAuth(ctx, (req, { user }) => json(200, printJson(ctx, findPrint(user.id, req.params.id))))
  )

  server.route(
    ['PATCH', 'PUT'],
    '/api/v1/prints/:id/',
    withAuth(ctx, async (req, { user }) => {
      const print = findPrint(user.id, req.params.id)
      const data = await requestData(req)
      if ('alert_overwrite' in data) {
        const value = data.alert_overwrite
        if (value !== null && value !== 'FAILED' && value !== 'NOT_FAILED') {
          throw new HttpError(400, {
            alert_overwrite: [`"${String(value)}" is not a valid choice.`]
          })
        }
        print.alert_overwrite = value
      }
      if ('filament_used' in data)
        print.filament_used = data.filament_used === null ? null : Number(data.filament_used)
      if ('print_time' in data)
        print.print_time = data.print_time === null ? null : Number(data.print_time)
      if ('access_consented_at' in data) print.access_consented_at = data.access_consented_at
      return json(200, printJson(ctx, print))
    })
  )

  server.route(
    'DELETE',
    '/api/v1/prints/:id/',
    withAuth(ctx, (req, { user }) => {
      findPrint(user.id, req.params.id).deleted = ctx.clock.now()
      return empty(204)
    })
  )

  // `/prints/{id}/prediction_json/` lives in prediction.ts.

  server.route(
    'GET',
    '/api/v1/printer_events/',
    withAuth(ctx, (req, { user }) => {
      const start = strictInt(req.query.get('start') ?? '0')
      const limit = strictInt(req.query.get('limit') ?? '12')
      if (Number.isNaN(start) || Number.isNaN(limit)) crash('invalid literal for int()')
      const classes = req.query.getAll('filter_by_classes[]')
      const groups: Record<string, string[]> = {
        ALERT: ['FAILURE_ALERTED', 'ALERT_MUTED', 'ALERT_UNMUTED'],
        PAUSE_RESUME: ['PAUSED', 'RESUMED']
      }
      const types = req.query.getAll('filter_by_types[]').flatMap((t) => groups[t] ?? [t])
      // Nothing comes back unless both filters are given (obico-api.md §2.7).
      const list = ctx.store.events
        .filter(
          (e) =>
            e.user_id === user.id && classes.includes(e.event_class) && types.includes(e.event_type)
        )
        .sort((a, b) => b.id - a.id)
        .slice(start, start + limit)
        .map((e) => ({
          id: e.id,
          event_type: e.event_type,
          event_class: e.event_class,
          event_title: e.event_title,
          event_text: e.event_text,
          image_url: null,
          info_url: null,
          created_at: ts(e.created_at),
          print: e.print_id,
          printer: e.printer_id
        }))
      return json(200, list)
    })
  )
}
