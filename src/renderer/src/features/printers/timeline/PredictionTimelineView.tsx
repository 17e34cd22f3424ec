/**
 * A print's failure-prediction timeline (issue 12): Obico's `normalized_p` over the print, with its
 * bands (above 0.33 "fishy", above 0.66 "failing"), the moment an alert was raised, gaps where a
 * frame's record was missing, and at a frame the user picks (a click on the chart, or the arrow
 * keys, Home and End on it or on the slider) its value, time and tagged-video picture.
 *
 * Loaded lazily from the print history: uPlot is a separate chunk.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import {
  FAILING_ABOVE,
  FISHY_ABOVE,
  type PredictionPoint,
  type PredictionTimeline
} from '@shared/models/obico-ai'
import { api } from '../../../lib/api'
import { errorText } from '../../../lib/error-text'
import { toUiError } from '../../../lib/ui-error'
import { useSettingsStore } from '../../../stores/settings-store'
import { TaggedVideoFrame } from './TaggedVideoFrame'

interface Props {
  accountId: string
  printId: number
  fileName: string
  onClose: () => void
}

export function bandOf(p: number): 'Looking good' | 'Fishy' | 'Failing' {
  if (p > FAILING_ABOVE) return 'Failing'
  if (p > FISHY_ABOVE) return 'Fishy'
  return 'Looking good'
}

function minutes(seconds: number): string {
  if (seconds < 60) return `${seconds} s`
  return `${Math.round(seconds / 60)} min`
}

/** "Frame 42 of 120, 10:31:05: 0.71 (Failing)": the picked point in words. */
function pointWords(point: PredictionPoint, count: number): string {
  const time = point.at !== null ? `, ${new Date(point.at).toLocaleTimeString()}` : ''
  const value =
    point.p === null ? 'no data for this frame' : `${point.p.toFixed(2)} (${bandOf(point.p)})`
  return `Frame ${point.frame + 1} of ${count}${time}: ${value}`
}

/** Seconds since the first frame, for the x axis (frame index × 10 s when times are missing). */
function xOf(points: PredictionPoint[], point: PredictionPoint): number {
  const first = points.find((p) => p.at !== null)?.at ?? null
  return point.at !== null && first !== null ? (point.at - first) / 1000 : point.frame * 10
}

export default function PredictionTimelineView(props: Props): ReactNode {
  const [timeline, setTimeline] = useState<PredictionTimeline | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [picked, setPicked] = useState(0)
  const pickedRef = useRef(picked)
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const theme = useSettingsStore((s) => `${s.settings.theme}-${s.systemDark}`)

  // Focus moves to the heading on open and back to what opened it on close.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    heading.current?.focus()
    return () => {
      if (opener && opener.isConnected) opener.focus()
    }
  }, [])

  useEffect(() => {
    let current = true
    api.prediction
      .timeline(props.accountId, props.printId)
      .then((value) => {
        if (!current) return
        setTimeline(value)
        if (value.status === 'ready' && value.peak) setPicked(value.peak.frame)
      })
      .catch((caught: unknown) => current && setError(errorText(toUiError(caught))))
    return () => {
      current = false
    }
  }, [props.accountId, props.printId])

  const points = timeline?.status === 'ready' ? timeline.points : null
  const alertAt =
    timeline?.status === 'ready' && timeline.alertedAt ? Date.parse(timeline.alertedAt) : null

  useEffect(() => {
    const element = box.current
    if (!element || !points || points.length < 2) return
    const style = getComputedStyle(element)
    const colour = (name: string, fallback: string) =>
      style.getPropertyValue(name).trim() || fallback
    const muted = colour('--muted', '#555e69')
    const line = colour('--accent', '#0a5cc2')
    const first = points.find((p) => p.at !== null)?.at ?? null
    const data: uPlot.AlignedData = [points.map((p) => xOf(points, p)), points.map((p) => p.p)]
    plot.current?.destroy()
    plot.current = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 220,
        scales: { y: { range: [0, 1] } },
        legend: { show: false },
        axes: [
          { stroke: muted, values: (_u, ticks) => ticks.map((t) => `${Math.round(t / 60)} min`) },
          { stroke: muted, values: (_u, ticks) => ticks.map((t) => t.toFixed(2)) }
        ],
        series: [{}, { label: 'Failure likelihood', stroke: line, width: 2, spanGaps: false }],
        hooks: {
          drawClear: [
            (u) => {
              // The bands under the line: amber above 0.33, red above 0.66 (Obico's gauge).
              const ctx = u.ctx
              const left = u.bbox.left
              const width = u.bbox.width
              const y = (v: number) => u.valToPos(v, 'y', true)
              ctx.save()
              ctx.fillStyle = 'rgba(245, 158, 11, 0.15)'
              ctx.fillRect(left, y(FAILING_ABOVE), width, y(FISHY_ABOVE) - y(FAILING_ABOVE))
              ctx.fillStyle = 'rgba(239, 68, 68, 0.15)'
              ctx.fillRect(left, y(1), width, y(FAILING_ABOVE) - y(1))
              ctx.restore()
            }
          ],
          draw: [
            (u) => {
              // The picked frame: a solid line in the accent colour.
              const x = data[0][pickedRef.current]
              if (x === undefined) return
              const left = u.valToPos(x, 'x', true)
              const ctx = u.ctx
              ctx.save()
              ctx.strokeStyle = line
              ctx.lineWidth = 2
              ctx.beginPath()
              ctx.moveTo(left, u.bbox.top)
              ctx.lineTo(left, u.bbox.top + u.bbox.height)
              ctx.stroke()
              ctx.restore()
            },
            (u) => {
              if (alertAt === null || first === null) return
              const x = u.valToPos((alertAt - first) / 1000, 'x', true)
              const ctx = u.ctx
              ctx.save()
              ctx.strokeStyle = 'rgba(239, 68, 68, 0.9)'
              ctx.setLineDash([4, 4])
              ctx.beginPath()
              ctx.moveTo(x, u.bbox.top)
              ctx.lineTo(x, u.bbox.top + u.bbox.height)
              ctx.stroke()
              ctx.restore()
            }
          ],
          setCursor: [
            (u) => {
              if (u.cursor.idx !== null && u.cursor.idx !== undefined) hover.current = u.cursor.idx
            }
          ]
        }
      },
      data,
      element
    )
    // theme stands for the colours: a new theme redraws.
  }, [points, alertAt, theme])

  const hover = useRef<number | null>(null)

  // The marker follows the pick without rebuilding the chart.
  useEffect(() => {
    pickedRef.current = picked
    plot.current?.redraw(false, false)
  }, [picked])

  useEffect(
    () => () => {
      plot.current?.destroy()
      plot.current = null
    },
    []
  )

  const point = points?.[Math.min(picked, points.length - 1)]
  const lastFrame = points ? points.length - 1 : 0
  const pick = (frame: number) => setPicked(Math.max(0, Math.min(lastFrame, frame)))
  /** The chart as a slider: one frame per arrow, ten per page, Home and End. */
  const onChartKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const step: Record<string, number> = {
      ArrowRight: 1,
      ArrowUp: 1,
      ArrowLeft: -1,
      ArrowDown: -1,
      PageUp: 10,
      PageDown: -10
    }
    if (event.key in step) pick(picked + step[event.key])
    else if (event.key === 'Home') pick(0)
    else if (event.key === 'End') pick(lastFrame)
    else return
    event.preventDefault()
  }
  const pickedText = point ? pointWords(point, points?.length ?? 0) : ''
  return (
    <section
      className="timeline-panel"
      aria-labelledby="timeline-title"
      data-testid="prediction-timeline"
      onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
    >
      <div className="inline-row">
        <h3 id="timeline-title" ref={heading} tabIndex={-1}>
          Failure prediction: {props.fileName}
        </h3>
        <button type="button" className="button small" onClick={props.onClose}>
          Close
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
      {!timeline && !error && <p className="hint">Loading the prediction…</p>}
      {timeline && timeline.status !== 'ready' && (
        <p className="hint" data-testid="timeline-gap">
          {timeline.message}
        </p>
      )}
      {timeline?.status === 'ready' && (
        <>
          <p data-testid="timeline-summary">
            {timeline.peak
              ? `Peak ${timeline.peak.p.toFixed(2)} (${bandOf(timeline.peak.p)}). `
              : 'No readable frames. '}
            Above {FISHY_ABOVE} for {minutes(timeline.secondsAboveFishy)}, above {FAILING_ABOVE} for{' '}
            {minutes(timeline.secondsAboveFailing)}.
            {timeline.alertedAt
              ? ` Obico raised an alert at ${new Date(timeline.alertedAt).toLocaleTimeString()} (dashed line).`
              : ''}
            {timeline.gapCount > 0 ? ` ${timeline.gapCount} frame(s) missing (gaps).` : ''}
          </p>
          <div
            ref={box}
            className="chart-box"
            role="slider"
            tabIndex={0}
            aria-label="Failure prediction over the print: pick a frame"
            aria-valuemin={1}
            aria-valuemax={timeline.points.length}
            aria-valuenow={Math.min(picked, lastFrame) + 1}
            aria-valuetext={pickedText}
            onClick={() => hover.current !== null && pick(hover.current)}
            onKeyDown={onChartKey}
            data-testid="timeline-chart"
          />
          <p className="legend hint">
            <span className="band fishy">■</span> fishy (above {FISHY_ABOVE}){' '}
            <span className="band failing">■</span> failing (above {FAILING_ABOVE})
          </p>
          <label className="field">
            <span>Frame</span>
            <input
              type="range"
              min={0}
              max={timeline.points.length - 1}
              value={Math.min(picked, timeline.points.length - 1)}
              onChange={(e) => pick(Number(e.target.value))}
              data-testid="timeline-frame"
            />
          </label>
          {point && (
            <TaggedVideoFrame
              key={`${props.accountId}:${props.printId}`}
              accountId={props.accountId}
              printId={props.printId}
              frame={point.frame}
              frameCount={timeline.points.length}
            >
              <span data-testid="timeline-picked" data-frame={point.frame} aria-live="polite">
                {pickedText}. In the tagged video at {(point.frame / timeline.videoFps).toFixed(1)}{' '}
                s.
              </span>
            </TaggedVideoFrame>
          )}
        </>
      )}
    </section>
  )
}
