import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ObicoFake } from '../../fakes/obico'
import { CANCELLING_MS, DEMO_CLIENT_ID, PAUSING_MS } from '../../fakes/obico'
import { apiClient, startFake } from './helpers'

/**
 * Issue 8, "Printer commands change nothing until the agent reports" (obico-api.md §2.8, §7): the
 * fake's REST commands only publish; the simulated agent acts after a configurable delay on the
 * fake clock, or never (offline or stuck agent).
 */
describe('obico fake: commands wait for the agent', () => {
  let sb: ObicoFake
  let api: ReturnType<typeof apiClient>
  const printer = async (id: number) => (await api.get(`/api/v1/printers/${id}/`)).json

  beforeEach(async () => {
    sb = await startFake({ agentBehaviour: { delayMs: 5_000 } })
    api = apiClient(sb, sb.issueToken(1, DEMO_CLIENT_ID).accessToken)
  })
  afterEach(async () => {
    await sb.close()
  })

  it('pause leaves state and current_print as they were in every read until the agent acts', async () => {
    const before = await printer(1)
    const reply = await api.post('/api/v1/printers/1/pause_print/')
    expect(reply.json.succeeded).toBe(true)
    sb.clock.advance(4_999)
    const still = await printer(1)
    expect(still.status.state.text).toBe('Printing')
    expect(still.current_print.id).toBe(before.current_print.id)
    sb.clock.advance(1)
    expect((await printer(1)).status.state.text).toBe('Pausing')
    sb.clock.advance(PAUSING_MS)
    expect((await printer(1)).status.state.text).toBe('Paused')
  })

  it('the printer embedded in a command reply has not_watching_reason null, even when muted', async () => {
    await api.post('/api/v1/printers/1/mute_current_print/?mute_alert=true')
    expect((await printer(1)).not_watching_reason).toBe('Alerts are muted for current print')
    const reply = await api.post('/api/v1/printers/1/pause_print/')
    expect(reply.json.printer.not_watching_reason).toBeNull()
  })

  it('after cancel_print the printer is not idle at once, and a resume right after still answers true', async () => {
    const printId = (await printer(1)).current_print.id
    expect((await api.post('/api/v1/printers/1/cancel_print/')).json.succeeded).toBe(true)
    const after = await printer(1)
    expect(after.status.state.text).toBe('Printing')
    expect(after.current_print.id).toBe(printId)
    expect((await api.post('/api/v1/printers/1/resume_print/')).json.succeeded).toBe(true)
    sb.clock.advance(5_000 + CANCELLING_MS)
    const ended = await printer(1)
    expect(ended.status.state.text).toBe('Operational')
    expect(ended.current_print).toBeNull()
    expect((await api.post('/api/v1/printers/1/resume_print/')).json.succeeded).toBe(false)
  })

  it('a stuck agent (set over the control API) gets succeeded:true and never acts', async () => {
    const control = await fetch(`${sb.baseUrl}/__sandbox/obico/printers/1/agent`, {
      method: 'POST',
      body: JSON.stringify({ mode: 'ignores' })
    })
    expect(control.status).toBe(200)
    expect((await api.post('/api/v1/printers/1/pause_print/')).json.succeeded).toBe(true)
    expect(sb.printers.published(1).at(-1)?.delivered).toBe(true)
    sb.clock.advance(10 * 60_000)
    expect((await printer(1)).status.state.text).toBe('Printing')
  })

  it('a command sent while the agent is offline is lost even when it comes back', async () => {
    sb.printers.setOffline(1)
    expect((await api.post('/api/v1/printers/1/pause_print/')).json.succeeded).toBe(true)
    sb.printers.setOffline(1, false)
    sb.clock.advance(60_000)
    expect((await printer(1)).status.state.text).toBe('Printing')
  })

  it('an agent that goes offline before acting drops the command it had not acted on', async () => {
    await api.post('/api/v1/printers/1/pause_print/')
    sb.printers.setOffline(1)
    sb.printers.setOffline(1, false)
    sb.clock.advance(60_000)
    expect((await printer(1)).status.state.text).toBe('Printing')
  })

  it('control API rejects a bad mode and an unknown printer', async () => {
    const bad = await fetch(`${sb.baseUrl}/__sandbox/obico/printers/agent`, {
      method: 'POST',
      body: JSON.stringify({ mode: 'sometimes' })
    })
    expect(bad.status).toBe(400)
    const none = await fetch(`${sb.baseUrl}/__sandbox/obico/printers/999/agent`, {
      method: 'POST',
      body: JSON.stringify({ mode: 'acts' })
    })
    expect(none.status).toBe(404)
  })
})

describe('obico fake: print scenarios', () => {
  let sb: ObicoFake
  let api: ReturnType<typeof apiClient>
  const printer = async (id: number) => (await api.get(`/api/v1/printers/${id}/`)).json

  beforeEach(async () => {
    sb = await startFake()
    api = apiClient(sb, sb.issueToken(1, DEMO_CLIENT_ID).accessToken)
  })
  afterEach(async () => {
    await sb.close()
  })

  it('a print that finishes closes its Print as finished', async () => {
    const printId = sb.printers.startPrint(2, { filename: 'short.gcode', durationSeconds: 60 })
    sb.clock.advance(61_000)
    expect((await printer(2)).current_print).toBeNull()
    const print = (await api.get(`/api/v1/prints/${printId}/`)).json
    expect(print.finished_at).not.toBeNull()
    expect(print.cancelled_at).toBeNull()
  })

  it('a print that fails: the printer reports an error and the Print ends cancelled (PrintFailed)', async () => {
    const printId = sb.printers.startPrint(2, { filename: 'doomed.gcode', durationSeconds: 600 })
    const res = await fetch(`${sb.baseUrl}/__sandbox/obico/printers/2/fail`, {
      method: 'POST',
      body: JSON.stringify({ message: 'Thermal runaway' })
    })
    expect(res.status).toBe(200)
    const failed = await printer(2)
    expect(failed.status.state.text).toBe('Error: Thermal runaway')
    expect(failed.status.state.flags.error).toBe(true)
    expect(failed.status.state.error).toBe('Thermal runaway')
    expect(failed.current_print).toBeNull()
    const print = (await api.get(`/api/v1/prints/${printId}/`)).json
    expect(print.cancelled_at).not.toBeNull()
    expect(print.finished_at).toBeNull()
    sb.printers.clearError(2)
    expect((await printer(2)).status.state.text).toBe('Operational')
  })

  it('a failure alert over the control API alerts the current print', async () => {
    const res = await fetch(`${sb.baseUrl}/__sandbox/obico/printers/1/alert`, {
      method: 'POST',
      body: JSON.stringify({ p: 0.9 })
    })
    expect(res.status).toBe(200)
    const alerted = await printer(1)
    expect(alerted.normalized_p).toBe(0.9)
    expect(alerted.current_print.alerted_at).not.toBeNull()
  })

  it('an agent going offline mid-print: status null, the print stays current', async () => {
    const printId = (await printer(1)).current_print.id
    await fetch(`${sb.baseUrl}/__sandbox/obico/printers/1/agent`, {
      method: 'POST',
      body: JSON.stringify({ online: false })
    })
    const off = await printer(1)
    expect(off.status).toBeNull()
    expect(off.current_print.id).toBe(printId)
  })
})

describe('obico fake: scenarios over the control API', () => {
  let sb: ObicoFake
  let api: ReturnType<typeof apiClient>
  const printer = async (id: number) => (await api.get(`/api/v1/printers/${id}/`)).json
  const play = async (name: string) => {
    const res = await fetch(`${sb.baseUrl}/__sandbox/obico/scenarios/${name}`, { method: 'POST' })
    return {
      status: res.status,
      body: (await res.json()) as { printerId: number; detail?: string }
    }
  }

  beforeEach(async () => {
    sb = await startFake()
    api = apiClient(sb, sb.issueToken(1, DEMO_CLIENT_ID).accessToken)
  })
  afterEach(async () => {
    await sb.close()
  })

  it('print-finishes: an idle printer prints for a minute, then its Print is finished', async () => {
    const { body } = await play('print-finishes')
    const printId = (await printer(body.printerId)).current_print.id
    sb.clock.advance(61_000)
    expect((await printer(body.printerId)).current_print).toBeNull()
    expect((await api.get(`/api/v1/prints/${printId}/`)).json.finished_at).not.toBeNull()
  })

  it('print-fails: 20 seconds in, the printer reports an error and the Print ends cancelled', async () => {
    const { body } = await play('print-fails')
    expect((await printer(body.printerId)).status.state.text).toBe('Printing')
    sb.clock.advance(20_000)
    const failed = await printer(body.printerId)
    expect(failed.status.state.text).toBe('Error: Thermal runaway on heater extruder')
    expect(failed.current_print).toBeNull()
  })

  it('failure-alert and offline-mid-print pick the printing printer', async () => {
    const alert = await play('failure-alert')
    expect((await printer(alert.body.printerId)).current_print.alerted_at).not.toBeNull()
    const offline = await play('offline-mid-print')
    const gone = await printer(offline.body.printerId)
    expect(gone.status).toBeNull()
    expect(gone.current_print).not.toBeNull()
  })

  it('an unknown scenario lists the known ones', async () => {
    const res = await play('meltdown')
    expect(res.status).toBe(404)
    expect(res.body.detail).toContain('print-finishes')
  })
})
