/// <reference path="../../src/preload/index.d.ts" />
/**
 * The packaged shape of the app under Electron: the window opens without console errors, and a
 * `printdock:` URL on the command line reaches the app. Runs only where the Electron binary is
 * installed (`node_modules/electron/path.txt` and its target exist); otherwise it skips and says
 * why. It never calls `require('electron')` to find out: without a binary that starts a download.
 */
import { expect, test, _electron as electron, type Page } from '@playwright/test'
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
    // Listeners go on before firstWindow(): errors thrown while the first page loads would
    // otherwise fire before anyone listens and the test would pass without seeing them.
    // A window created before launch() resolved is in windows() and not re-announced.
    const errors: string[] = []
    const watched = new WeakSet<Page>()
    const watch = (page: Page) => {
      if (watched.has(page)) return
      watched.add(page)
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`)
      })
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
    }
    app.on('window', watch)
    app.windows().forEach(watch)
    let stderr = ''
    app.process().stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    try {
      const page = await app.firstWindow()
      await page.locator('[data-app-state="ready"]').waitFor({ state: 'attached' })
      expect(await page.evaluate(() => typeof window.api.settings.get)).toBe('function')
      // The cold-start URL waited in the buffer until the page loaded; protocol-listener.ts logs
      // this exact line (query left out) when it hands the link to services.
      await expect
        .poll(() => stderr, { timeout: 15_000 })
        .toContain('[main] info: deep link delivered {"target":"printdock://oauth/callback"}')
      expect(stderr).not.toContain('code=smoke')
      expect(errors).toEqual([])
    } finally {
      await app.close()
      await rm(home, { recursive: true, force: true })
    }
  })
})
