/// <reference path="../../src/preload/index.d.ts" />
/**
 * The packaged shape of the app under Electron: the window opens without console errors, and a
 * `printdock:` URL on the command line reaches the app. Runs only where the Electron binary is
 * installed (`node_modules/electron/path.txt` and its target exist); otherwise it skips and says
 * why. It never calls `require('electron')` to find out: without a binary that starts a download.
 */
import { expect, test, _electron as electron } from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..')

function electronBinary(): { path?: string; why?: string } {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile))
    return { why: 'no Electron binary installed (node_modules/electron/path.txt missing)' }
  const binary = join(
    ROOT,
    'node_modules',
    'electron',
    'dist',
    readFileSync(pathFile, 'utf8').trim()
  )
  if (!existsSync(binary)) return { why: `Electron binary missing at ${binary}` }
  if (!existsSync(join(ROOT, 'out', 'main', 'index.js')))
    return { why: 'out/main missing: run `npx electron-vite build` first' }
  return { path: binary }
}

const found = electronBinary()

test.describe('electron smoke', () => {
  test.beforeAll(() => {
    if (found.why) process.stdout.write(`electron-smoke skipped: ${found.why}\n`)
  })

  test('window opens without console errors and a deep link reaches main', async () => {
    test.skip(!found.path, found.why ?? '')
    const home = await mkdtemp(join(tmpdir(), 'printdock-electron-'))
    const deepLink = 'printdock://oauth/callback?code=smoke&state=not-a-pending-attempt'
    const app = await electron.launch({
      executablePath: found.path,
      args: [ROOT, '--no-sandbox', deepLink],
      env: { ...process.env, PRINTDOCK_HOME: home, PRINTDOCK_LOG_LEVEL: 'debug' }
    })
    try {
      let stderr = ''
      app.process().stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const page = await app.firstWindow()
      const errors: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text())
      })
      await page.locator('[data-app-state="ready"]').waitFor({ state: 'attached' })
      expect(await page.evaluate(() => typeof window.api.settings.get)).toBe('function')
      // The cold-start URL went through parseAppUrl into completeLink, which refuses the unknown
      // state; main logs that (redacted) once the page is ready.
      await expect.poll(() => stderr, { timeout: 15_000 }).toContain('deep link')
      expect(stderr).not.toContain('code=smoke')
      expect(errors).toEqual([])
    } finally {
      await app.close()
      await rm(home, { recursive: true, force: true })
    }
  })
})
