import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/**
 * The layering rules live in eslint.config.mjs; these cases prove each one fires (and that
 * allowed imports pass), so loosening the config fails a test rather than passing silently.
 */
const eslint = new ESLint({ cwd: process.cwd() })

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message)
}

describe('layering rules', () => {
  const cases: { label: string; file: string; code: string; blocked: boolean }[] = [
    {
      label: 'core importing electron',
      file: 'src/main/core/auth/x.ts',
      code: "import { app } from 'electron'\nexport const a = app\n",
      blocked: true
    },
    {
      label: 'shared importing electron',
      file: 'src/shared/x.ts',
      code: "import { app } from 'electron'\nexport const a = app\n",
      blocked: true
    },
    {
      label: 'shared importing node:fs',
      file: 'src/shared/x.ts',
      code: "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n",
      blocked: true
    },
    {
      label: 'sandbox importing electron',
      file: 'src/sandbox/x.ts',
      code: "import { app } from 'electron'\nexport const a = app\n",
      blocked: true
    },
    {
      label: 'core importing electron-store',
      file: 'src/main/core/x.ts',
      code: "import Store from 'electron-store'\nexport const a = Store\n",
      blocked: true
    },
    {
      label: 'core reaching the Electron shell',
      file: 'src/main/core/x.ts',
      code: "import { a } from '../app/main-window'\nexport const b = a\n",
      blocked: true
    },
    {
      label: 'renderer importing electron',
      file: 'src/renderer/src/x.ts',
      code: "import { ipcRenderer } from 'electron'\nexport const a = ipcRenderer\n",
      blocked: true
    },
    {
      label: 'renderer importing fs',
      file: 'src/renderer/src/x.ts',
      code: "import fs from 'fs'\nexport const a = fs\n",
      blocked: true
    },
    {
      label: 'renderer importing main code',
      file: 'src/renderer/src/x.ts',
      code: "import { a } from '../../main/core/errors'\nexport const b = a\n",
      blocked: true
    },
    {
      label: 'ipcMain outside typed-ipc',
      file: 'src/main/app/x.ts',
      code: "import { ipcMain } from 'electron'\nipcMain.handle('x', () => 1)\n",
      blocked: true
    },
    {
      label: 'openExternal outside open-external',
      file: 'src/main/app/x.ts',
      code: "import { shell } from 'electron'\nvoid shell.openExternal('https://example.com')\n",
      blocked: true
    },
    {
      label: 'core importing node:crypto (allowed)',
      file: 'src/main/core/x.ts',
      code: "import { randomBytes } from 'node:crypto'\nexport const a = randomBytes\n",
      blocked: false
    },
    {
      label: 'renderer importing shared (allowed)',
      file: 'src/renderer/src/x.ts',
      code: "import { ok } from '../../shared/ipc/result'\nexport const a = ok\n",
      blocked: false
    },
    {
      label: 'ipcMain in typed-ipc (allowed)',
      file: 'src/main/ipc/typed-ipc.ts',
      code: "import { ipcMain } from 'electron'\nipcMain.handle('x', () => 1)\n",
      blocked: false
    }
  ]

  for (const { label, file, code, blocked } of cases) {
    it(`${blocked ? 'blocks' : 'allows'} ${label}`, async () => {
      const ids = await ruleIdsFor(file, code)
      const layeringHits = ids.filter(
        (id) => id === 'no-restricted-imports' || id === 'no-restricted-syntax'
      )
      if (blocked) expect(layeringHits.length).toBeGreaterThan(0)
      else expect(layeringHits).toEqual([])
    })
  }
})
