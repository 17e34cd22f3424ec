import { describe, expect, it } from 'vitest'
import {
  normalisePrinter,
  parsePrinterId,
  printerIdOf
} from '../../../../src/main/core/printers/normalise-printer'
import {
  obicoPrinterListSchema,
  obicoPrinterSchema
} from '../../../../src/main/core/printers/obico-schemas'
import { OCTO_PAUSED, OCTO_PRINTING, printerJson } from './agent-statuses'

const READ_AT = Date.UTC(2026, 11, 2, 12, 0, 0)
const normalise = (json: Record<string, unknown>) =>
  normalisePrinter('obico:https://app.obico.io:12', obicoPrinterSchema.parse(json), READ_AT)

describe('normalisePrinter', () => {
  it('reads a moonraker-obico printer with floats where integers are expected', () => {
    const printer = normalise(printerJson())
    expect(printer).toMatchObject({
      id: 'obico:https://app.obico.io:12#7',
      obicoId: 7,
      name: 'Voron 2.4',
      agent: 'klipper',
      state: 'printing',
      stateText: 'Printing',
      errorText: null,
      hasSnapshot: true,
      alert: null,
      temperatures: {
        tool: { actual: 215, target: 215 },
        bed: { actual: 70, target: 70 },
        chamber: { actual: 31.5, target: null }
      },
      failureDetection: { watching: true, notWatchingReason: null, gauge: 0.0625 }
    })
    expect(printer.job).toEqual({
      printId: 31,
      fileName: 'calibration cube.gcode',
      progressPercent: 10,
      elapsedSeconds: 600,
      remainingSeconds: 5400,
      expectedFinishAt: new Date(READ_AT + 5400_000).toISOString(),
      currentLayer: 10,
      totalLayers: 100,
      startedAt: '2026-12-02T10:00:00.000000Z'
    })
  })

  it('reads an OctoPrint printer: integer _ts, no chamber', () => {
    const printer = normalise(printerJson({ agent_name: 'octoprint_obico', status: OCTO_PRINTING }))
    expect(printer.agent).toBe('octoprint')
    expect(printer.temperatures.chamber).toBeNull()
    expect(printer.job?.progressPercent).toBe(42.5)
    expect(printer.job?.currentLayer).toBe(42)
    expect(printer.job?.totalLayers).toBe(240)
  })

  it('keeps the printer’s auth_token out of the model, nested prints included', () => {
    const json = JSON.stringify(normalise(printerJson()))
    expect(json).not.toContain('a1b2c3d4e5f60718293a')
    expect(json).not.toContain('auth_token')
    // And out of what the schema keeps at all.
    expect(JSON.stringify(obicoPrinterSchema.parse(printerJson()))).not.toContain(
      'a1b2c3d4e5f60718293a'
    )
  })

  it('an offline printer with a current print keeps the file name but no live numbers', () => {
    const printer = normalise(printerJson({ status: null }))
    expect(printer.state).toBe('offline')
    expect(printer.job).toMatchObject({
      printId: 31,
      fileName: 'calibration cube.gcode',
      progressPercent: null,
      expectedFinishAt: null
    })
    expect(printer.temperatures).toEqual({ tool: null, bed: null, chamber: null })
  })

  it('a paused print promises no finish time', () => {
    const printer = normalise(printerJson({ status: OCTO_PAUSED }))
    expect(printer.state).toBe('paused')
    expect(printer.job?.expectedFinishAt).toBeNull()
    expect(printer.job?.remainingSeconds).toBe(2070)
  })

  it('an unacknowledged alert is open; muted when alert_muted_at is set; acknowledged is none', () => {
    const alerted = (extra: Record<string, unknown>) =>
      normalise(
        printerJson({
          current_print: {
            ...(printerJson().current_print as object),
            alerted_at: '2026-12-02T11:00:00Z',
            ...extra
          }
        })
      ).alert
    expect(alerted({})).toEqual({ printId: 31, alertedAt: '2026-12-02T11:00:00Z', muted: false })
    expect(alerted({ alert_muted_at: '2026-12-02T11:01:00Z' })?.muted).toBe(true)
    expect(alerted({ alert_acknowledged_at: '2026-12-02T11:02:00Z' })).toBeNull()
  })

  it('an idle printer has no job; a not-watching reason is kept', () => {
    const printer = normalise(
      printerJson({
        status: {
          ...OCTO_PRINTING,
          state: {
            text: 'Operational',
            flags: { operational: true, closedOrError: false, ready: true }
          }
        },
        current_print: null,
        not_watching_reason: 'Printer is not actively printing'
      })
    )
    expect(printer.state).toBe('idle')
    expect(printer.job).toBeNull()
    expect(printer.failureDetection).toMatchObject({
      watching: false,
      notWatchingReason: 'Printer is not actively printing'
    })
  })

  it('an unreadable status reads as offline rather than failing the list', () => {
    const list = obicoPrinterListSchema.parse([printerJson({ status: 'garbage' })])
    expect(list[0].status).toBeNull()
  })

  it('a list that is not an array of printers is rejected', () => {
    expect(obicoPrinterListSchema.safeParse({ results: [] }).success).toBe(false)
    expect(obicoPrinterListSchema.safeParse([{ name: 'no id' }]).success).toBe(false)
  })

  it('printer ids round-trip, with a # inside the account id', () => {
    const id = printerIdOf('obico:http://host#x:1', 12)
    expect(parsePrinterId(id)).toEqual({ accountId: 'obico:http://host#x:1', obicoId: 12 })
    expect(parsePrinterId('nothing')).toBeUndefined()
    expect(parsePrinterId('acc#-1')).toBeUndefined()
  })
})
