/**
 * What the renderer loads before it can paint: the entry script of `index.html` and every chunk
 * it imports statically, gzipped as a server or the asar would not, but as the budget
 * counts (250 KB gzipped, minified production build). Lazy chunks (`import()`) are left out and
 * reported apart.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { basename, dirname, join } from 'node:path'

/** The budget for the initial renderer JavaScript, gzipped. */
export const INITIAL_JS_BUDGET_BYTES = 250 * 1024

/** Sizes of a production renderer build. */
export interface RendererBundleReport {
  /** Files loaded before the first paint, relative to the build folder. */
  initialFiles: string[]
  initialGzipBytes: number
  /** Every other JavaScript file (loaded on demand). */
  lazyFiles: string[]
  lazyGzipBytes: number
}

const STATIC_IMPORT =
  /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\/[^"']+\.js)["']/g

/** Measures the build in `outDir` (e.g. out/renderer). */
export function measureRendererBundle(outDir: string): RendererBundleReport {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8')
  const entries = [...html.matchAll(/<script[^>]+src="\.\/([^"]+\.js)"/g)].map((m) => m[1]!)
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.\/([^"]+\.js)"/g)]
  const initial = new Set<string>()
  const queue = [...entries, ...preloads.map((m) => m[1]!)]
  while (queue.length > 0) {
    const file = queue.shift()!
    if (initial.has(file)) continue
    initial.add(file)
    const source = readFileSync(join(outDir, file), 'utf8')
    for (const match of source.matchAll(STATIC_IMPORT)) {
      queue.push(join(dirname(file), match[1]!))
    }
  }
  const allJs = readdirSync(join(outDir, 'assets'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => `assets/${name}`)
  const lazy = allJs.filter((file) => !initial.has(file))
  const gz = (files: string[]): number =>
    files.reduce((sum, file) => sum + gzipSync(readFileSync(join(outDir, file))).length, 0)
  return {
    initialFiles: [...initial].map((f) => basename(f)),
    initialGzipBytes: gz([...initial]),
    lazyFiles: lazy.map((f) => basename(f)),
    lazyGzipBytes: gz(lazy)
  }
}
