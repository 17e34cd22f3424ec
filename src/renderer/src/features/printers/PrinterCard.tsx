import { memo, useEffect, useRef, type ReactNode } from 'react'
import type { PrinterSummary } from '@shared/models/printer'
import {
  openPrinterPage,
  returnFocusHandled,
  toggleSelected,
  usePrintersStore
} from '../../stores/printers-store'
import { hasCurrentPrint } from './format'
import { AlertPanel, CommandButtons, sameForCommands } from './PrinterActions'
import {
  CommandNoteView,
  FailureDetectionView,
  JobDetails,
  StateBadge,
  Temperatures,
  useCommandNote
} from './PrinterParts'
import { MoveHandle, useDropTarget } from './reorder'
import { SnapshotView } from './SnapshotView'
import { useNearViewport } from './visibility'
import { sameFlatOrBothNull, useFlatFields, useStableSelection } from '../../stores/use-flat-fields'
import { LastSeen } from './TimeText'

/**
 * One printer on the dashboard. Memoised and keyed by id: it reads its own printer from the store,
 * so a push that changes another printer never renders it. The shell subscribes only to what its
 * frame shows (name, state, greyed, alerting); the body, with everything else, renders only while
 * the card is near the viewport, so a farm's off-screen cards cost nothing when they change.
 *
 * Test ids: `printer-card` (with `data-printer-id` and `data-state`), and those of its parts.
 */
export const PrinterCard = memo(function PrinterCard({
  id,
  nearAtOpen
}: {
  id: string
  /** Whether the card's place puts it near the viewport when the dashboard opens. */
  nearAtOpen: boolean
}): ReactNode {
  // One subscription for the head's few fields (a farm has hundreds of cards to notify per push).
  const { state, name, greyed, alerting, selected, focusMe } = usePrintersStore(
    useFlatFields((s) => {
      const printer = s.byId[id]
      return {
        state: printer?.state,
        name: printer?.name ?? '',
        greyed: printer?.stale === true || printer?.state === 'offline',
        alerting: printer?.alert?.muted === false,
        selected: s.selected[id] === true,
        focusMe: s.returnFocusTo === id
      }
    })
  )
  const drop = useDropTarget(id)
  const frame = useRef<HTMLLIElement>(null)
  const nameButton = useRef<HTMLButtonElement>(null)
  const near = useNearViewport(frame, nearAtOpen)

  useEffect(() => {
    if (!focusMe) return
    nameButton.current?.focus()
    returnFocusHandled()
  }, [focusMe])

  if (!state) return null
  const titleId = `printer-title-${id}`
  // The head is always there, so Tab reaches every card (focus scrolls it into view, and its body
  // appears); only the body waits for the card to come near the viewport.
  return (
    <li
      ref={frame}
      className={`printer-card${greyed ? ' greyed' : ''}${alerting ? ' alerting' : ''}`}
      aria-labelledby={titleId}
      data-testid="printer-card"
      data-printer-id={id}
      data-state={state}
      data-rendered={near ? 'full' : 'placeholder'}
      {...drop}
    >
      <div className="printer-card-head">
        <input
          type="checkbox"
          className="printer-select"
          checked={selected}
          onChange={(event) => toggleSelected(id, event.target.checked)}
          aria-label={`Select ${name}`}
          data-testid="printer-select"
        />
        <h3 id={titleId} className="printer-name">
          <button
            ref={nameButton}
            type="button"
            className="link-button"
            onClick={() => openPrinterPage(id)}
            data-testid="printer-open"
          >
            {name}
          </button>
        </h3>
        <StateBadge state={state} />
        <MoveHandle printerId={id} name={name} />
      </div>
      {near ? <PrinterCardBody id={id} /> : <div className="printer-card-placeholder" />}
    </li>
  )
})

/**
 * Everything below a visible card's head. It renders when something it or its buttons show
 * changes (`sameForCardBody`); the facts that change with nearly every push (progress, times,
 * temperatures, the gauge) follow pushes through live bindings inside the parts.
 */
const PrinterCardBody = memo(function PrinterCardBody({ id }: { id: string }): ReactNode {
  const printer = usePrintersStore(useStableSelection((s) => s.byId[id], sameForCardBody))
  const note = useCommandNote(printer)
  if (!printer) return null
  const greyed = printer.stale || printer.state === 'offline'
  return (
    <>
      {greyed && (
        <p className="hint last-seen" data-testid="printer-last-seen">
          {printer.stale ? 'Not current. ' : ''}Last seen <LastSeen iso={printer.lastSeen} />
        </p>
      )}
      {printer.errorText && <p className="error-text">{printer.errorText}</p>}
      <AlertPanel printer={printer} />
      <SnapshotView
        printerId={id}
        printerName={printer.name}
        hasSnapshot={printer.hasSnapshot}
        snapshotKey={printer.snapshotKey}
      />
      {printer.job && hasCurrentPrint(printer.state) ? (
        <JobDetails printerId={id} />
      ) : (
        <p className="hint idle-line">
          {printer.state === 'idle' ? 'Ready for a print.' : (printer.stateText ?? '')}
        </p>
      )}
      <Temperatures printerId={id} />
      {printer.state !== 'offline' && <FailureDetectionView printerId={id} />}
      <CommandNoteView note={note} />
      <CommandButtons printer={printer} />
    </>
  )
})

/**
 * Whether two versions of a printer look the same to the card's body: every field the body, its
 * alert panel, command note and buttons read (the live facts excepted, which the parts bind by id).
 * A field one of them starts to read belongs here too.
 */
export function sameForCardBody(
  a: PrinterSummary | undefined,
  b: PrinterSummary | undefined
): boolean {
  if (a === b) return true
  if (!a || !b) return false
  const greyed = b.stale || b.state === 'offline'
  return (
    sameForCommands(a, b) &&
    a.stateText === b.stateText &&
    (!greyed || a.lastSeen === b.lastSeen) &&
    a.errorText === b.errorText &&
    a.hasSnapshot === b.hasSnapshot &&
    a.snapshotKey === b.snapshotKey &&
    (a.job === null) === (b.job === null) &&
    a.settings.actionOnFailure === b.settings.actionOnFailure &&
    sameFlatOrBothNull(a.alert, b.alert) &&
    sameFlatOrBothNull(a.pendingCommand, b.pendingCommand)
  )
}
