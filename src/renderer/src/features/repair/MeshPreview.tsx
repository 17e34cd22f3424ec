import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { decodeMeshPreview } from '@shared/mesh-preview'
import type { MeshViewer } from './mesh-viewer'

const LEGEND: [string, string][] = [
  ['open', 'open edge'],
  ['non-manifold', 'shared by 3+ triangles'],
  ['inconsistent', 'wound the wrong way']
]

/**
 * A 3D preview of one mesh: drag to orbit, wheel to zoom, or focus it and use the arrow keys and
 * + / −. Problem edges are drawn in colour, with a toggle to show only them. three.js is loaded
 * here, on first use, not with the app.
 *
 * Test ids: `mesh-preview`, `mesh-preview-only-problems`, `mesh-preview-status`.
 */
export function MeshPreview({ buffer, label }: { buffer: ArrayBuffer; label: string }): ReactNode {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const viewerRef = useRef<MeshViewer | null>(null)
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading')
  const [onlyProblems, setOnlyProblems] = useState(false)
  const toggleId = useId()
  const problemCount = new Uint32Array(buffer, 16, 1)[0] ?? 0

  useEffect(() => {
    let cancelled = false
    const canvas = canvasRef.current
    if (!canvas) return
    void import('./mesh-viewer')
      .then(({ createMeshViewer }) => {
        if (cancelled) return
        const style = getComputedStyle(document.documentElement)
        viewerRef.current = createMeshViewer(canvas, decodeMeshPreview(buffer), {
          surface: style.getPropertyValue('--muted').trim() || '#8a939e',
          background: style.getPropertyValue('--surface-2').trim() || '#eef0f3'
        })
        setState('ready')
      })
      .catch(() => {
        if (!cancelled) setState('failed')
      })
    return () => {
      cancelled = true
      viewerRef.current?.dispose()
      viewerRef.current = null
    }
  }, [buffer])

  useEffect(() => viewerRef.current?.setOnlyProblems(onlyProblems), [onlyProblems, state])

  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>): void => {
    const step = 0.2
    const moves: Record<string, Parameters<MeshViewer['nudge']>[0]> = {
      ArrowLeft: { azimuth: -step },
      ArrowRight: { azimuth: step },
      ArrowUp: { polar: -step },
      ArrowDown: { polar: step },
      '+': { zoom: 0.8 },
      '=': { zoom: 0.8 },
      '-': { zoom: 1.25 }
    }
    const move = moves[event.key]
    if (!move || !viewerRef.current) return
    event.preventDefault()
    viewerRef.current.nudge(move)
  }

  return (
    <figure className="mesh-preview" data-testid="mesh-preview" data-state={state}>
      <canvas
        ref={canvasRef}
        className="mesh-canvas"
        tabIndex={0}
        role="img"
        aria-label={`3D preview of ${label}. Drag to orbit, scroll to zoom; or use the arrow keys and plus or minus.`}
        onKeyDown={onKeyDown}
      />
      <figcaption className="mesh-preview-bar">
        {state === 'loading' && (
          <span className="hint" data-testid="mesh-preview-status">
            Loading the 3D preview…
          </span>
        )}
        {state === 'failed' && (
          <span className="error-text" data-testid="mesh-preview-status">
            The 3D preview could not start (this computer may not support WebGL). The report above
            is complete without it.
          </span>
        )}
        {problemCount > 0 && (
          <>
            <label htmlFor={toggleId} className="inline-row">
              <input
                id={toggleId}
                type="checkbox"
                checked={onlyProblems}
                onChange={(event) => setOnlyProblems(event.target.checked)}
                data-testid="mesh-preview-only-problems"
              />
              Show only problem edges ({problemCount.toLocaleString()})
            </label>
            <span className="mesh-legend">
              {LEGEND.map(([kind, text]) => (
                <span key={kind} className={`legend-${kind}`}>
                  {text}
                </span>
              ))}
            </span>
          </>
        )}
      </figcaption>
    </figure>
  )
}
