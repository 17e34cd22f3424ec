import type { PredictionTimeline } from '../shared/models/obico-ai'
import { FAILING_ABOVE, FISHY_ABOVE } from '../shared/models/obico-ai'

/** A duration in words: "4 min 10 s", "1 h 2 min". */
function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

/** One print's timeline as one line for `printdock prints --prediction`. */
export function predictionLine(fileName: string, timeline: PredictionTimeline): string {
  const head = `#${timeline.printId} ${fileName}:`
  if (timeline.status !== 'ready') return `${head} ${timeline.message}`
  const peak = timeline.peak
    ? `peak ${timeline.peak.p.toFixed(2)}${timeline.peak.at ? ` at ${new Date(timeline.peak.at).toISOString().slice(11, 19)} UTC` : ''}`
    : 'no readable frames'
  const gaps = timeline.gapCount > 0 ? `, ${timeline.gapCount} frame(s) missing` : ''
  return `${head} ${peak}; above ${FISHY_ABOVE} (fishy) for ${duration(timeline.secondsAboveFishy)}, above ${FAILING_ABOVE} (failing) for ${duration(timeline.secondsAboveFailing)}${gaps}`
}

/** The summary `--json` adds to a print (no per-frame points). */
export function predictionJson(timeline: PredictionTimeline): Record<string, unknown> {
  if (timeline.status !== 'ready') return { status: timeline.status, message: timeline.message }
  return {
    status: 'ready',
    peak: timeline.peak,
    secondsAboveFishy: timeline.secondsAboveFishy,
    secondsAboveFailing: timeline.secondsAboveFailing,
    frames: timeline.points.length,
    gapCount: timeline.gapCount,
    alertedAt: timeline.alertedAt
  }
}
