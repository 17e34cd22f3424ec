import { HttpError, json, type FakeServer } from '../kit'
import { PRINTER_SCENARIOS, type ObicoPrinterControls, type PrinterScenario } from './obico-server'

/**
 * `/__sandbox/obico/printers/*`: the printer simulation driven over HTTP, for CLI process tests,
 * the harness and `npm run sandbox`. Only the fake has these routes; the real server hears its
 * agents over WebSocket (obico-api.md §4).
 */
export function mountPrinterControlRoutes(
  server: FakeServer,
  printers: ObicoPrinterControls
): void {
  const base = '/__sandbox/obico/printers'
  const printerId = (raw: string | undefined): number => {
    const id = Number(raw)
    if (!Number.isInteger(id) || !printers.get(id))
      throw new HttpError(404, { detail: 'no such printer' })
    return id
  }
  const guarded = <T>(run: () => T): T => {
    try {
      return run()
    } catch (error) {
      if (error instanceof HttpError) throw error
      throw new HttpError(409, { detail: error instanceof Error ? error.message : String(error) })
    }
  }

  server.route('POST', `${base}/agent`, async (req) => {
    const body = await req.json<{ mode?: 'acts' | 'ignores'; delayMs?: number }>()
    guarded(() => printers.setAgentBehaviour(null, behaviourOf(body)))
    return json(200, { ok: true })
  })
  server.route('POST', `${base}/:id/agent`, async (req) => {
    const id = printerId(req.params.id)
    const body = await req.json<{ mode?: 'acts' | 'ignores'; delayMs?: number; online?: boolean }>()
    guarded(() => {
      printers.setAgentBehaviour(id, behaviourOf(body))
      if (body.online !== undefined) printers.setOffline(id, !body.online)
    })
    return json(200, { ok: true })
  })
  server.route('POST', `${base}/:id/start-print`, async (req) => {
    const id = printerId(req.params.id)
    const body = await req.json<{
      filename?: string
      durationSeconds?: number
      startFraction?: number
    }>()
    if (!body.filename) throw new HttpError(400, { detail: 'filename is required' })
    const filename = body.filename
    const printId = guarded(() =>
      printers.startPrint(id, {
        filename,
        durationSeconds: body.durationSeconds,
        startFraction: body.startFraction
      })
    )
    return json(200, { printId })
  })
  server.route('POST', `${base}/:id/fail`, async (req) => {
    const id = printerId(req.params.id)
    const body = await req.json<{ message?: string }>()
    guarded(() => printers.failPrint(id, body.message))
    return json(200, { ok: true })
  })
  server.route('POST', `${base}/:id/alert`, async (req) => {
    const id = printerId(req.params.id)
    const body = await req.json<{ p?: number }>()
    guarded(() => printers.raiseFailureAlert(id, body.p))
    return json(200, { ok: true })
  })
  server.route('POST', '/__sandbox/obico/scenarios/:name', async (req) => {
    const name = req.params.name as PrinterScenario
    if (!PRINTER_SCENARIOS.includes(name)) {
      throw new HttpError(404, { detail: `scenarios: ${PRINTER_SCENARIOS.join(', ')}` })
    }
    // The body is optional: without one the scenario picks a fitting printer of user 1.
    const body = await req
      .json<{ printerId?: number }>()
      .catch(() => ({}) as { printerId?: number })
    const printerId = guarded(() => printers.playScenario(name, body.printerId))
    return json(200, { printerId })
  })
  server.route('GET', `${base}/:id/published`, (req) => {
    const id = printerId(req.params.id)
    return json(
      200,
      guarded(() => printers.published(id))
    )
  })
}

function behaviourOf(body: { mode?: unknown; delayMs?: unknown }): {
  mode?: 'acts' | 'ignores'
  delayMs?: number
} {
  const behaviour: { mode?: 'acts' | 'ignores'; delayMs?: number } = {}
  if (body.mode !== undefined) {
    if (body.mode !== 'acts' && body.mode !== 'ignores')
      throw new HttpError(400, { detail: "mode is 'acts' or 'ignores'" })
    behaviour.mode = body.mode
  }
  if (body.delayMs !== undefined) {
    if (typeof body.delayMs !== 'number' || !Number.isFinite(body.delayMs) || body.delayMs < 0)
      throw new HttpError(400, { detail: 'delayMs must be a number >= 0' })
    behaviour.delayMs = body.delayMs
  }
  return behaviour
}
