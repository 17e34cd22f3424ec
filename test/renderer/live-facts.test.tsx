/**
 * The card's fast-changing facts follow pushes through live bindings (`live-fact.ts`), not
 * re-renders: what each shows must still be right after every push, a fact that appears or goes
 * away must still be added or removed by React, and a push that changes nothing a node shows must
 * not touch it.
 */
import { Profiler } from 'react'
import { act, render, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import {
  FailureDetectionView,
  JobDetails,
  Temperatures
} from '../../src/renderer/src/features/printers/PrinterParts'
import { sameForCardBody } from '../../src/renderer/src/features/printers/PrinterCard'
import type { PrinterSummary } from '@shared/models/printer'
import {
  applyPrintersChange,
  applyPrintersView
} from '../../src/renderer/src/stores/printers-store'
import { change, next, printer, view } from './printer-fixtures'

let revision = 1000

function push(...changed: Parameters<typeof change>[0]): void {
  act(() => applyPrintersChange(change(changed, { revision: ++revision })))
}

function renderParts(id: string) {
  const renders = { job: 0 }
  const view = render(
    <>
      <Profiler id="job" onRender={() => renders.job++}>
        <JobDetails printerId={id} />
      </Profiler>
      <Temperatures printerId={id} />
      <FailureDetectionView printerId={id} />
    </>
  )
  return { ...within(view.container), container: view.container, renders }
}

describe('live facts', () => {
  it('show the printer as it is, then follow each push without rendering the parts again', () => {
    let p = printer({ obicoId: 7 })
    applyPrintersView({ revision: ++revision, value: view([p]) })
    const ui = renderParts(p.id)
    const bar = ui.getByRole('progressbar')
    expect(ui.getByTestId('printer-progress').textContent).toBe('42 %')
    expect(bar.getAttribute('aria-valuenow')).toBe('42')
    expect((bar.firstElementChild as HTMLElement).style.width).toBe('42.5%')
    expect(ui.getByText('Elapsed').nextElementSibling?.textContent).toBe('20 min')
    expect(ui.getByText('Layer').nextElementSibling?.textContent).toBe('40 of 120')
    expect(ui.getByTestId('temperature-tool').textContent).toBe('215 / 215 °C')
    expect(ui.getByTestId('detection-status').textContent).toBe('Watching: looks fine.')
    const rendersBefore = ui.renders.job

    p = next(p, {
      job: {
        ...p.job!,
        progressPercent: 63.9,
        elapsedSeconds: 3 * 3600 + 5 * 60,
        currentLayer: 41
      },
      temperatures: { ...p.temperatures, tool: { actual: 180.2, target: 215 } },
      failureDetection: { ...p.failureDetection, gauge: 0.7 }
    })
    push(p)

    expect(ui.getByTestId('printer-progress').textContent).toBe('63 %')
    expect(bar.getAttribute('aria-valuenow')).toBe('63')
    expect(bar.getAttribute('aria-valuetext')).toBe('63 %')
    expect((bar.firstElementChild as HTMLElement).style.width).toBe('63.9%')
    expect(ui.getByText('Elapsed').nextElementSibling?.textContent).toBe('3 h 05 min')
    expect(ui.getByText('Layer').nextElementSibling?.textContent).toBe('41 of 120')
    expect(ui.getByTestId('temperature-tool').textContent).toBe('180 / 215 °C')
    const gauge = ui.getByRole('meter', { name: 'AI failure likelihood' })
    expect(gauge.getAttribute('aria-valuenow')).toBe('70')
    expect(gauge.className).toBe('gauge gauge-high')
    expect(gauge.getAttribute('aria-valuetext')).toBe('70 %, likely failing')
    expect((gauge.firstElementChild as HTMLElement).style.width).toBe('70%')
    expect(ui.getByTestId('detection-status').textContent).toBe('Watching: likely failing.')
    // The same facts, new values: the job's structure is unchanged, so it did not render again.
    expect(ui.renders.job).toBe(rendersBefore)
  })

  it('a push that changes nothing a node shows leaves that node alone', () => {
    let p = printer({ obicoId: 8 })
    applyPrintersView({ revision: ++revision, value: view([p]) })
    const ui = renderParts(p.id)
    const touched: string[] = []
    new MutationObserver((records) => {
      for (const r of records) {
        const node = r.target instanceof Element ? r.target : r.target.parentElement
        touched.push(node?.getAttribute('data-testid') ?? node?.tagName ?? '?')
      }
    }).observe(ui.container, {
      subtree: true,
      characterData: true,
      childList: true,
      attributes: true
    })

    // 42.5 → 42.7 %: the text stays "42 %", the bar moves; the tool's 214.6 → 214.8 still shows 215.
    p = next(p, {
      job: { ...p.job!, progressPercent: 42.7 },
      temperatures: { ...p.temperatures, tool: { actual: 214.8, target: 215 } }
    })
    push(p)
    return Promise.resolve().then(() => {
      expect(touched).not.toContain('printer-progress')
      expect(touched).not.toContain('temperature-tool')
      expect(touched).toContain('DIV')
    })
  })

  it('adds a fact when it becomes known and removes it when it is gone', () => {
    let p = printer({
      obicoId: 9,
      temperatures: { tool: { actual: 200, target: 210 }, bed: null, chamber: null }
    })
    p = { ...p, job: { ...p.job!, currentLayer: null, totalLayers: null } }
    applyPrintersView({ revision: ++revision, value: view([p]) })
    const ui = renderParts(p.id)
    expect(ui.queryByText('Layer')).toBeNull()
    expect(ui.queryByTestId('temperature-chamber')).toBeNull()

    p = next(p, {
      job: { ...p.job!, currentLayer: 3, totalLayers: null },
      temperatures: { ...p.temperatures, chamber: { actual: 31, target: null } }
    })
    push(p)
    expect(ui.getByText('Layer').nextElementSibling?.textContent).toBe('3')
    expect(ui.getByTestId('temperature-chamber').textContent).toBe('31 °C')

    p = next(p, {
      job: { ...p.job!, elapsedSeconds: null },
      failureDetection: { watching: false, notWatchingReason: 'Paused by you', gauge: 0 }
    })
    push(p)
    expect(ui.queryByText('Elapsed')).toBeNull()
    expect(ui.getByTestId('detection-status').textContent).toBe('Not watching: Paused by you.')
  })
})

describe('sameForCardBody', () => {
  const base = printer({ obicoId: 20 })

  it('ignores the facts bound live and a last-seen time the card does not show', () => {
    const later = next(base, {
      job: { ...base.job!, progressPercent: 99, remainingSeconds: 5 },
      temperatures: { ...base.temperatures, bed: { actual: 20, target: 0 } },
      failureDetection: { ...base.failureDetection, gauge: 0.9 },
      lastSeen: '2026-12-03T08:00:00.000Z'
    })
    expect(sameForCardBody(base, later)).toBe(true)
  })

  it('sees every change the body, its alert panel, note and buttons show', () => {
    const alert = { printId: 1, alertedAt: '2026-12-03T07:00:00.000Z', muted: false }
    const pending = {
      operationId: 'op-1',
      command: 'pause' as const,
      state: 'awaiting-confirmation' as const,
      sentAt: '2026-12-03T07:00:00.000Z',
      confirmBy: '2026-12-03T07:01:00.000Z'
    }
    const changes: Partial<PrinterSummary>[] = [
      { name: 'Renamed' },
      { state: 'paused' },
      { stateText: 'Pausing' },
      { stale: true },
      { errorText: 'Thermal runaway' },
      { hasSnapshot: true },
      { snapshotKey: 'k2' },
      { job: null },
      { job: { ...base.job!, fileName: 'next-part.gcode' } },
      { settings: { ...base.settings, actionOnFailure: 'NONE' } },
      { alert },
      { pendingCommand: pending }
    ]
    for (const overrides of changes) {
      expect(sameForCardBody(base, next(base, overrides)), JSON.stringify(overrides)).toBe(false)
    }
    // Objects decoded anew from each push compare by their fields.
    const withAlert = next(base, { alert })
    expect(sameForCardBody(withAlert, next(withAlert, { alert: { ...alert } }))).toBe(true)
    expect(sameForCardBody(withAlert, next(withAlert, { alert: { ...alert, muted: true } }))).toBe(
      false
    )
    // A message that goes away on its own is a change too.
    const told = next(base, { pendingCommand: { ...pending, message: 'Not confirmed.' } })
    expect(sameForCardBody(told, next(told, { pendingCommand: pending }))).toBe(false)
    // Greyed, the card shows when the printer was last seen.
    const offline = next(base, { state: 'offline' })
    expect(sameForCardBody(offline, next(offline, { lastSeen: '2026-12-03T08:00:00.000Z' }))).toBe(
      false
    )
  })
})
