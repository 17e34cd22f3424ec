/**
 * The CLI is built, not interpreted (docs/decisions/0010): what the built file may import, and
 * what `bin/printdock.mjs` says when there is no build.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from './cli-process'

const BUILT = join(REPO_ROOT, 'out/cli/printdock.mjs')
const BIN = join(REPO_ROOT, 'bin/printdock.mjs')
const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

/** The package names a module's static and dynamic imports name (relative paths excluded). */
function importedPackages(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*["']([^"']+)["']/gm),
    ...source.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
    ...source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
    ...source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)
  ].map((match) => match[1] as string)
  return [
    ...new Set(
      specifiers
        .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('/'))
        .map((specifier) =>
          specifier.startsWith('@')
            ? specifier.split('/').slice(0, 2).join('/')
            : specifier.split('/')[0]!
        )
    )
  ]
}

const isBuiltin = (name: string) => name.startsWith('node:') || builtinModules.includes(name)

describe('the built CLI', () => {
  it('imports only Node built-ins and runtime dependencies (bundles the rest)', () => {
    const imported = importedPackages(readFileSync(BUILT, 'utf8'))
    // Sanity: the scan sees the externals it must see.
    expect(imported).toEqual(expect.arrayContaining(['commander', 'zod', 'axios', 'node:fs']))
    const notRuntime = imported.filter(
      (name) => !isBuiltin(name) && !(name in packageJson.dependencies)
    )
    expect(notRuntime).toEqual([])
  })

  it('runs without tsx, and tsx and ws are not runtime dependencies', () => {
    expect(importedPackages(readFileSync(BIN, 'utf8')).every(isBuiltin)).toBe(true)
    expect(readFileSync(BUILT, 'utf8')).not.toMatch(/["']tsx(\/[^"']*)?["']/)
    expect(Object.keys(packageJson.dependencies)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(tsx|ws|electron-store)$/)])
    )
    expect(packageJson.devDependencies).toHaveProperty('tsx')
  })

  it('bin/printdock.mjs says in one line how to build it when the build is missing', () => {
    const clone = mkdtempSync(join(tmpdir(), 'printdock-unbuilt-'))
    try {
      mkdirSync(join(clone, 'bin'))
      copyFileSync(BIN, join(clone, 'bin/printdock.mjs'))
      const run = spawnSync(process.execPath, [join(clone, 'bin/printdock.mjs'), 'accounts'], {
        encoding: 'utf8'
      })
      expect(run.status).toBe(1)
      expect(run.stdout).toBe('')
      expect(run.stderr).toBe(
        'printdock: the command line is not built yet; run `npm run build:cli` in the Printdock folder, then try again.\n'
      )
    } finally {
      rmSync(clone, { recursive: true, force: true })
    }
  })
})
