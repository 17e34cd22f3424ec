/**
 * The tagged-video frame at the picked point of a prediction timeline (obico-ai-and-stats.md §2.4:
 * record i ↔ frame i, at i / 30 s). Main opens the video and hands over a same-origin media path
 * (the signed URL never reaches the page); the page shows it paused and muted, seeked to the middle
 * of the frame so rounding never shows a neighbour. When the video can't be had, a message says why
 * and the chart keeps working.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { TaggedVideo } from '@shared/models/obico-ai'
import { api } from '../../../lib/api'
import { errorText } from '../../../lib/error-text'
import { toUiError } from '../../../lib/ui-error'

interface Props {
  accountId: string
  printId: number
  /** The picked frame (0-based). */
  frame: number
  /** Frames in the timeline, for the label. */
  frameCount: number
  /** The picked point's value and time, shown under the picture. */
  children: ReactNode
}

type Opened =
  | { kind: 'loading' }
  | { kind: 'video'; path: string; frameRate: number }
  | { kind: 'message'; text: string; canRetry: boolean }

/** Where frame `i` is shown: its middle, so a rounding error never lands on i ± 1. */
export function frameTime(frame: number, frameRate: number): number {
  return (frame + 0.5) / frameRate
}

/** Keyed by print in the parent: another print is a new component, opened afresh. */
export function TaggedVideoFrame(props: Props): ReactNode {
  const { accountId, printId, frame } = props
  const [opened, setOpened] = useState<Opened>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  /** The frame the video shows now (after its last seek), or null. */
  const [shownFrame, setShownFrame] = useState<number | null>(null)
  const [pastEnd, setPastEnd] = useState(false)
  const video = useRef<HTMLVideoElement>(null)
  const wanted = useRef(frame)

  useEffect(() => {
    let current = true
    api.prediction
      .openVideo(accountId, printId)
      .then((result: TaggedVideo) => {
        if (!current) return
        setOpened(
          result.ok
            ? { kind: 'video', path: result.path, frameRate: result.frameRate }
            : { kind: 'message', text: result.message, canRetry: result.reason !== 'no-video' }
        )
      })
      .catch((caught: unknown) => {
        if (current) {
          setOpened({ kind: 'message', text: errorText(toUiError(caught)), canRetry: true })
        }
      })
    return () => {
      current = false
    }
  }, [accountId, printId, attempt])

  // Each pick seeks; `seeked` then says which frame is on screen.
  useEffect(() => {
    wanted.current = frame
    const element = video.current
    if (!element || opened.kind !== 'video') return
    const seek = () => {
      const time = frameTime(frame, opened.frameRate)
      const beyond = Number.isFinite(element.duration) && time > element.duration
      setPastEnd(beyond)
      if (!beyond) element.currentTime = time
    }
    if (element.readyState >= HTMLMediaElement.HAVE_METADATA) {
      seek()
      return
    }
    element.addEventListener('loadedmetadata', seek, { once: true })
    return () => element.removeEventListener('loadedmetadata', seek)
  }, [frame, opened])

  const onSeeked = () => {
    const element = video.current
    if (!element || opened.kind !== 'video') return
    const onScreen = Math.floor(element.currentTime * opened.frameRate)
    if (onScreen === wanted.current) setShownFrame(onScreen)
  }

  const retry = () => {
    setOpened({ kind: 'loading' })
    setShownFrame(null)
    setAttempt((n) => n + 1)
  }

  const onError = () =>
    setOpened({
      kind: 'message',
      text: 'The tagged video could not be played here.',
      canRetry: true
    })

  const loading =
    opened.kind === 'loading' || (opened.kind === 'video' && !pastEnd && shownFrame !== frame)
  const state =
    opened.kind === 'message' ? 'message' : pastEnd ? 'past-end' : loading ? 'loading' : 'ready'
  return (
    <figure
      className="tagged-frame"
      data-testid="tagged-frame"
      data-state={state}
      data-frame={shownFrame ?? ''}
    >
      <div className="tagged-frame-media" aria-busy={loading}>
        {opened.kind === 'video' && (
          <video
            ref={video}
            src={opened.path}
            preload="auto"
            muted
            playsInline
            disablePictureInPicture
            aria-label={`Tagged video, frame ${frame + 1} of ${props.frameCount}: what Obico's detector saw`}
            onSeeked={onSeeked}
            onError={onError}
            data-testid="tagged-frame-video"
          />
        )}
        {loading && <p className="tagged-frame-note">Loading the frame…</p>}
        {pastEnd && (
          <p className="tagged-frame-note" role="note">
            This frame is past the end of the tagged video.
          </p>
        )}
        {opened.kind === 'message' && (
          <div className="tagged-frame-note" role="note" data-testid="tagged-frame-message">
            <p>{opened.text}</p>
            {opened.canRetry && (
              <button type="button" className="button small" onClick={retry}>
                Try again
              </button>
            )}
          </div>
        )}
      </div>
      <figcaption>{props.children}</figcaption>
    </figure>
  )
}
