// ESLint flat config. The layering of the app is enforced here as errors, not left to convention:
// - src/main/core, src/sandbox, src/cli and the main files the browser harness imports run in plain
//   Node (tests, CLI, harness): no electron;
// - src/shared and src/renderer reach no system API: no electron, no Node built-ins, no other layer
//   (the renderer goes through window.api);
// - ipcMain only in the typed IPC binding, ipcRenderer only in the preload;
// - shell.openExternal only behind the isSafeExternalUrl predicate.
//
// Flat config replaces, never merges, a rule configured by two matching blocks. So every src file
// gets its `no-restricted-imports` and `no-restricted-syntax` from exactly one `layer()` block
// below (the blocks ignore each other's files); a later, narrower block would otherwise silently
// drop the restrictions of the wider one. test/unit/tooling/layering.test.ts checks the bypasses
// and that every src file keeps the IPC and openExternal bans.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import { builtinModules } from 'node:module'

/** Files under src/main that the browser harness (test/harness) imports, directly or not. */
const HARNESS_MAIN_FILES = [
  'src/main/compose-services.ts',
  'src/main/app/content-security-policy.ts',
  'src/main/app/url-policy.ts',
  'src/main/demo/**/*.ts',
  'src/main/ipc/account-handlers.ts',
  'src/main/ipc/app-handlers.ts',
  'src/main/ipc/dispatch.ts',
  'src/main/ipc/event-bridge.ts',
  'src/main/ipc/handler-map.ts',
  'src/main/ipc/handler-types.ts',
  'src/main/ipc/lease-handlers.ts'
]
const IPC_MAIN_HOME = 'src/main/ipc/typed-ipc.ts'
const IPC_RENDERER_HOME = 'src/preload/index.ts'
const OPEN_EXTERNAL_HOME = 'src/main/app/open-external.ts'
const NODE_CORE = ['src/main/core/**/*.ts', 'src/sandbox/**/*.ts', 'src/cli/**/*.ts']
const SHARED = ['src/shared/**/*.ts']
const RENDERER = ['src/renderer/**/*.{ts,tsx}']
const PRELOAD = ['src/preload/**/*.ts']

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('node:'))
// Base names only (fs, not fs/promises): the selector regex below adds any subpath. esquery regexes
// are delimited by '/', hence the escaped slash.
const builtinBases = [...new Set(nodeBuiltins.map((name) => name.split('/')[0]))]
const builtinRegex = `^(node:.*|(${builtinBases.join('|')})(\\/.*)?)$`

// ---- no-restricted-imports pieces ---------------------------------------------------------------

/** `electron`, `electron/main`, `electron/renderer`, `electron/common`, `electron/utility`. */
const noElectron = (message) => ({ patterns: [{ regex: '^electron(/.*)?$', message }] })
const noElectronStore = {
  patterns: [
    {
      regex: '^electron-store(/.*)?$',
      message: 'electron-store stays behind the SettingsStore interface in src/main/adapters.'
    }
  ]
}
const noNodeBuiltins = (message) => ({
  paths: nodeBuiltins.map((name) => ({ name, message })),
  patterns: [{ regex: '^node:', message }]
})
const noShell = {
  patterns: [
    {
      regex: '^(\\.\\./)+(app|ipc|adapters)(/|$)|(^|/)main/(app|ipc|adapters)(/|$)',
      message: 'Core, sandbox and CLI code may not reach the Electron shell.'
    }
  ]
}
/** For src/shared and src/renderer: `allowed` are the other layers they may import. */
const onlyLayers = (from, allowed) => {
  const others = ['main', 'preload', 'renderer', 'sandbox', 'cli', 'shared'].filter(
    (layer) => layer !== from && !allowed.includes(layer)
  )
  const mayImport = [from, ...allowed].map((name) => `src/${name}`).join(', ')
  return {
    patterns: [
      {
        // A trailing slash is required: '../main' alone may be a sibling (renderer's main.tsx).
        regex: `(^|/)(${others.join('|')})/|^@(${others.join('|')})/`,
        message: `src/${from} may import only ${mayImport}.`
      }
    ]
  }
}

function restrictedImports(...pieces) {
  const paths = pieces.flatMap((piece) => piece.paths ?? [])
  const patterns = pieces.flatMap((piece) => piece.patterns ?? [])
  if (paths.length === 0 && patterns.length === 0) return 'off'
  return ['error', { paths, patterns }]
}

// ---- no-restricted-syntax pieces ----------------------------------------------------------------

/** Every way to reach electron's `exported`: import (renamed too), re-export, member, pattern. */
const reach = (exported, message) => [
  { selector: `ImportSpecifier[imported.name='${exported}']`, message },
  { selector: `ExportSpecifier[local.name='${exported}']`, message },
  ...reachOnObject(exported, message)
]
/** Member access and destructuring only: for a name that a local module may export too. */
const reachOnObject = (exported, message) => [
  { selector: `MemberExpression[property.name='${exported}']`, message },
  { selector: `MemberExpression[property.value='${exported}']`, message },
  { selector: `ObjectPattern > Property[key.name='${exported}']`, message },
  { selector: `ObjectPattern > Property[key.value='${exported}']`, message }
]
const ipcMainOutsideHome = [
  ...reach('ipcMain', 'ipcMain only in src/main/ipc/typed-ipc.ts.'),
  {
    selector: "MemberExpression[object.name='ipcMain']",
    message: 'ipcMain only in src/main/ipc/typed-ipc.ts.'
  }
]
const ipcRendererOutsideHome = [
  ...reach('ipcRenderer', 'ipcRenderer only in src/preload/index.ts.'),
  {
    selector: "MemberExpression[object.name='ipcRenderer']",
    message: 'ipcRenderer only in src/preload/index.ts.'
  }
]
const openExternalOutsideHome = [
  // Not an electron export, and the guarded wrapper in open-external.ts has the same name.
  ...reachOnObject('openExternal', 'shell.openExternal only in src/main/app/open-external.ts.'),
  {
    // shell[name] could be shell['openExternal'] computed at run time.
    selector: "MemberExpression[computed=true][object.name='shell']",
    message: 'shell.openExternal only in src/main/app/open-external.ts.'
  }
]
/** `import x = require('…')`, TypeScript's CommonJS import, which no-restricted-imports skips. */
const noImportEquals = [
  {
    selector: "TSImportEqualsDeclaration[moduleReference.type='TSExternalModuleReference']",
    message: 'Use an ES import (import x = require() escapes the import rules).'
  }
]
/** Loads no-restricted-imports does not see: import('…'), require('…'), also as templates. */
const dynamicLoadsOf = (regex, message) => [
  { selector: `ImportExpression[source.value=/${regex}/]`, message },
  { selector: `ImportExpression[source.quasis.0.value.cooked=/${regex}/]`, message },
  { selector: `CallExpression[callee.name='require'][arguments.0.value=/${regex}/]`, message },
  {
    selector: `CallExpression[callee.name='require'][arguments.0.quasis.0.value.cooked=/${regex}/]`,
    message
  }
]
/** A page has no require at all; any call is an attempt to reach Node. */
const noRequire = (message) => [{ selector: "CallExpression[callee.name='require']", message }]

function layer({ name, files, ignores = [], imports = [], syntax = [] }) {
  return {
    name: `printdock/layering/${name}`,
    files,
    ignores,
    rules: {
      'no-restricted-imports': restrictedImports(...imports),
      'no-restricted-syntax': ['error', ...noImportEquals, ...syntax]
    }
  }
}

const everywhereButHomes = (...except) => [
  ...(except.includes('ipcMain') ? [] : ipcMainOutsideHome),
  ...(except.includes('ipcRenderer') ? [] : ipcRendererOutsideHome),
  ...(except.includes('openExternal') ? [] : openExternalOutsideHome)
]

/** electron, its subpaths and electron-store, for the dynamic-load selectors. */
const electronOrStore = '^electron(-store)?(\\/.*)?$'
const plainNodeMessage = 'Runs in plain Node (tests, CLI, harness): no electron.'
const rendererMessage = 'The renderer has no Node and no Electron: use window.api.'
const sharedMessage = 'src/shared is environment-neutral: no Node, no Electron.'

const layers = [
  layer({
    name: 'main-electron',
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/core/**/*.ts', ...HARNESS_MAIN_FILES, IPC_MAIN_HOME, OPEN_EXTERNAL_HOME],
    syntax: everywhereButHomes()
  }),
  layer({ name: 'ipc-main-home', files: [IPC_MAIN_HOME], syntax: everywhereButHomes('ipcMain') }),
  layer({
    name: 'open-external-home',
    files: [OPEN_EXTERNAL_HOME],
    syntax: everywhereButHomes('openExternal')
  }),
  layer({
    name: 'preload',
    files: PRELOAD,
    ignores: [IPC_RENDERER_HOME],
    syntax: everywhereButHomes()
  }),
  layer({
    name: 'ipc-renderer-home',
    files: [IPC_RENDERER_HOME],
    syntax: everywhereButHomes('ipcRenderer')
  }),
  layer({
    name: 'core-sandbox-cli',
    files: NODE_CORE,
    imports: [noElectron(plainNodeMessage), noElectronStore, noShell],
    syntax: [...everywhereButHomes(), ...dynamicLoadsOf(electronOrStore, plainNodeMessage)]
  }),
  layer({
    name: 'harness-main',
    files: HARNESS_MAIN_FILES,
    imports: [
      noElectron('The browser harness imports this file in plain Node: no electron.'),
      noElectronStore
    ],
    syntax: [...everywhereButHomes(), ...dynamicLoadsOf(electronOrStore, plainNodeMessage)]
  }),
  layer({
    name: 'shared',
    files: SHARED,
    imports: [
      noElectron(sharedMessage),
      noElectronStore,
      noNodeBuiltins(sharedMessage),
      onlyLayers('shared', [])
    ],
    syntax: [
      ...everywhereButHomes(),
      ...noRequire(sharedMessage),
      ...dynamicLoadsOf(builtinRegex, sharedMessage),
      ...dynamicLoadsOf('^electron', sharedMessage)
    ]
  }),
  layer({
    name: 'renderer',
    files: RENDERER,
    imports: [
      noElectron(rendererMessage),
      noElectronStore,
      noNodeBuiltins(rendererMessage),
      onlyLayers('renderer', ['shared'])
    ],
    syntax: [
      ...everywhereButHomes(),
      ...noRequire(rendererMessage),
      ...dynamicLoadsOf(builtinRegex, rendererMessage),
      ...dynamicLoadsOf('^electron', rendererMessage)
    ]
  })
]

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.tmp/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        fetch: 'readonly',
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly'
      }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
      // A variable read by a closure before its one assignment cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }]
    }
  },
  {
    files: RENDERER,
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules
  },
  ...layers,
  {
    // Tests probe arbitrary JSON from servers and reference ambient declarations.
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/triple-slash-reference': 'off'
    }
  }
)
