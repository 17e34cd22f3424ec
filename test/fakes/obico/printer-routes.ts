import {
  empty,
  HttpError,
  json,
  type FakeRequest,
  type FakeResponse,
  type FakeServer
} from '../kit'
import { withAuth } from './api-auth'
import type { ObicoContext } from './context'
import { crash, requestData, requiredText } from './http-helpers'
import { pauseArgs } from './printer-sim'
import { closePrint, createPrinter, startPrint } from './printer-ops'
import { printerJson } from './serializers'
import type { ObicoPrinter, ObicoUser } from './types'
import { strictInt } from './util'

/**
 * `/api/v1/printers/` (obico-api.md §2.3, §2.8).
 */

/** Model columns a raw `queryset.update(**request.data)` can write (PATCH quirk, §2.3). */
const PRINTER_COLUMNS = new Set([
  'name',
  'created_at',
  'action_on_failure',
  'watching_enabled',
  'tools_off_on_pause',
  'bed_off_on_pause',
  'retract_on_pause',
  'lift_z_on_pause',
  'detective_sensitivity',
  'min_timelapse_secs_on_finish',
  'min_timelapse_secs_on_cancel',
  'auth_token',
  'archived_at',
  'agent_name',
  'agent_version'
])

/** Fields the serializer writes on POST/PUT. */
const WRITABLE = [
  'name',
  'action_on_failure',
  'watching_enabled',
  'tools_off_on_pause',
  'bed_off_on_pause',
  'retract_on_pause',
  'lift_z_on_pause',
  'detective_sensitivity',
  'min_timelapse_secs_on_finish',
  'min_timelapse_secs_on_cancel'
] as const

function findPrinter(
  ctx: ObicoContext,
  user: ObicoUser,
  req: FakeRequest,
  allowArchived = false
): ObicoPrinter {
  const id = strictInt(req.params.id)
  const withArchived = allowArchived && req.query.get('with_archived') === 'true'
  const printer = ctx.store.printers.find(
    (p) =>
      p.id === id && p.user_id === user.id && p.deleted === null && (withArchived || !p.archived_at)
  )
  // Someone else's printer is 404, not 403 (obico-api.md §2.1).
  if (!printer) throw new HttpError(404, { detail: 'No Printer matches the given query.' })
  return printer
}

/**
 * The answer of the printer actions: `{succeeded, printer}` with the printer as it is now (§2.8).
 * The body is serialised at once, so a command published afterwards does not show in it.
 */
function actionReply(
  ctx: ObicoContext,
  printer: ObicoPrinter,
  succeeded: boolean,
  agentStatusBefore?: Record<string, unknown> | null
): FakeResponse {
  return json(200, { succeeded, printer: actionPrinter(ctx, printer, agentStatusBefore) })
}

/**
 * The printer embedded in a pause/resume/cancel reply: as `actionReply`'s, but with
 * `not_watching_reason` null, as the real server answers there (obico-api.md §7).
 */
function commandReply(ctx: ObicoContext, printer: ObicoPrinter): FakeResponse {
  return json(200, {
    succeeded: true,
    printer: { ...actionPrinter(ctx, printer), not_watching_reason: null }
  })
}

function actionPrinter(
  ctx: ObicoContext,
  printer: ObicoPrinter,
  agentStatusBefore?: Record<string, unknown> | null
): Record<string, unknown> {
  const serialized = printerJson(ctx, printer)
  // `status` is the agent's last report (Redis), not a database column: a command never changes it
  // within its own response, even when the rows behind `current_print` did change (§2.8, §6 item 10).
  if (agentStatusBefore !== undefined) serialized.status = agentStatusBefore
  return serialized
}

/** Mounts the printer routes. */
export function mountPrinterRoutes(server: FakeServer, ctx: ObicoContext): void {
  const base = '/api/v1/printers'

  server.route(
    'GET',
    `${base}/`,
    withAuth(ctx, (req, { user }) => {
      const withArchived = req.query.get('with_archived') === 'true'
      const list = ctx.store.printers.filter(
        (p) => p.user_id === user.id && p.deleted === null && (withArchived || !p.archived_at)
      )
      // A plain array, not paginated (obico-api.md §2.1, §6 item 9).
      return json(
        200,
        list.map((p) => printerJson(ctx, p))
      )
    })
  )

  server.route(
    'POST',
    `${base}/`,
    withAuth(ctx, async (req, { user }) => {
      const data = await requestData(req)
      const name = requiredText(data, 'name')
      // Agentless printers for OAuth apps (obico-server #1128): no status, fresh auth_token.
      const printer = createPrinter(ctx, { userId: user.id, name, agent: null })
      for (const key of WRITABLE)
        if (key in data && key !== 'name')
          (printer as unknown as Record<string, unknown>)[key] = data[key]
      return json(201, printerJson(ctx, printer))
    })
  )

  server.route(
    'GET',
    `${base}/:id/`,
    withAuth(ctx, (req, { user }) => json(200, printerJson(ctx, findPrinter(ctx, user, req, true))))
  )

  server.route(
    'PATCH',
    `${base}/:id/`,
    withAuth(ctx, async (req, { user }) => {
      const printer = findPrinter(ctx, user, req)
      const data = await requestData(req)
      // partial_update runs queryset.update(**request.data): unknown keys crash, values unchecked (§2.3).
      for (const key of Object.keys(data)) {
        if (!PRINTER_COLUMNS.has(key)) crash(`Printer has no field named '${key}'`)
      }
      Object.assign(printer, data)
      return actionReply(ctx, printer, true)
    })
  )

  server.route(
    'PUT',
    `${base}/:id/`,
    withAuth(ctx, async (req, { user }) => {
      const printer = findPrinter(ctx, user, req)
      const data = await requestData(req)
      if (typeof data.name !== 'string' || data.name === '')
        throw new HttpError(400, { name: ['This field is required.'] })
      for (const key of WRITABLE)
        if (key in data) (printer as unknown as Record<string, unknown>)[key] = data[key]
      return json(200, printerJson(ctx, printer))
    })
  )

  server.route(
    'DELETE',
    `${base}/:id/`,
    withAuth(ctx, (req, { user }) => {
      findPrinter(ctx, user, req).deleted = ctx.clock.now()
      return empty(204)
    })
  )

  server.route(
    'POST',
    `${base}/:id/archive/`,
    withAuth(ctx, (req, { user }) => {
      findPrinter(ctx, user, req).archived_at = ctx.clock.now()
      return empty(204)
    })
  )

  // These five still accept GET for old mobile apps (obico-api.md §2.1).
  server.route(
    ['GET', 'POST'],
    `${base}/:id/pause_print/`,
    withAuth(ctx, (req, { user }) => {
      const printer = findPrinter(ctx, user, req)
      if (!ctx.store.print(printer.current_print_id)) return actionReply(ctx, printer, false)
      // The answer embeds the status from before the agent acted (obico-api.md §2.8, §6 item 10).
      const reply = commandReply(ctx, printer)
      ctx.sims.get(printer.id)?.publish('pause', pauseArgs(printer), 'api')
      return reply
    })
  )

  // resume_print and cancel_print are one view but for the verdict and the command (§2.8).
  for (const [command, verdict] of [
    ['resume', 'NOT_FAILED'],
    ['cancel', 'FAILED']
  ] as const) {
    server.route(
      ['GET', 'POST'],
      `${base}/:id/${command}_print/`,
      withAuth(ctx, (req, { user }) => {
        const printer = findPrinter(ctx, user, req)
        const print = ctx.store.print(printer.current_print_id)
        if (!print) return actionReply(ctx, printer, false)
        if (print.alerted_at && !print.alert_acknowledged_at) {
          print.alert_acknowledged_at = ctx.clock.now()
          print.alert_overwrite = verdict
        }
        const reply = commandReply(ctx, printer)
        ctx.sims.get(printer.id)?.publish(command, {}, 'api')
        return reply
      })
    )
  }

  server.route(
    ['GET', 'POST'],
    `${base}/:id/mute_current_print/`,
    withAuth(ctx, (req, { user }) => {
      const printer = findPrinter(ctx, user, req)
      const print = ctx.store.print(printer.current_print_id)
      // AttributeError on None: HTTP 500, not succeeded:false (obico-api.md §2.3, §6 item 12).
      if (!print) crash("'NoneType' object has no attribute 'alert_muted_at'")
      // The flag travels in the query string; anything but "true" un-mutes.
      print.alert_muted_at = req.query.get('mute_alert') === 'true' ? ctx.clock.now() : null
      return actionReply(ctx, printer, true)
    })
  )

  server.route(
    ['GET', 'POST'],
    `${base}/:id/acknowledge_alert/`,
    withAuth(ctx, (req, { user }) => {
      const printer = findPrinter(ctx, user, req)
      const print = ctx.store.print(printer.current_print_id)
      if (!print) throw new HttpError(404, { detail: 'Not currently printing' })
      if (print.alerted_at) {
        print.alert_acknowledged_at = ctx.clock.now()
        print.alert_overwrite = req.query.get('alert_overwrite')
      }
      return actionReply(ctx, printer, true)
    })
  )

  server.route(
    'POST',
    `${base}/:id/start_print/`,
    withAuth(ctx, async (req, { user }) => {
      const printer = findPrinter(ctx, user, req)
      const data = await requestData(req)
      // A hand-raised check: the message is a string, not a list (obico-api.md §2.1).
      if (typeof data.filename !== 'string' || !data.filename)
        throw new HttpError(400, { filename: 'This field is required.' })
      // The agent's status as it stood before the command: the simulated agent starts the job at
      // once, but the server only publishes; the next GET shows Printing (§2.8, §6 items 10-11).
      const sim = ctx.sims.get(printer.id)
      const statusBefore = sim ? sim.status() : null
      startPrint(ctx, printer, { fileName: data.filename })
      return actionReply(ctx, printer, true, statusBefore)
    })
  )

  server.route(
    'POST',
    `${base}/:id/finish_print/`,
    withAuth(ctx, async (req, { user }) => {
      const printer = findPrinter(ctx, user, req)
      const data = await requestData(req)
      const print = ctx.store.print(printer.current_print_id)
      if (!print) throw new HttpError(404, { detail: 'Printer is not currently printing.' })
      const sim = ctx.sims.get(printer.id)
      const statusBefore = sim ? sim.status() : null
      closePrint(ctx, print, data.status === 'cancelled' ? 'cancelled' : 'finished')
      printer.current_print_id = null
      sim?.abortJob()
      return actionReply(ctx, printer, true, statusBefore)
    })
  )
}
