import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The sandboxed preload is bundled into one file, so everything it imports at run time ships in
 * it. It must stay free of zod (main validates; the preload only forwards), which is why the
 * channel names live in the zod-free channels.ts. This walks the preload's runtime imports (type
 * imports are erased by the bundler and do not count) and fails when one reaches contract.ts or zod.
 */

const ROOT = join(__dirname, '..', '..', '..', '..')

/** The specifiers a module imports at run time. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022)
  const found: string[] = []
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue
    const specifier = statement.moduleSpecifier
    if (!specifier || !ts.isStringLiteral(specifier)) continue
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause
      if (clause?.isTypeOnly) continue
      const named = clause?.namedBindings
      const onlyTypes =
        clause !== undefined &&
        clause.name === undefined &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.every((element) => element.isTypeOnly)
      if (onlyTypes) continue
    } else if (statement.isTypeOnly) continue
    found.push(specifier.text)
  }
  return found
}

/** Every module the preload loads at run time: repo files relative to the root, packages by name. */
function preloadClosure(): Set<string> {
  const seen = new Set<string>()
  const visit = (file: string) => {
    const name = relative(ROOT, file)
    if (seen.has(name)) return
    seen.add(name)
    for (const specifier of runtimeImports(file)) {
      if (!specifier.startsWith('.')) {
        seen.add(specifier)
        continue
      }
      const base = resolve(dirname(file), specifier)
      const target = [`${base}.ts`, join(base, 'index.ts')].find((path) => existsSync(path))
      if (!target) throw new Error(`cannot resolve ${specifier} from ${name}`)
      visit(target)
    }
  }
  visit(join(ROOT, 'src/preload/index.ts'))
  return seen
}

describe('the preload bundle', () => {
  it('loads electron and the zod-free shared modules only', () => {
    const closure = preloadClosure()
    expect(closure).toContain('src/shared/ipc/channels.ts')
    expect(closure).not.toContain('src/shared/ipc/contract.ts')
    expect(closure).not.toContain('zod')
    expect([...closure].filter((name) => !name.startsWith('src/')).sort()).toEqual(['electron'])
  })
})
