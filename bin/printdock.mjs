#!/usr/bin/env node
// Runs the built CLI (out/cli/printdock.mjs, built by `npm run build:cli`; `npm install` builds it
// through the `prepare` script). It never builds on the fly: a build needs the dev toolchain, and
// a command that silently compiles itself surprises the person who typed it
// (docs/decisions/0010).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const built = new URL('../out/cli/printdock.mjs', import.meta.url)
if (!existsSync(fileURLToPath(built))) {
  process.stderr.write(
    'printdock: the command line is not built yet; run `npm run build:cli` in the Printdock folder, then try again.\n'
  )
  process.exit(1)
}
await import(built.href)
