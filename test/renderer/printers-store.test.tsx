import { Profiler } from 'react'
import { act, render, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { PrinterCard } from '../../src/renderer/src/features/printers/PrinterCard'
import {
  applyPrintersChange,
  applyPrintersView,
  printersStore,
  sendCommand,
  startWatchingPrinters,
  stopWatchingPrinters
} from '../../src/renderer/src/stores/printers-store'
import { fail } from './fake-api'
import { accountPrinters, change, next, printer, view } from './printer-fixtures'
import { currentFake } from './setup'

const a = printer({ obicoId: 1, name: 'Alpha' })
const b = printer({ obicoId: 2, name: 'Bravo' })

describe('printers store', () => {
  it('applies a change to the changed printer only: the others keep their identity', () => {
    applyPrintersView({ revision: 10, value: view([a, b]) })
    const before = printersStore.getState()
    const moved = next(a, { job: { ...a.job!, progressPercent: 50 } })
    applyPrintersChange(change([moved], { revision: 11 }))
    const after = printersStore.getState()
    expect(after.byId[a.id]).toBe(moved)
    expect(after.byId[b.id]).toBe(before.byId[b.id])
    // Same printers, same accounts: the lists the dashboard reads are the same objects.
    expect(after.ids).toBe(before.ids)
    expect(after.accountIds).toBe(before.accountIds)
    expect(after.accountsById).not.toBe(before.accountsById)
    expect(after.accountsById[a.accountId]).toBe(before.accountsById[a.accountId])
  })

  it('keeps the placement the dashboard reads while pushes change only printer data', () => {
    applyPrintersView({ revision: 10, value: view([a, b]) })
    const first = printersStore.getState().placement
    expect(first).toEqual({
      [a.id]: { name: 'Alpha', accountId: a.accountId },
      [b.id]: { name: 'Bravo', accountId: b.accountId }
    })
    applyPrintersChange(
      change([next(a, { job: { ...a.job!, progressPercent: 60 } })], { revision: 11 })
    )
    expect(printersStore.getState().placement).toBe(first)
    // A rename changes the order of unplaced printers: a new placement.
    applyPrintersChange(change([next(b, { name: 'Aardvark' })], { revision: 12 }))
    const renamed = printersStore.getState().placement
    expect(renamed).not.toBe(first)
    expect(renamed[b.id]?.name).toBe('Aardvark')
    // A printer that goes away leaves the placement too.
    applyPrintersChange(change([], { revision: 13, removed: [a.id] }))
    expect(Object.keys(printersStore.getState().placement)).toEqual([b.id])
  })

  it('ignores a change or view at or below the revision it holds, whatever order they arrive', () => {
    applyPrintersView({ revision: 10, value: view([a, b]) })
    const late = next(a, { name: 'Old name' })
    applyPrintersChange(change([late], { revision: 10 }))
    applyPrintersView({ revision: 9, value: view([late]) })
    expect(printersStore.getState().byId[a.id]?.name).toBe('Alpha')
    expect(printersStore.getState().ids).toEqual([a.id, b.id])
  })

  it('adds and removes printers named in a change', () => {
    applyPrintersView({ revision: 10, value: view([a]) })
    applyPrintersChange(change([b], { revision: 11, removed: [a.id] }))
    expect(printersStore.getState().ids).toEqual([b.id])
    expect(printersStore.getState().byId[a.id]).toBeUndefined()
  })

  it('a push re-renders the card of the changed printer and no other', () => {
    applyPrintersView({ revision: 10, value: view([a, b]) })
    const renders: Record<string, number> = {}
    const count = (id: string): void => {
      renders[id] = (renders[id] ?? 0) + 1
    }
    const ui = render(
      <ul>
        <Profiler id="a" onRender={() => count('a')}>
          <PrinterCard id={a.id} nearAtOpen />
        </Profiler>
        <Profiler id="b" onRender={() => count('b')}>
          <PrinterCard id={b.id} nearAtOpen />
        </Profiler>
      </ul>
    )
    const initial = { ...renders }
    act(() =>
      applyPrintersChange(
        change([next(a, { state: 'paused', stateText: 'Paused' })], { revision: 11 })
      )
    )
    expect(renders.a).toBe(initial.a + 1)
    expect(renders.b).toBe(initial.b)

    // A push that changes only facts bound live (progress, times, temperatures, the gauge)
    // renders no card at all; the facts still show the new values.
    const atPause = { ...renders }
    const paused = printersStore.getState().byId[a.id]!
    act(() =>
      applyPrintersChange(
        change(
          [
            next(paused, {
              job: { ...paused.job!, progressPercent: 77, elapsedSeconds: 4000 },
              temperatures: { ...paused.temperatures, tool: { actual: 150, target: 0 } },
              lastSeen: '2026-12-03T07:01:00.000Z'
            })
          ],
          { revision: 12 }
        )
      )
    )
    expect(renders).toEqual(atPause)
    const cardA = ui.getAllByTestId('printer-card')[0]!
    expect(within(cardA).getByTestId('printer-progress').textContent).toBe('77 %')
    expect(within(cardA).getByTestId('temperature-tool').textContent).toBe('150 °C')
  })

  it('names each command with a fresh operation id and shows "sending" until main answers', async () => {
    applyPrintersView({ revision: 10, value: view([a, b]) })
    let answer: (value: unknown) => void = () => undefined
    currentFake().on(
      'printers:command',
      () => new Promise((resolve) => (answer = resolve)) as never
    )
    const sent = sendCommand([a.id, b.id], 'pause')
    expect(printersStore.getState().commands[a.id]?.state).toBe('sending')
    const [operationId, request] = currentFake().callsOf('printers:command')[0]!
    expect(operationId).toMatch(/^[0-9a-f-]{36}$/)
    expect(request).toEqual({ printerIds: [a.id, b.id], command: 'pause' })
    answer([
      { printerId: a.id, state: 'awaiting-confirmation' },
      { printerId: b.id, state: 'rejected', message: 'Nothing is printing on Bravo.' }
    ])
    await sent
    const { commands } = printersStore.getState()
    // Main tracks the accepted one in the printer's pendingCommand from here on.
    expect(commands[a.id]).toBeUndefined()
    expect(commands[b.id]).toMatchObject({
      state: 'rejected',
      message: 'Nothing is printing on Bravo.'
    })
  })

  it('a command that never reached main is marked failed and not retried', async () => {
    applyPrintersView({ revision: 10, value: view([a]) })
    currentFake().on('printers:command', () => fail('network/unreachable', 'offline'))
    await sendCommand([a.id], 'cancel')
    expect(printersStore.getState().commands[a.id]?.state).toBe('failed')
    expect(currentFake().callsOf('printers:command')).toHaveLength(1)
  })

  it('applies the watch view before any push, even while preferences are still loading', async () => {
    const fake = currentFake()
    fake.printers = view([a, b])
    let preferencesLoaded: () => void = () => undefined
    fake.on(
      'printers:get-preferences',
      () =>
        new Promise((resolve) => {
          preferencesLoaded = () => resolve(fake.printerPreferences)
        })
    )
    const starting = startWatchingPrinters()
    await act(async () => undefined)
    // Main pushes a change to one printer right after answering the watch.
    applyPrintersChange(change([next(a, { name: 'Alpha 2' })], { revision: fake.nextRevision() }))
    expect(printersStore.getState().ids).toEqual([a.id, b.id])
    expect(printersStore.getState().byId[a.id]?.name).toBe('Alpha 2')
    preferencesLoaded()
    await starting
    await stopWatchingPrinters()
  })

  it('a watch stopped while it starts releases the lease it then gets', async () => {
    currentFake().printers = view([a], [accountPrinters()])
    const starting = startWatchingPrinters()
    const stopping = stopWatchingPrinters()
    await Promise.all([starting, stopping])
    await act(async () => undefined)
    expect(currentFake().leases.size).toBe(0)
    expect(printersStore.getState().ids).toEqual([])

    await startWatchingPrinters()
    expect(currentFake().leases.size).toBe(1)
    expect(printersStore.getState().ids).toEqual([a.id])
    await stopWatchingPrinters()
    expect(currentFake().leases.size).toBe(0)
  })
})
