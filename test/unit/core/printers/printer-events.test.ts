import { describe, expect, it } from 'vitest'
import {
  describeEvent,
  PrinterEventDetector
} from '../../../../src/main/core/printers/printer-events'
import type { PrinterState, PrinterSummary } from '../../../../src/shared/models/printer'

function printer(state: PrinterState, overrides: Partial<PrinterSummary> = {}): PrinterSummary {
  const active = ['printing', 'pausing', 'paused', 'resuming', 'cancelling'].includes(state)
  return {
    id: 'acc#1',
    accountId: 'acc',
    obicoId: 1,
    name: 'Prusa',
    agent: 'octoprint',
    state,
    stateText: null,
    errorText: null,
    job: active
      ? {
          printId: 10,
          fileName: 'benchy.gcode',
          progressPercent: 50,
          elapsedSeconds: 1,
          remainingSeconds: 1,
          expectedFinishAt: null,
          currentLayer: null,
          totalLayers: null,
          startedAt: null
        }
      : null,
    temperatures: { tool: null, bed: null, chamber: null },
    hasSnapshot: false,
    snapshotKey: null,
    failureDetection: { watching: true, notWatchingReason: null, gauge: 0 },
    alert: null,
    pendingCommand: null,
    settings: {
      name: 'Prusa',
      actionOnFailure: 'PAUSE',
      watchingEnabled: true,
      detectiveSensitivity: 1,
      toolsOffOnPause: true,
      bedOffOnPause: false,
      retractOnPause: 6.5,
      liftZOnPause: 2.5
    },
    lastSeen: null,
    stale: false,
    revision: 1,
    ...overrides
  }
}

const ALERT = { printId: 10, alertedAt: '2026-12-02T10:00:00Z', muted: false }

function sequence(states: PrinterSummary[], records = new Map<number, 'finished' | 'cancelled'>()) {
  const detector = new PrinterEventDetector()
  return states.flatMap((summary) => detector.observe([summary], records)).map((e) => e.kind)
}

describe('PrinterEventDetector', () => {
  it('says nothing on first sight, even of an alerted printer', () => {
    expect(sequence([printer('printing', { alert: ALERT })])).toEqual([])
  })

  it('never notifies progress: many printing reads are no event', () => {
    const reads = [10, 20, 30, 40].map((p) =>
      printer('printing', { job: { ...printer('printing').job!, progressPercent: p } })
    )
    expect(sequence(reads)).toEqual([])
  })

  it('one alert event per alert, not per read', () => {
    expect(
      sequence([
        printer('printing'),
        printer('printing', { alert: ALERT }),
        printer('paused', { alert: ALERT }),
        printer('paused', { alert: ALERT })
      ])
    ).toEqual(['alert'])
  })

  it('finished, from Obico’s record', () => {
    expect(sequence([printer('printing'), printer('idle')], new Map([[10, 'finished']]))).toEqual([
      'finished'
    ])
  })

  it('cancelled, from the record, when the printer is fine', () => {
    expect(
      sequence([printer('cancelling'), printer('idle')], new Map([[10, 'cancelled']]))
    ).toEqual(['cancelled'])
  })

  it('failed: recorded cancelled (PrintFailed) with the printer in error', () => {
    expect(sequence([printer('printing'), printer('error')], new Map([[10, 'cancelled']]))).toEqual(
      ['failed']
    )
  })

  it('without a record: judged from the states', () => {
    expect(sequence([printer('printing'), printer('disconnected')])).toEqual(['failed'])
    expect(sequence([printer('cancelling'), printer('idle')])).toEqual(['cancelled'])
    const nearlyDone = printer('printing', {
      job: { ...printer('printing').job!, progressPercent: 99.5 }
    })
    expect(sequence([nearlyDone, printer('idle')])).toEqual(['finished'])
  })

  it('offline mid-print once; nothing for an idle printer going offline; no "ended" while offline', () => {
    expect(sequence([printer('printing'), printer('offline'), printer('offline')])).toEqual([
      'offline-mid-print'
    ])
    expect(sequence([printer('idle'), printer('offline')])).toEqual([])
  })

  it('a stale reading (server unreachable) is never an event', () => {
    expect(sequence([printer('printing'), printer('idle', { stale: true })])).toEqual([])
  })

  it('describes events in plain words naming the printer and file', () => {
    expect(
      describeEvent({
        kind: 'finished',
        printerId: 'a#1',
        printerName: 'Prusa',
        printId: 1,
        fileName: 'x.gcode'
      })
    ).toEqual({ title: 'Prusa finished', body: 'The print x.gcode is done.' })
  })
})
