import { readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { resolve } from 'node:path'
import { build, defineConfig, type Plugin } from 'vite'

const root = import.meta.dirname

/**
 * The `printdock` command, built with the app's toolchain (Vite, as electron-vite builds main) into
 * one ES module, `out/cli/printdock.mjs`, that `bin/printdock.mjs` runs (docs/decisions/0010).
 *
 * Node target; Node built-ins and the runtime `dependencies` stay external, so the bundle loads
 * the same installed copies as the app (the native keychain module must be loaded from disk
 * anyway). Anything else the CLI imports is bundled: a dev-only package can never be needed at
 * run time (test/cli/cli-build.test.ts checks the built file's imports).
 */
const packageJson = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
}
const runtimeDependencies = Object.keys(packageJson.dependencies)
const external = [
  ...builtinModules,
  /^node:/,
  ...runtimeDependencies.map((name) => new RegExp(`^${name.replace('/', '\\/')}(\\/.*)?$`))
]

/**
 * The mesh worker (src/main/core/mesh/mesh-worker.ts) as `out/cli/mesh-worker.mjs`, the script
 * `src/cli/mesh-worker-script.ts` points at. A build of its own, after the CLI's, so neither
 * bundle gets a shared chunk: each stays one self-contained file.
 */
function meshWorkerBundle(): Plugin {
  return {
    name: 'printdock-cli-mesh-worker',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        resolve: { alias: { '@shared': resolve(root, 'src/shared') } },
        build: {
          ssr: resolve(root, 'src/main/core/mesh/mesh-worker.ts'),
          outDir: resolve(root, 'out/cli'),
          emptyOutDir: false,
          target: 'node22',
          minify: false,
          rolldownOptions: {
            external,
            output: { format: 'es', entryFileNames: 'mesh-worker.mjs' }
          }
        },
        ssr: { noExternal: true }
      })
    }
  }
}

export default defineConfig({
  plugins: [meshWorkerBundle()],
  resolve: { alias: { '@shared': resolve(root, 'src/shared') } },
  build: {
    ssr: resolve(root, 'src/cli/main.ts'),
    outDir: resolve(root, 'out/cli'),
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    rolldownOptions: {
      external,
      output: { format: 'es', entryFileNames: 'printdock.mjs' }
    }
  },
  // Bundle everything that is not external above (an SSR build would otherwise keep every package
  // external, dev-only ones included).
  ssr: { noExternal: true }
})
