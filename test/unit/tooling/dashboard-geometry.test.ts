/**
 * The dashboard guesses which cards are near the viewport when it opens from the layout's sizes
 * (features/printers/dashboard-geometry.ts) rather than measuring them; those sizes mirror
 * styles.css, and this keeps the two in step.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DASHBOARD_GEOMETRY } from '../../../src/renderer/src/features/printers/dashboard-geometry'

const css = readFileSync(join(process.cwd(), 'src/renderer/src/styles.css'), 'utf8')

/** The declarations of the top-level rule for `selector`. */
function rule(selector: string): string {
  const at = css.indexOf(`\n${selector} {`)
  expect(at, `styles.css has ${selector}`).toBeGreaterThanOrEqual(0)
  return css.slice(at, css.indexOf('}', at))
}

describe('dashboard geometry', () => {
  it('matches styles.css', () => {
    const g = DASHBOARD_GEOMETRY
    expect(rule('.shell')).toContain(`grid-template-columns: ${g.sidebarPx}px 1fr`)
    expect(rule('.content')).toContain(`max-width: ${g.contentMaxPx}px`)
    expect(rule('.content')).toContain(`padding: 32px ${g.contentPaddingXPx / 2}px 64px`)
    expect(rule('.printer-grid')).toContain(`minmax(${g.cardMinWidthPx}px, 1fr)`)
    expect(rule('.printer-grid')).toContain(`gap: ${g.gridGapPx}px`)
    expect(rule('.printer-card-placeholder')).toContain(`min-height: ${g.cardMinHeightPx}px`)
  })
})
