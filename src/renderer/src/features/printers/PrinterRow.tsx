import { memo, useEffect, useRef, type ReactNode } from 'react'
import {
  openPrinterPage,
  returnFocusHandled,
  toggleSelected,
  usePrintersStore
} from '../../stores/printers-store'
import { formatDuration, formatTemperature, hasCurrentPrint } from './format'
import { CommandButtons } from './PrinterActions'
import { CommandNoteView, ProgressBar, StateBadge, useCommandNote } from './PrinterParts'
import { MoveHandle, useDropTarget } from './reorder'
import { LastSeen } from './TimeText'

/**
 * One printer as a row of the compact list (farms): the same facts as a card in one line, without
 * the snapshot. Memoised and keyed by id like the card.
 */
export const PrinterRow = memo(function PrinterRow({ id }: { id: string }): ReactNode {
  const printer = usePrintersStore((s) => s.byId[id])
  const selected = usePrintersStore((s) => s.selected[id] === true)
  const focusMe = usePrintersStore((s) => s.returnFocusTo === id)
  const note = useCommandNote(printer)
  const drop = useDropTarget(id)
  const nameButton = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (!focusMe) return
    nameButton.current?.focus()
    returnFocusHandled()
  }, [focusMe])

  if (!printer) return null
  const greyed = printer.stale || printer.state === 'offline'
  const printing = printer.job !== null && hasCurrentPrint(printer.state)
  const alerting = printer.alert !== null && !printer.alert.muted
  return (
    <tr
      className={`printer-row${greyed ? ' greyed' : ''}${alerting ? ' alerting' : ''}`}
      data-testid="printer-row"
      data-printer-id={id}
      data-state={printer.state}
      {...drop}
    >
      <td>
        <input
          type="checkbox"
          checked={selected}
          onChange={(event) => toggleSelected(id, event.target.checked)}
          aria-label={`Select ${printer.name}`}
          data-testid="printer-select"
        />
      </td>
      <th scope="row">
        <button
          ref={nameButton}
          type="button"
          className="link-button"
          onClick={() => openPrinterPage(id)}
          data-testid="printer-open"
        >
          {printer.name}
        </button>
        {alerting && (
          <span className="badge badge-alert" data-testid="row-alert">
            Alert
          </span>
        )}
      </th>
      <td>
        <StateBadge state={printer.state} />
        {greyed && (
          <span className="hint last-seen" data-testid="printer-last-seen">
            {' '}
            Last seen <LastSeen iso={printer.lastSeen} />
          </span>
        )}
      </td>
      <td className="row-file" title={printer.job?.fileName ?? undefined}>
        {printing ? (printer.job?.fileName ?? '—') : '—'}
      </td>
      <td className="row-progress">
        {printing && printer.job ? (
          <ProgressBar printerId={id} label={`Progress on ${printer.name}`} />
        ) : (
          '—'
        )}
      </td>
      <td>{printing ? (formatDuration(printer.job?.remainingSeconds ?? null) ?? '—') : '—'}</td>
      <td>{formatTemperature(printer.temperatures.tool) ?? '—'}</td>
      <td>{formatTemperature(printer.temperatures.bed) ?? '—'}</td>
      <td className="row-actions">
        <CommandNoteView note={note} />
        <CommandButtons printer={printer} small />
      </td>
      <td>
        <MoveHandle printerId={id} name={printer.name} />
      </td>
    </tr>
  )
})
