// ESLint flat config. The layering of the app is enforced here as errors, not left to convention:
// - src/main/core, src/shared and src/sandbox run in plain Node (tests, CLI): no electron;
// - src/renderer reaches the system only through window.api: no electron, no Node built-ins;
// - ipcMain/ipcRenderer only in the typed IPC binding and the preload;
// - shell.openExternal only behind the isSafeExternalUrl predicate.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import { builtinModules } from 'node:module'

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)]

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
    files: [
      'src/main/core/**/*.ts',
      'src/shared/**/*.ts',
      'src/sandbox/**/*.ts',
      'src/cli/**/*.ts'
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Core, shared, sandbox and CLI code runs in plain Node: no electron.'
            }
          ],
          patterns: [
            {
              regex: '^(\\.\\./)+(app|ipc|adapters)/|(^|/)main/(app|ipc|adapters)/',
              message: 'Core may not reach the Electron shell.'
            },
            {
              group: ['electron-store'],
              message:
                'electron-store stays behind the SettingsStore interface in src/main/adapters.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'src/shared is environment-neutral.' },
            ...nodeBuiltins.map((name) => ({ name, message: 'src/shared is environment-neutral.' }))
          ]
        }
      ]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer reaches the system only through window.api.'
            },
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'The renderer has no Node: use window.api.'
            }))
          ],
          patterns: [
            {
              group: ['**/main/**', '**/preload/**', '**/sandbox/**', '**/cli/**'],
              message: 'The renderer may import only src/shared and itself.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/ipc/typed-ipc.ts', 'src/preload/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='ipcMain']",
          message: 'ipcMain only in src/main/ipc/typed-ipc.ts.'
        },
        {
          selector: "MemberExpression[object.name='ipcRenderer']",
          message: 'ipcRenderer only in src/preload/index.ts.'
        },
        {
          selector: "MemberExpression[property.name='openExternal']",
          message: 'shell.openExternal only in src/main/app/open-external.ts.'
        }
      ]
    }
  },
  {
    // Tests probe arbitrary JSON from servers and reference ambient declarations.
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/triple-slash-reference': 'off'
    }
  },
  {
    files: ['src/main/app/open-external.ts'],
    rules: { 'no-restricted-syntax': 'off' }
  }
)
