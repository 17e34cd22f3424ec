import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { build, type Plugin } from 'vite'

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
 * Client IDs baked in at build time: every `PRINTDOCK_<PROVIDER>_CLIENT_ID` set when
 * `electron-vite build` runs (a release pipeline sets Printdock's registered public client IDs).
 * Client IDs are public (RFC 6749 §2.2); no client secret is ever read here.
 */
function buildTimeClientIds(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        /^PRINTDOCK_[A-Z_]+_CLIENT_ID$/.test(entry[0]) &&
        typeof entry[1] === 'string' &&
        entry[1] !== ''
    )
  )
}

/**
 * A script main runs as an Electron utility process, bundled beside main as
 * `out/main/<name>.js`. A build of its own rather than a second main entry: two entries share
 * chunks, and rolldown keeps its runtime in the first, so the script would load the whole app.
 */
function utilityProcessBundle(name: string, entry: string): Plugin {
  let outDir = ''
  return {
    name: `printdock-utility-${name}`,
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          // A Node bundle: built-ins and runtime dependencies stay external, as in main.
          ssr: true,
          outDir,
          emptyOutDir: false,
          rolldownOptions: {
            input: { [name]: resolve(__dirname, entry) },
            output: { format: 'cjs', entryFileNames: '[name].js' }
          }
        }
      })
    }
  }
}

/**
 * The demo's Obico server (docs/decisions/0006). Its entry imports the Obico fake without the
 * fault kit, so no bundle contains faults or control routes (test/unit/tooling/main-bundle.test.ts
 * checks the output).
 */
const demoServerBundle = () =>
  utilityProcessBundle('demo-server', 'test/fakes/obico/demo-server.ts')

/**
 * The demo print's tagged video (decision 0024), beside the demo server's bundle as
 * `out/main/demo-tagged-video.mp4`, where the fake looks first (test/fakes/obico/prediction.ts).
 */
function demoTaggedVideo(): Plugin {
  return {
    name: 'printdock-demo-tagged-video',
    apply: 'build',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'demo-tagged-video.mp4',
        source: readFileSync(resolve(__dirname, 'test/fixtures/video/tagged-120-frames.mp4'))
      })
    }
  }
}

/**
 * The keychain probe (docs/decisions/0014): the packaged app has the RunAsNode fuse off, so the
 * probe that must be killable runs as a utility process instead of the app's binary as Node.
 */
const keychainProbeBundle = () =>
  utilityProcessBundle('keychain-probe', 'src/main/adapters/keychain-probe-entry.ts')

/**
 * The mesh health check's worker thread (src/main/core/mesh/mesh-worker.ts), run by
 * `node:worker_threads` from main; a bundle of its own for the same reason as the utility scripts.
 */
const meshWorkerBundle = () =>
  utilityProcessBundle('mesh-worker', 'src/main/core/mesh/mesh-worker.ts')

/**
 * Three builds: main (deps external; the demo server and the keychain probe beside it), preload
 * (one self-contained CJS file, as a sandboxed preload cannot require anything but `electron`),
 * and the renderer (root `src/renderer`, output `out/renderer`).
 */
export default defineConfig({
  main: {
    resolve: { alias: { '@shared': shared } },
    define: { __PRINTDOCK_BUILD_CLIENT_IDS__: JSON.stringify(buildTimeClientIds()) },
    build: {
      rolldownOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } }
    },
    plugins: [demoServerBundle(), demoTaggedVideo(), keychainProbeBundle(), meshWorkerBundle()]
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
      // Electron's Chromium (and the harness's) supports <link rel="modulepreload">, so Vite's
      // polyfill for older browsers is dead code that runs first at every start.
      modulePreload: { polyfill: false },
      rolldownOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    }
  }
})
