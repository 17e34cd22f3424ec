import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ObicoFake } from '../../fakes/obico'
import {
  CANCELLING_MS,
  DEFAULT_AGENT_BEHAVIOUR,
  DEMO_CLIENT_ID,
  PAUSING_MS,
  RESUMING_MS
} from '../../fakes/obico'
import { apiClient, startFake } from './helpers'

/** How long the simulated agent takes to act on a command by default. */
const AGENT_MS = DEFAULT_AGENT_BEHAVIOUR.delayMs

const PRINTER_KEYS = [
  'id',
  'name',
  'created_at',
  'action_on_failure',
  'watching_enabled',
  'not_watching_reason',
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
  'agent_version',
  'pic',
  'status',
  'settings',
  'current_print',
  'normalized_p'
].sort()

describe('obico fake: printers', () => {
  let sb: ObicoFake
  let api: ReturnType<typeof apiClient>
  beforeEach(async () => {
    sb = await startFake()
    api = apiClient(sb, sb.issueToken(1, DEMO_CLIENT_ID).accessToken)
  })
  afterEach(async () => {
    await sb.close()
  })

  const printer = async (id: number) => (await api.get(`/api/v1/printers/${id}/`)).json

  it('lists a plain array with the documented keys and varied seeded states (traps 9, 10, 17)', async () => {
    const res = await api.get('/api/v1/printers/')
    expect(res.status).toBe(200)
    expect(Array.isArray(res.json)).toBe(true)
    const byName = Object.fromEntries(res.json.map((p: any) => [p.name, p]))
    for (const p of res.json) expect(Object.keys(p).sort()).toEqual(PRINTER_KEYS)
    const printing = byName['Prusa MK3S']
    expect(printing.status.state.text).toBe('Printing')
    expect(printing.status.state.flags).toMatchObject({
      operational: true,
      printing: true,
      paused: false,
      ready: false
    })
    expect(printing.status.progress.completion).toBeCloseTo(40, 1) // a percent, not a fraction
    expect(printing.status.job.file.name).toBe('3DBenchy.gcode')
    expect(printing.status.temperatures.tool0).toEqual({
      actual: expect.any(Number),
      target: 215,
      offset: 0
    })
    expect(printing.current_print.filename).toBe('3DBenchy.gcode')
    expect(printing.current_print.printer.auth_token).toBe(printing.auth_token)
    expect(printing.auth_token).toMatch(/^[0-9a-f]{20}$/)
    expect(printing.pic.img_url).toMatch(/\/media\/tsd-pics\/raw\/\d+\/\d+\/\d+\.jpg\?digest=/)
    expect(printing.normalized_p).toBeGreaterThan(0)
    expect(printing.normalized_p).toBeLessThan(0.2)
    expect(byName['Voron 2.4'].status.state.text).toBe('Operational')
    expect(byName['Voron 2.4'].status.state.flags.ready).toBe(true)
    expect(byName['Voron 2.4'].status.temperatures.chamber.target).toBeNull() // a sensor
    expect(byName['Voron 2.4'].current_print).toBeNull()
    expect(byName['Voron 2.4'].not_watching_reason).toBe('Printer is not actively printing')
    expect(byName['Ender 3 V2'].status).toBeNull() // offline
    expect(byName['Ender 3 V2'].pic).toBeNull()
    expect(byName['Prusa MINI'].status.state.text).toBe('Paused')
    expect(byName['Prusa MINI'].status.state.flags.paused).toBe(true)
    expect(byName['Sovol SV06'].status.state.flags.closedOrError).toBe(true)
    expect(byName['Kingroon KP3S']).toBeUndefined() // user 2's printer
    expect(typeof printing.settings.printer_metadata).toBe('string') // JSON encoded as a string
  })

  it('advances a print over the fake clock to done, closing the Print', async () => {
    const before = await printer(1)
    sb.clock.advance(30 * 60_000)
    const mid = await printer(1)
    expect(mid.status.progress.completion).toBeCloseTo(65, 1)
    expect(mid.status.progress.printTime).toBeGreaterThan(before.status.progress.printTime)
    expect(mid.status.progress.printTimeLeft).toBeLessThan(before.status.progress.printTimeLeft)
    expect(mid.status.currentLayerHeight).toBeGreaterThan(before.status.currentLayerHeight)
    expect(mid.status.currentZ).toBeGreaterThan(before.status.currentZ)
    sb.clock.advance(60 * 60_000)
    const done = await printer(1)
    expect(done.status.state.text).toBe('Operational')
    expect(done.current_print).toBeNull()
    expect(done.status.temperatures.tool0.target).toBe(0)
    const prints = (await api.get('/api/v1/prints/')).json
    const finished = prints.find((p: any) => p.id === before.current_print.id)
    expect(finished.finished_at).not.toBeNull()
    expect(finished.ended_at).toBe(finished.finished_at)
    expect(finished.print_time).toBe(7200)
  })

  it('heats up from idle to printing', async () => {
    const printId = sb.printers.startPrint(2, {
      filename: 'cube.gcode',
      durationSeconds: 600,
      layers: 50
    })
    const start = await printer(2)
    expect(start.current_print.id).toBe(printId)
    expect(start.status.temperatures.tool0.actual).toBeLessThan(50)
    expect(start.status.progress.completion).toBe(0)
    sb.clock.advance(120_000)
    const hot = await printer(2)
    expect(hot.status.temperatures.tool0.actual).toBeGreaterThan(200)
    expect(hot.status.progress.completion).toBeCloseTo(20, 1)
  })

  it('pause is only published: the response shows the old status, then Pausing, then Paused (traps 10, 11)', async () => {
    const res = await api.post('/api/v1/printers/1/pause_print/')
    expect(res.status).toBe(200)
    expect(res.json.succeeded).toBe(true)
    expect(res.json.printer.status.state.text).toBe('Printing')
    expect(sb.printers.published(1).at(-1)?.frame).toEqual({
      commands: [
        { cmd: 'pause', args: { retract: 6.5, lift_z: 2.5, tools_off: true }, initiator: 'api' }
      ],
      type: 'printer.message'
    })
    // Nothing changes until the agent acts and reports (obico-api.md §7).
    expect((await printer(1)).status.state.text).toBe('Printing')
    sb.clock.advance(AGENT_MS)
    expect((await printer(1)).status.state.text).toBe('Pausing')
    sb.clock.advance(PAUSING_MS)
    const paused = await printer(1)
    expect(paused.status.state.text).toBe('Paused')
    expect(paused.status.temperatures.tool0.target).toBe(0) // tools_off_on_pause
    const progress = paused.status.progress.completion
    sb.clock.advance(10 * 60_000)
    expect((await printer(1)).status.progress.completion).toBe(progress)

    const resume = await api.post('/api/v1/printers/1/resume_print/')
    expect(resume.json.printer.status.state.text).toBe('Paused')
    expect(sb.printers.published(1).at(-1)?.frame.commands[0]).toEqual({
      cmd: 'resume',
      args: {},
      initiator: 'api'
    })
    expect((await printer(1)).status.state.text).toBe('Paused')
    sb.clock.advance(AGENT_MS)
    expect((await printer(1)).status.state.text).toBe('Resuming')
    sb.clock.advance(RESUMING_MS)
    expect((await printer(1)).status.state.text).toBe('Printing')
  })

  it('cancel goes through Cancelling and ends the print as cancelled', async () => {
    const printId = (await printer(1)).current_print.id
    const res = await api.post('/api/v1/printers/1/cancel_print/')
    expect(res.json.printer.status.state.text).toBe('Printing')
    expect(sb.printers.published(1).at(-1)?.frame.commands[0]).toEqual({
      cmd: 'cancel',
      args: {},
      initiator: 'api'
    })
    expect((await printer(1)).current_print.id).toBe(printId)
    sb.clock.advance(AGENT_MS)
    expect((await printer(1)).status.state.text).toBe('Cancelling')
    sb.clock.advance(CANCELLING_MS)
    const after = await printer(1)
    expect(after.status.state.text).toBe('Operational')
    expect(after.current_print).toBeNull()
    const print = (await api.get(`/api/v1/prints/${printId}/`)).json
    expect(print.cancelled_at).not.toBeNull()
    expect(print.ended_at).toBe(print.cancelled_at)
  })

  it('answers succeeded:false (still 200) with nothing printing, and succeeded:true for an offline agent that never acts (trap 11)', async () => {
    const idle = await api.post('/api/v1/printers/2/pause_print/')
    expect(idle.status).toBe(200)
    expect(idle.json.succeeded).toBe(false)
    sb.printers.setOffline(1)
    const offline = await api.post('/api/v1/printers/1/pause_print/')
    expect(offline.status).toBe(200)
    expect(offline.json.succeeded).toBe(true)
    expect(offline.json.printer.status).toBeNull()
    expect(sb.printers.published(1).at(-1)?.delivered).toBe(false)
    sb.clock.advance(PAUSING_MS * 2)
    sb.printers.setOffline(1, false)
    expect((await printer(1)).status.state.text).toBe('Printing') // the command was dropped
  })

  it('pause/resume/cancel/mute/acknowledge also accept GET; other actions do not', async () => {
    expect((await api.get('/api/v1/printers/1/pause_print/')).status).toBe(200)
    expect((await api.get('/api/v1/printers/1/start_print/')).status).toBe(405)
  })

  it('mute_current_print reads the query string and crashes with 500 when nothing is printing (trap 12)', async () => {
    const crash = await api.post('/api/v1/printers/2/mute_current_print/?mute_alert=true')
    expect(crash.status).toBe(500)
    expect(crash.text).toContain('Server Error (500)')
    const muted = await api.post('/api/v1/printers/1/mute_current_print/?mute_alert=true')
    expect(muted.status).toBe(200)
    expect(muted.json.succeeded).toBe(true)
    expect(muted.json.printer.current_print.alert_muted_at).not.toBeNull()
    expect(muted.json.printer.not_watching_reason).toBe('Alerts are muted for current print')
    // mute_alert in a JSON body is ignored: the default (false) un-mutes.
    const body = await api.post('/api/v1/printers/1/mute_current_print/', { mute_alert: true })
    expect(body.json.printer.current_print.alert_muted_at).toBeNull()
  })

  it('an AI failure alert raises normalized_p, alerts the print and auto-pauses with initiator system', async () => {
    sb.printers.raiseFailureAlert(1, 0.93)
    const alerted = await printer(1)
    expect(alerted.normalized_p).toBe(0.93)
    expect(alerted.current_print.alerted_at).not.toBeNull()
    expect(alerted.current_print.paused_at).not.toBeNull()
    expect(alerted.current_print.need_alert_overwrite).toBe(true)
    expect(sb.printers.published(1).at(-1)?.frame.commands[0].initiator).toBe('system')
    expect(alerted.status.state.text).toBe('Printing')
    sb.clock.advance(AGENT_MS)
    expect((await printer(1)).status.state.text).toBe('Pausing')
    const ack = await api.post('/api/v1/printers/1/acknowledge_alert/?alert_overwrite=NOT_FAILED')
    expect(ack.status).toBe(200)
    expect(ack.json.printer.current_print.alert_overwrite).toBe('NOT_FAILED')
    expect(ack.json.printer.current_print.alert_acknowledged_at).not.toBeNull()
    const events = await api.get(
      '/api/v1/printer_events/?filter_by_classes[]=WARNING&filter_by_types[]=ALERT'
    )
    expect(events.json.map((e: any) => e.event_type)).toContain('FAILURE_ALERTED')
    expect((await api.get('/api/v1/printer_events/')).json).toEqual([])
  })

  it('cancel after an alert acknowledges it as FAILED; with action NONE the alert does not pause', async () => {
    sb.printers.raiseFailureAlert(1)
    const cancel = await api.post('/api/v1/printers/1/cancel_print/')
    expect(cancel.json.printer.current_print.alert_overwrite).toBe('FAILED')
    await api.patch('/api/v1/printers/2/', { action_on_failure: 'NONE' })
    sb.printers.startPrint(2, { filename: 'x.gcode' })
    const before = sb.printers.published(2).length
    sb.printers.raiseFailureAlert(2)
    expect(sb.printers.published(2).length).toBe(before)
    expect((await printer(2)).status.state.text).toBe('Printing')
  })

  it('acknowledge_alert with no current print is 404 "Not currently printing"', async () => {
    const res = await api.post('/api/v1/printers/2/acknowledge_alert/?alert_overwrite=FAILED')
    expect(res.status).toBe(404)
    expect(res.json).toEqual({ detail: 'Not currently printing' })
  })

  it('shows firmware disconnection and offline agents through status only', async () => {
    sb.printers.disconnectFirmware(2)
    const fw = await printer(2)
    expect(fw.status.state.flags.closedOrError).toBe(true)
    expect(fw.status.state.flags.operational).toBe(false)
    sb.printers.disconnectFirmware(2, false)
    sb.printers.setOffline(2)
    const off = await printer(2)
    expect(off.status).toBeNull()
    expect(off.pic).not.toBeNull() // the last snapshot lingers for 30 minutes
    sb.clock.advance(31 * 60_000)
    expect((await printer(2)).pic).toBeNull()
  })

  it('PATCH returns {succeeded, printer}, writes raw columns, and any unknown key is a 500 (trap 13)', async () => {
    const res = await api.patch('/api/v1/printers/2/', {
      name: 'Voron Trident',
      auth_token: 'overwritten-token'
    })
    expect(res.status).toBe(200)
    expect(Object.keys(res.json).sort()).toEqual(['printer', 'succeeded'])
    expect(res.json.succeeded).toBe(true)
    expect(res.json.printer.name).toBe('Voron Trident')
    expect(res.json.printer.auth_token).toBe('overwritten-token') // read-only in the serializer, yet written
    const unknown = await api.patch('/api/v1/printers/2/', { name: 'x', status: 'nope' })
    expect(unknown.status).toBe(500)
    expect((await printer(2)).name).toBe('Voron Trident')
    const put = await api.put('/api/v1/printers/2/', { watching_enabled: false })
    expect(put.status).toBe(400)
    expect(put.json).toEqual({ name: ['This field is required.'] })
  })

  it('archive answers 204 and the printer then 404s without with_archived=true', async () => {
    const res = await api.post('/api/v1/printers/2/archive/')
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    expect((await api.get('/api/v1/printers/2/')).status).toBe(404)
    expect((await api.post('/api/v1/printers/2/pause_print/')).status).toBe(404)
    expect(
      (await api.get('/api/v1/printers/2/?with_archived=true')).json.archived_at
    ).not.toBeNull()
    expect((await api.get('/api/v1/printers/')).json.map((p: any) => p.id)).not.toContain(2)
    expect(
      (await api.get('/api/v1/printers/?with_archived=true')).json.map((p: any) => p.id)
    ).toContain(2)
  })

  it('start_print validates filename with a string message, creates a Print with ext_id, closes the old one', async () => {
    const missing = await api.post('/api/v1/printers/1/start_print/', {})
    expect(missing.status).toBe(400)
    expect(missing.json).toEqual({ filename: 'This field is required.' })
    const oldId = (await printer(1)).current_print.id
    const res = await api.post('/api/v1/printers/1/start_print/', { filename: 'next.gcode' })
    expect(res.status).toBe(200)
    expect(res.json.succeeded).toBe(true)
    expect(res.json.printer.current_print.filename).toBe('next.gcode')
    const old = (await api.get(`/api/v1/prints/${oldId}/`)).json
    expect(old.finished_at).not.toBeNull()
    const finish = await api.post('/api/v1/printers/1/finish_print/', { status: 'cancelled' })
    expect(finish.json.printer.current_print).toBeNull()
    expect((await api.post('/api/v1/printers/1/finish_print/', {})).status).toBe(404)
  })

  it('start_print answers with the status from before; the next GET shows Printing (§2.8, traps 10-11)', async () => {
    const idle = await printer(2) // Voron 2.4: online and idle
    expect(idle.status.state.text).toBe('Operational')
    expect(idle.current_print).toBeNull()
    const res = await api.post('/api/v1/printers/2/start_print/', { filename: 'gridfinity.gcode' })
    expect(res.status).toBe(200)
    expect(res.json.succeeded).toBe(true)
    // The database rows changed at once (the new Print is current)...
    expect(res.json.printer.current_print.filename).toBe('gridfinity.gcode')
    // ...but the agent's status in the same answer is still the old one.
    expect(res.json.printer.status).toEqual(idle.status)
    expect(res.json.printer.status.state.text).toBe('Operational')
    expect(res.json.printer.status.state.flags.printing).toBe(false)
    const next = await printer(2)
    expect(next.status.state.text).toBe('Printing')
    expect(next.status.state.flags.printing).toBe(true)
    expect(next.status.job.file.name).toBe('gridfinity.gcode')
  })

  it('finish_print also answers with the status from before; the next GET shows Operational', async () => {
    expect((await printer(1)).status.state.text).toBe('Printing')
    const res = await api.post('/api/v1/printers/1/finish_print/', {})
    expect(res.status).toBe(200)
    expect(res.json.printer.current_print).toBeNull()
    expect(res.json.printer.status.state.text).toBe('Printing')
    expect((await printer(1)).status.state.text).toBe('Operational')
  })

  it('POST /printers/ makes an agentless printer: 201, fresh auth_token, status null, default settings', async () => {
    const res = await api.post('/api/v1/printers/', { name: 'Farm #7' })
    expect(res.status).toBe(201)
    expect(res.json.status).toBeNull()
    expect(res.json.auth_token).toMatch(/^[0-9a-f]{20}$/)
    expect(Object.keys(res.json.settings).sort()).toEqual([
      'ratio169',
      'webcam_flipH',
      'webcam_flipV',
      'webcam_rotate90',
      'webcam_rotation',
      'webcam_streamRatio'
    ])
    expect((await api.post('/api/v1/printers/', {})).json).toEqual({
      name: ['This field is required.']
    })
  })

  it("someone else's printer is 404, not 403", async () => {
    const other = sb.printers.list().find((p) => p.user_id === 2)
    const res = await api.get(`/api/v1/printers/${other?.id}/`)
    expect(res.status).toBe(404)
    expect(res.json).toEqual({ detail: 'No Printer matches the given query.' })
  })

  it('serves the snapshot as a real JPEG without auth, and refuses a bad digest', async () => {
    const url = (await printer(1)).pic.img_url as string
    const img = await fetch(url)
    expect(img.status).toBe(200)
    expect(img.headers.get('content-type')).toBe('image/jpeg')
    const bytes = Buffer.from(await img.arrayBuffer())
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))
    expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]))
    const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]))
    expect(bytes.readUInt16BE(sof + 5)).toBe(120)
    expect(bytes.readUInt16BE(sof + 7)).toBe(160)
    expect((await fetch(url.replace(/digest=[0-9a-f]+/, 'digest=00'))).status).toBe(403)
  })
})
