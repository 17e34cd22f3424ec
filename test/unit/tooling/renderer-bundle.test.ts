import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { build, type InlineConfig } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INITIAL_JS_BUDGET_BYTES, measureRendererBundle } from '../../../bench/renderer-bundle'

/**
 * The renderer's initial JavaScript stays within the budget (250 KB gzipped, production
 * build), and the printer page's chart library stays out of it (a lazy chunk). Built with the
 * production renderer settings into a temp folder inside the repository; out/ is not touched.
 */
const ROOT = process.cwd()
let outDir = ''

beforeAll(async () => {
  outDir = mkdtempSync(join(ROOT, 'out-bundle-check-'))
  await build({
    configFile: join(ROOT, 'vite.renderer.config.ts'),
    root: join(ROOT, 'src/renderer'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true }
  } satisfies InlineConfig)
}, 120_000)

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true })
})

describe('renderer bundle', () => {
  it('loads at most 250 KB of gzipped JavaScript before the first paint', () => {
    const report = measureRendererBundle(outDir)
    expect(report.initialFiles.length).toBeGreaterThan(0)
    expect(report.initialGzipBytes).toBeGreaterThan(10_000)
    expect(report.initialGzipBytes).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES)
  })

  it('keeps uPlot in a chunk of its own, loaded when a printer page opens', () => {
    const report = measureRendererBundle(outDir)
    const read = (files: string[]): string =>
      files.map((f) => readFileSync(join(outDir, 'assets', f), 'utf8')).join('\n')
    // uPlot's own class names: present in the lazy chunk, absent from what loads first.
    expect(read(report.lazyFiles)).toContain('u-legend')
    expect(read(report.initialFiles)).not.toContain('u-legend')
  })
})
