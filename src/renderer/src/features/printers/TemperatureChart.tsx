/**
 * The temperature chart of the printer page: every reading main has kept since Printdock opened.
 *
 * Loaded lazily (`React.lazy` in PrinterPage): uPlot and its CSS are a separate chunk, so they cost
 * nothing until someone opens a printer's page.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { TemperatureSample } from '@shared/models/printer'
import { api } from '../../lib/api'
import { errorText } from '../../lib/error-text'
import { toUiError } from '../../lib/ui-error'
import { useSettingsStore } from '../../stores/settings-store'

interface Props {
  printerId: string
  printerName: string
  /** Changes whenever main has read the printer again; the history is fetched anew then. */
  revision: number
}

type Line = { label: string; pick: (s: TemperatureSample) => number | null; dash?: number[] }

const LINES: Line[] = [
  { label: 'Tool', pick: (s) => s.tool?.actual ?? null },
  { label: 'Tool target', pick: (s) => s.tool?.target ?? null, dash: [6, 4] },
  { label: 'Bed', pick: (s) => s.bed?.actual ?? null },
  { label: 'Bed target', pick: (s) => s.bed?.target ?? null, dash: [6, 4] },
  { label: 'Chamber', pick: (s) => s.chamber?.actual ?? null }
]

/** The chart, with a one-line text summary for screen readers and a note when empty. */
export default function TemperatureChart({ printerId, printerName, revision }: Props): ReactNode {
  const [samples, setSamples] = useState<TemperatureSample[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const theme = useSettingsStore((s) => `${s.settings.theme}-${s.systemDark}`)

  useEffect(() => {
    let current = true
    api.printers
      .temperatureHistory(printerId)
      .then((history) => {
        if (!current) return
        setSamples(history)
        setError(null)
      })
      .catch((caught: unknown) => {
        if (current) setError(errorText(toUiError(caught)))
      })
    return () => {
      current = false
    }
  }, [printerId, revision])

  // Which lines this printer has at all (a printer without a chamber gets no chamber line).
  const lines = LINES.filter((line) => samples?.some((s) => line.pick(s) !== null))
  const linesKey = lines.map((l) => l.label).join('|')

  useEffect(() => {
    const element = box.current
    if (!element || !samples || samples.length < 2) return
    const colours = themeColours(element)
    const data: uPlot.AlignedData = [
      samples.map((s) => s.at / 1000),
      ...lines.map((line) => samples.map((s) => line.pick(s)))
    ]
    if (plot.current && plot.current.series.length === lines.length + 1) {
      plot.current.setData(data)
      return
    }
    plot.current?.destroy()
    plot.current = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 240,
        axes: [
          { stroke: colours.muted, grid: { stroke: colours.grid } },
          {
            stroke: colours.muted,
            grid: { stroke: colours.grid },
            values: (_u, ticks) => ticks.map((t) => `${t} °C`)
          }
        ],
        series: [
          {},
          ...lines.map((line, i) => ({
            label: line.label,
            stroke: colours.series[Math.floor(i / 2) % colours.series.length],
            dash: line.dash,
            width: 2,
            spanGaps: false
          }))
        ]
      },
      data,
      element
    )
    // linesKey and theme stand for `lines` and the colours: a new set rebuilds the chart.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [samples, linesKey, theme])

  useEffect(() => {
    const element = box.current
    if (!element) return
    const observer = new ResizeObserver(() => {
      plot.current?.setSize({ width: Math.max(320, element.clientWidth), height: 240 })
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
      plot.current?.destroy()
      plot.current = null
    }
  }, [])

  const latest = samples?.[samples.length - 1]
  const summary = latest
    ? lines
        .filter((line) => !line.label.endsWith('target'))
        .map((line) => {
          const value = line.pick(latest)
          return value === null ? null : `${line.label} ${Math.round(value)} °C`
        })
        .filter(Boolean)
        .join(', ')
    : ''
  return (
    <figure className="temperature-chart" data-testid="temperature-chart">
      <figcaption>
        Temperatures of {printerName} since Printdock opened
        {summary && <span className="visually-hidden">. Latest: {summary}.</span>}
      </figcaption>
      {error && <p className="error-text">{error}</p>}
      {samples && samples.length < 2 && !error && (
        <p className="hint">Readings appear here as Printdock reads the printer.</p>
      )}
      <div ref={box} className="chart-box" aria-hidden="true" />
    </figure>
  )
}

/** Colours from the theme's CSS variables, so the chart follows light and dark mode. */
function themeColours(element: HTMLElement): { muted: string; grid: string; series: string[] } {
  const style = getComputedStyle(element)
  const read = (name: string, fallback: string): string =>
    style.getPropertyValue(name).trim() || fallback
  return {
    muted: read('--muted', '#555e69'),
    grid: read('--border', '#d3d8de'),
    series: [read('--danger', '#b42318'), read('--accent', '#0a5cc2'), read('--success', '#17692f')]
  }
}
