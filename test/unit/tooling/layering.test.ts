import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/**
 * The layering rules live in eslint.config.mjs; these cases prove each one fires (and that
 * allowed imports pass), so loosening the config fails a test rather than passing silently. Every
 * blocked case below was once a bypass: keep them when reshaping the config.
 */
const ROOT = process.cwd()
const eslint = new ESLint({ cwd: ROOT })
const LAYERING_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax'])

async function layeringHits(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  const messages = result?.messages ?? []
  // A parse error would also "block" the case; it must fail instead of passing for that reason.
  const fatal = messages.find((m) => m.fatal)
  if (fatal) throw new Error(`${filePath}: ${fatal.message}`)
  return messages.filter((m) => m.ruleId && LAYERING_RULES.has(m.ruleId)).map((m) => m.message)
}

type Case = { label: string; file: string; code: string }

const CORE = 'src/main/core/auth/x.ts'
const SHARED = 'src/shared/ipc/x.ts'
const RENDERER = 'src/renderer/src/features/x/x.ts'
const MAIN_APP = 'src/main/app/x.ts'

const blocked: Case[] = [
  // plain-Node code: core, fakes, CLI
  {
    label: 'core importing electron',
    file: CORE,
    code: "import { app } from 'electron'\nvoid app\n"
  },
  {
    label: 'core importing electron/main',
    file: CORE,
    code: "import { app } from 'electron/main'\nvoid app\n"
  },
  {
    label: 'core importing electron types',
    file: CORE,
    code: "import type { App } from 'electron'\nexport type A = App\n"
  },
  {
    label: 'core importing electron dynamically',
    file: CORE,
    code: "export const load = () => import('electron/main')\n"
  },
  { label: 'core requiring electron', file: CORE, code: "export const e = require('electron')\n" },
  {
    label: 'core using import = require for electron',
    file: CORE,
    code: "import electron = require('electron')\nvoid electron\n"
  },
  {
    label: 'core requiring electron-store',
    file: CORE,
    code: "export const Store = require('electron-store')\n"
  },
  {
    label: 'core importing electron-store',
    file: CORE,
    code: "import Store from 'electron-store'\nvoid Store\n"
  },
  {
    label: 'core reaching the Electron shell',
    file: 'src/main/core/x.ts',
    code: "import { a } from '../app/main-window'\nvoid a\n"
  },
  {
    label: 'fakes importing electron',
    file: 'test/fakes/x.ts',
    code: "import { app } from 'electron'\nvoid app\n"
  },
  {
    label: 'renderer importing the fake servers',
    file: RENDERER,
    code: "import { startObicoFake } from '../../../../../test/fakes/obico'\nvoid startObicoFake\n"
  },
  {
    label: 'CLI importing electron/common',
    file: 'src/cli/x.ts',
    code: "import { clipboard } from 'electron/common'\nvoid clipboard\n"
  },
  {
    label: 'CLI reaching the IPC layer',
    file: 'src/cli/x.ts',
    code: "import { dispatchInvoke } from '../main/ipc/dispatch'\nvoid dispatchInvoke\n"
  },
  // main outside the shell, checked by folder: files that do not exist yet are checked too
  {
    label: 'a new IPC handler file importing electron',
    file: 'src/main/ipc/printer-handlers.ts',
    code: "import { app } from 'electron'\nvoid app\n"
  },
  {
    label: 'a new IPC handler file importing electron/main dynamically',
    file: 'src/main/ipc/printer-handlers.ts',
    code: "export const load = () => import('electron/main')\n"
  },
  {
    label: 'a new demo file requiring electron',
    file: 'src/main/demo/demo-printers.ts',
    code: "export const e = require('electron')\n"
  },
  {
    label: 'a new file in a new main folder importing electron',
    file: 'src/main/jobs/job-runner.ts',
    code: "import { utilityProcess } from 'electron'\nvoid utilityProcess\n"
  },
  {
    label: 'the composition importing electron',
    file: 'src/main/compose-services.ts',
    code: "import { app } from 'electron'\nvoid app\n"
  },
  {
    label: 'an IPC handler reaching an Electron shell module',
    file: 'src/main/ipc/printer-handlers.ts',
    code: "import { createMainWindow } from '../app/main-window'\nvoid createMainWindow\n"
  },
  {
    label: 'the composition reaching an Electron adapter',
    file: 'src/main/compose-services.ts',
    code: "import { SystemBrowserLauncher } from './adapters/system-browser'\nvoid SystemBrowserLauncher\n"
  },
  {
    label: 'a pure shell module the harness imports, importing electron',
    file: 'src/main/app/url-policy.ts',
    code: "import { app } from 'electron'\nvoid app\n"
  },
  // shared: environment-neutral
  { label: 'shared importing electron', file: SHARED, code: "import { app } from 'electron'\n" },
  {
    label: 'shared importing electron/renderer',
    file: SHARED,
    code: "import { ipcRenderer } from 'electron/renderer'\nvoid ipcRenderer\n"
  },
  {
    label: 'shared importing node:fs',
    file: SHARED,
    code: "import { readFileSync } from 'node:fs'\nvoid readFileSync\n"
  },
  { label: 'shared importing path', file: SHARED, code: "import path from 'path'\nvoid path\n" },
  {
    label: 'shared importing node:test (prefix-only built-in)',
    file: SHARED,
    code: "import test from 'node:test'\nvoid test\n"
  },
  {
    label: 'shared importing electron-store',
    file: SHARED,
    code: "import Store from 'electron-store'\nvoid Store\n"
  },
  {
    label: 'shared importing main/app',
    file: 'src/shared/x.ts',
    code: "import { a } from '../main/app/main-window'\nvoid a\n"
  },
  {
    label: 'shared importing main/core',
    file: SHARED,
    code: "import { a } from '../../main/core/errors'\nvoid a\n"
  },
  {
    label: 'shared importing the renderer by alias',
    file: SHARED,
    code: "import { api } from '@renderer/lib/api'\nvoid api\n"
  },
  {
    label: 'shared importing node:os dynamically',
    file: SHARED,
    code: "export const os = () => import('node:os')\n"
  },
  { label: 'shared calling require', file: SHARED, code: "export const m = require('zod')\n" },
  // renderer: window.api only
  {
    label: 'renderer importing electron',
    file: RENDERER,
    code: "import { ipcRenderer } from 'electron'\nvoid ipcRenderer\n"
  },
  {
    label: 'renderer importing electron/renderer',
    file: RENDERER,
    code: "import { webFrame } from 'electron/renderer'\nvoid webFrame\n"
  },
  { label: 'renderer importing fs', file: RENDERER, code: "import fs from 'fs'\nvoid fs\n" },
  {
    label: 'renderer importing fs/promises',
    file: RENDERER,
    code: "import { readFile } from 'fs/promises'\nvoid readFile\n"
  },
  {
    label: 'renderer awaiting import(node:fs)',
    file: RENDERER,
    code: "export async function f() {\n  return (await import('node:fs')).readFileSync\n}\n"
  },
  {
    label: 'renderer importing fs/promises dynamically',
    file: RENDERER,
    code: "export const f = () => import('fs/promises')\n"
  },
  {
    label: 'renderer importing node:fs by template string',
    file: RENDERER,
    code: 'export const f = () => import(`node:fs`)\n'
  },
  {
    label: 'renderer importing electron dynamically',
    file: RENDERER,
    code: "export const f = () => import('electron')\n"
  },
  { label: "renderer require('fs')", file: RENDERER, code: "export const fs = require('fs')\n" },
  {
    label: "renderer require('node:child_process')",
    file: RENDERER,
    code: "export const cp = require('node:child_process')\n"
  },
  {
    label: 'renderer using import = require',
    file: RENDERER,
    code: "import fs = require('fs')\nvoid fs\n"
  },
  {
    label: 'renderer importing main code',
    file: 'src/renderer/src/x.ts',
    code: "import { a } from '../../main/core/errors'\nvoid a\n"
  },
  {
    label: 'renderer importing the preload',
    file: 'src/renderer/src/x.ts',
    code: "import { createPreloadApi } from '../../preload/preload-api'\nvoid createPreloadApi\n"
  },
  {
    label: 'renderer importing electron-store',
    file: RENDERER,
    code: "import Store from 'electron-store'\nvoid Store\n"
  },
  // ipcMain only in typed-ipc.ts, ipcRenderer only in preload/index.ts
  {
    label: 'ipcMain outside typed-ipc',
    file: MAIN_APP,
    code: "import { ipcMain } from 'electron'\nipcMain.handle('x', () => 1)\n"
  },
  {
    label: 'ipcMain imported under another name',
    file: MAIN_APP,
    code: "import { ipcMain as m } from 'electron'\nm.handle('x', () => 1)\n"
  },
  {
    label: 'ipcMain through a namespace import',
    file: MAIN_APP,
    code: "import * as electron from 'electron'\nelectron.ipcMain.handle('x', () => 1)\n"
  },
  {
    label: 'ipcMain destructured',
    file: MAIN_APP,
    code: "import electron from 'electron'\nconst { ipcMain: m } = electron\nvoid m\n"
  },
  {
    label: 'ipcMain by computed member',
    file: MAIN_APP,
    code: "import electron from 'electron'\nvoid electron['ipcMain']\n"
  },
  {
    label: 'ipcMain re-exported',
    file: MAIN_APP,
    code: "export { ipcMain as m } from 'electron'\n"
  },
  {
    label: 'ipcMain from electron/main in an electron-free IPC file',
    file: 'src/main/ipc/dispatch.ts',
    code: "import { ipcMain } from 'electron/main'\nvoid ipcMain\n"
  },
  {
    label: 'ipcMain in open-external.ts (its home lifts only openExternal)',
    file: 'src/main/app/open-external.ts',
    code: "import { ipcMain } from 'electron'\nipcMain.handle('x', () => 1)\n"
  },
  {
    label: 'ipcRenderer outside preload/index.ts',
    file: 'src/preload/preload-api.ts',
    code: "import { ipcRenderer as r } from 'electron'\nvoid r\n"
  },
  {
    label: 'ipcRenderer in main',
    file: MAIN_APP,
    code: "import { ipcRenderer } from 'electron/renderer'\nvoid ipcRenderer\n"
  },
  // shell.openExternal only in open-external.ts
  {
    label: 'openExternal outside open-external',
    file: MAIN_APP,
    code: "import { shell } from 'electron'\nvoid shell.openExternal('https://example.com')\n"
  },
  {
    label: 'openExternal destructured from shell',
    file: MAIN_APP,
    code: "import { shell } from 'electron'\nconst { openExternal } = shell\nvoid openExternal('https://example.com')\n"
  },
  {
    label: 'openExternal destructured under another name',
    file: 'src/main/adapters/x.ts',
    code: "import { shell } from 'electron'\nconst { openExternal: go } = shell\nvoid go('https://example.com')\n"
  },
  {
    label: 'openExternal by computed member',
    file: MAIN_APP,
    code: "import { shell } from 'electron'\nvoid shell['openExternal']('https://example.com')\n"
  },
  {
    label: 'openExternal in typed-ipc.ts (its home lifts only ipcMain)',
    file: 'src/main/app/typed-ipc.ts',
    code: "import { shell } from 'electron'\nvoid shell.openExternal('https://example.com')\n"
  }
]

const allowed: Case[] = [
  {
    label: 'core importing node:crypto',
    file: 'src/main/core/x.ts',
    code: "import { randomBytes } from 'node:crypto'\nvoid randomBytes\n"
  },
  {
    label: 'core importing shared',
    file: CORE,
    code: "import type { AccountSummary } from '../../../shared/models/account'\nexport type A = AccountSummary\n"
  },
  {
    label: 'CLI importing core',
    file: 'src/cli/x.ts',
    code: "import { systemClock } from '../main/core/clock'\nvoid systemClock\n"
  },
  {
    label: 'shared importing shared and zod',
    file: SHARED,
    code: "import { z } from 'zod'\nimport { ok } from './result'\nimport type { A } from '../models/account'\nvoid z\nvoid ok\nexport type B = A\n"
  },
  {
    label: 'renderer importing shared',
    file: 'src/renderer/src/x.ts',
    code: "import { ok } from '../../shared/ipc/result'\nvoid ok\n"
  },
  {
    label: 'renderer importing shared by alias',
    file: RENDERER,
    code: "import { ok } from '@shared/ipc/result'\nvoid ok\n"
  },
  {
    label: 'renderer lazily importing its own module',
    file: 'src/renderer/src/x.ts',
    code: "export const Files = () => import('./features/files/FilesScreen')\n"
  },
  {
    label: 'renderer importing its own main.tsx sibling',
    file: 'src/renderer/src/features/x.ts',
    code: "import { a } from '../main'\nvoid a\n"
  },
  {
    label: 'ipcMain in typed-ipc',
    file: 'src/main/app/typed-ipc.ts',
    code: "import { ipcMain } from 'electron'\nipcMain.handle('x', () => 1)\n"
  },
  {
    label: 'ipcRenderer in preload/index.ts',
    file: 'src/preload/index.ts',
    code: "import { contextBridge, ipcRenderer } from 'electron'\ncontextBridge.exposeInMainWorld('api', ipcRenderer.invoke)\n"
  },
  {
    label: 'IpcRendererEvent type in the preload api',
    file: 'src/preload/preload-api.ts',
    code: "import type { IpcRendererEvent } from 'electron'\nexport type E = IpcRendererEvent\n"
  },
  {
    label: 'shell.openExternal in open-external.ts',
    file: 'src/main/app/open-external.ts',
    code: "import { shell } from 'electron'\nvoid shell.openExternal('https://example.com')\n"
  },
  {
    label: 'the guarded openExternal wrapper elsewhere in main',
    file: 'src/main/app/navigation-guard.ts',
    code: "import { openExternal } from './open-external'\nvoid openExternal('https://example.com', 'any-origin')\n"
  },
  {
    label: 'other shell methods in main/app',
    file: MAIN_APP,
    code: "import { app, shell } from 'electron'\nshell.showItemInFolder(app.getPath('userData'))\n"
  },
  {
    label: 'electron in a new shell file',
    file: 'src/main/app/tray.ts',
    code: "import { Tray } from 'electron'\nvoid Tray\n"
  },
  {
    label: 'electron in a new adapter',
    file: 'src/main/adapters/power-monitor.ts',
    code: "import { powerMonitor } from 'electron'\nvoid powerMonitor\n"
  },
  {
    label: 'an IPC handler importing a pure shell module',
    file: 'src/main/ipc/printer-handlers.ts',
    code: "import { normaliseOrigin } from '../app/url-policy'\nvoid normaliseOrigin\n"
  },
  {
    label: 'an IPC handler importing core and its own folder',
    file: 'src/main/ipc/printer-handlers.ts',
    code: "import { AppError } from '../core/errors'\nimport type { HandlerMap } from './handler-types'\nvoid AppError\nexport type H = HandlerMap\n"
  }
]

describe('layering rules', () => {
  for (const { label, file, code } of blocked) {
    it(`blocks ${label}`, async () => {
      expect(await layeringHits(file, code)).not.toEqual([])
    })
  }
  for (const { label, file, code } of allowed) {
    it(`allows ${label}`, async () => {
      expect(await layeringHits(file, code)).toEqual([])
    })
  }
})

/** Files reachable from `entries` by relative imports (the harness has no path aliases). */
function relativeImportClosure(entries: string[]): string[] {
  const seen = new Set<string>()
  const stack = entries.map((entry) => resolve(ROOT, entry))
  while (stack.length > 0) {
    const file = stack.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    const source = readFileSync(file, 'utf8')
    for (const match of source.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const base = resolve(dirname(file), match[1] as string)
      const found = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(existsSync)
      if (found) stack.push(found)
    }
  }
  return [...seen].map((file) => relative(ROOT, file))
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

describe('the browser harness', () => {
  const harnessEntries = sourceFiles('test/harness')
  const mainFiles = relativeImportClosure(harnessEntries).filter((f) => f.startsWith('src/'))

  it('imports main files (sanity check of the import walk)', () => {
    expect(mainFiles).toContain('src/main/compose-services.ts')
    expect(mainFiles).toContain('src/main/ipc/dispatch.ts')
  })

  // The harness runs these in plain Node; an electron import would only fail at run time there.
  it('imports only files where electron is a lint error', async () => {
    const unguarded: string[] = []
    for (const file of mainFiles) {
      for (const code of [
        "import { app } from 'electron'\nvoid app\n",
        "import { app } from 'electron/main'\nvoid app\n",
        "export const e = require('electron')\n",
        "import Store from 'electron-store'\nvoid Store\n"
      ]) {
        if ((await layeringHits(file, code)).length === 0) unguarded.push(`${file}: ${code}`)
      }
    }
    expect(unguarded, 'add these files to PLAIN_APP_MODULES in eslint.config.mjs').toEqual([])
  })
})

describe('rule merging', () => {
  // A second block configuring the same rule replaces the first; check the result per real file.
  const files = sourceFiles('src')
  const selectorsFor = async (file: string): Promise<string> => {
    const config = (await eslint.calculateConfigForFile(file)) as {
      rules?: Record<string, unknown[]>
    }
    return JSON.stringify(config.rules?.['no-restricted-syntax'] ?? [])
  }
  const bans = [
    {
      name: 'ipcMain',
      selector: "ImportSpecifier[imported.name='ipcMain']",
      home: 'src/main/app/typed-ipc.ts'
    },
    {
      name: 'ipcRenderer',
      selector: "ImportSpecifier[imported.name='ipcRenderer']",
      home: 'src/preload/index.ts'
    },
    {
      name: 'openExternal',
      selector: "ObjectPattern > Property[key.name='openExternal']",
      home: 'src/main/app/open-external.ts'
    }
  ]

  it('keeps the ipcMain, ipcRenderer and openExternal bans on every src file but their home', async () => {
    expect(files.length).toBeGreaterThan(50)
    const missing: string[] = []
    for (const file of files) {
      const selectors = await selectorsFor(file)
      for (const ban of bans) {
        const present = selectors.includes(ban.selector)
        if (present === (file === ban.home))
          missing.push(`${file}: ${ban.name} ${present ? 'banned in its home' : 'not banned'}`)
      }
    }
    expect(missing).toEqual([])
  })
})
