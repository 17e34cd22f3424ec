import type { Fault, FaultRule } from './fault-injector'
import { empty, HttpError, json } from '../responses'
import type { FaultableServer } from './faultable-server'

const FAULT_KINDS = new Set<Fault['kind']>([
  'latency',
  'status',
  'rate-limit',
  'reset-request',
  'reset-response',
  'malformed-json',
  'slow-reader'
])

/**
 * Mounts `/__sandbox/*` routes so scripts and end-to-end tests can move the clock and inject
 * faults over HTTP. Only fakes have them; no real provider does.
 */
export function mountControlRoutes(server: FaultableServer): void {
  server.route('POST', '/__sandbox/clock/advance', (req) => {
    const ms = Number(req.query.get('ms'))
    if (!Number.isFinite(ms) || ms < 0)
      throw new HttpError(400, { detail: 'ms must be a number >= 0' })
    server.clock.advance(ms)
    return json(200, { now: server.clock.now() })
  })
  server.route('POST', '/__sandbox/faults', async (req) => {
    const body = await req.json<{
      method?: string
      path?: string
      pathRegex?: string
      times?: number
      fault?: Fault
    }>()
    if (!body.fault || !FAULT_KINDS.has(body.fault.kind))
      throw new HttpError(400, { detail: 'unknown fault kind' })
    const rule: FaultRule = {
      method: body.method,
      path: body.pathRegex ? new RegExp(body.pathRegex) : body.path,
      times: body.times,
      fault: body.fault
    }
    server.faults.add(rule)
    return json(201, { added: true })
  })
  server.route('DELETE', '/__sandbox/faults', () => {
    server.faults.clear()
    return empty(204)
  })
}
