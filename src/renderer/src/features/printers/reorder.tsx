/**
 * Reordering printers by dragging or by keyboard. The dashboard provides the moves (stable
 * functions, so providing them never re-renders a card); each card or row has a move handle.
 *
 * Keyboard: focus the handle, then Arrow Up/Left moves the printer one place earlier, Arrow
 * Down/Right one place later, Home and End to the first and last place of its group. A live region
 * says where it went. Dragging: drag a card by its handle and drop it on another.
 */
import {
  createContext,
  useContext,
  type DragEvent,
  type KeyboardEvent,
  type ReactNode
} from 'react'

/** The moves a dashboard offers. */
export interface Reorder {
  /** Moves a printer by `offset` places within its group (Infinity: to the end). */
  moveBy(printerId: string, offset: number): void
  /** Drops `printerId` before or after `targetId`. */
  drop(printerId: string, targetId: string, where: 'before' | 'after'): void
}

const noReorder: Reorder = { moveBy: () => undefined, drop: () => undefined }

/** Provided by the dashboard. */
export const ReorderContext = createContext<Reorder>(noReorder)

const DRAG_TYPE = 'application/x-printdock-printer'

/** The ⠿ handle: keyboard moves and the start of a drag. */
export function MoveHandle({ printerId, name }: { printerId: string; name: string }): ReactNode {
  const reorder = useContext(ReorderContext)
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>): void => {
    const offsets: Record<string, number> = {
      ArrowUp: -1,
      ArrowLeft: -1,
      ArrowDown: 1,
      ArrowRight: 1,
      Home: -Infinity,
      End: Infinity
    }
    const offset = offsets[event.key]
    if (offset === undefined) return
    event.preventDefault()
    reorder.moveBy(printerId, offset)
  }
  return (
    <button
      type="button"
      className="move-handle"
      draggable
      data-move-handle={printerId}
      aria-label={`Move ${name}`}
      aria-describedby="printer-move-help"
      title="Drag to reorder, or use the arrow keys"
      onKeyDown={onKeyDown}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, printerId)
        event.dataTransfer.effectAllowed = 'move'
      }}
      data-testid="printer-move"
    >
      <span aria-hidden="true">⠿</span>
    </button>
  )
}

/** Props that make a card or row a drop target. */
export function useDropTarget(printerId: string): {
  onDragOver: (event: DragEvent<HTMLElement>) => void
  onDrop: (event: DragEvent<HTMLElement>) => void
} {
  const reorder = useContext(ReorderContext)
  return {
    onDragOver: (event) => {
      if (!event.dataTransfer.types.includes(DRAG_TYPE)) return
      event.preventDefault()
      event.dataTransfer.dropEffect = 'move'
    },
    onDrop: (event) => {
      const dragged = event.dataTransfer.getData(DRAG_TYPE)
      if (!dragged) return
      event.preventDefault()
      // The upper (or left) half of the target means "before it".
      const box = event.currentTarget.getBoundingClientRect()
      const before =
        box.width > box.height * 2
          ? event.clientY < box.top + box.height / 2
          : event.clientX < box.left + box.width / 2
      reorder.drop(dragged, printerId, before ? 'before' : 'after')
    }
  }
}

/** The instructions the handles point to (rendered once per dashboard). */
export function MoveHelp(): ReactNode {
  return (
    <p id="printer-move-help" className="visually-hidden">
      Use the arrow keys to move this printer earlier or later, Home or End for first or last.
    </p>
  )
}
