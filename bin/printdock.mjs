#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx printdock` works after `npm install` without a
// build. The CJS hook is needed too: the package is CommonJS, so tsx loads src/*.ts as CJS.
import { register } from 'tsx/esm/api'
import { register as registerCommonJs } from 'tsx/cjs/api'

register()
registerCommonJs()
await import('../src/cli/main.ts')
