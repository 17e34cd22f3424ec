import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'

const shared = resolve(__dirname, 'src/shared')

/**
 * Dev server only: Vite injects the React refresh preamble as an inline script and CSS as inline
 * <style> tags, which the production CSP forbids. This relaxes the meta tag for `electron-vite dev`
 * and nothing else (the build keeps the exact policy from content-security-policy.ts).
 */
function devCspRelax(): Plugin {
  return {
    name: 'printdock-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*")
    }
  }
}

/**
 * Three builds: main (deps external, except ESM-only electron-store which is bundled), preload
 * (one self-contained CJS file, as a sandboxed preload cannot require anything but `electron`),
 * and the renderer (root `src/renderer`, output `out/renderer`).
 */
export default defineConfig({
  main: {
    resolve: { alias: { '@shared': shared } },
    build: {
      externalizeDeps: { exclude: ['electron-store'] },
      rolldownOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } }
    }
  },
  preload: {
    resolve: { alias: { '@shared': shared } },
    build: {
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].js' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: {
      alias: { '@shared': shared, '@renderer': resolve(__dirname, 'src/renderer/src') }
    },
    plugins: [react(), devCspRelax()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    }
  }
})
