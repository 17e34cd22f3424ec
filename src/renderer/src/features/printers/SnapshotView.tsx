import { memo, useEffect, useState, type ReactNode } from 'react'
import type { SnapshotImage } from '@shared/models/printer'
import { api } from '../../lib/api'
import { errorText } from '../../lib/error-text'
import { toUiError } from '../../lib/ui-error'

interface Props {
  printerId: string
  printerName: string
  hasSnapshot: boolean
  /** Changes when Obico has a newer picture; the image is fetched again then. */
  snapshotKey: string | null
  large?: boolean
}

type Shown =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'image'; dataUrl: string }
  | { kind: 'message'; text: string }

/**
 * The latest webcam snapshot. Main fetches the picture and hands over a bounded data URL (the page
 * never loads a remote image); when the snapshot's host can't be reached from this computer the
 * card says so in words instead of showing a broken image. The previous picture stays while the
 * next one loads.
 */
export const SnapshotView = memo(function SnapshotView({
  printerId,
  printerName,
  hasSnapshot,
  snapshotKey,
  large
}: Props): ReactNode {
  const [fetched, setShown] = useState<Shown>({ kind: 'loading' })
  // Without a snapshot there is nothing to fetch; whatever was fetched before is not shown.
  const shown: Shown = hasSnapshot ? fetched : { kind: 'none' }

  useEffect(() => {
    if (!hasSnapshot) return
    let current = true
    api.printers
      .snapshotImage(printerId)
      .then((image: SnapshotImage) => {
        if (!current) return
        setShown(
          image.ok
            ? { kind: 'image', dataUrl: image.dataUrl }
            : { kind: 'message', text: image.message }
        )
      })
      .catch((caught: unknown) => {
        if (current) setShown({ kind: 'message', text: errorText(toUiError(caught)) })
      })
    return () => {
      current = false
    }
  }, [printerId, hasSnapshot, snapshotKey])

  const className = large ? 'snapshot large' : 'snapshot'
  switch (shown.kind) {
    case 'image':
      return (
        <img
          className={className}
          src={shown.dataUrl}
          alt={`Latest webcam snapshot of ${printerName}`}
          data-testid="printer-snapshot"
        />
      )
    case 'message':
      return (
        <div className={`${className} snapshot-note`} role="note" data-testid="snapshot-message">
          {shown.text}
        </div>
      )
    case 'loading':
      return (
        <div className={`${className} snapshot-note`} aria-busy="true">
          Loading snapshot…
        </div>
      )
    case 'none':
      return (
        <div className={`${className} snapshot-note`} data-testid="snapshot-none">
          No webcam snapshot in the last 30 minutes.
        </div>
      )
  }
})
