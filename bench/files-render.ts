/**
 * Benchmark: the Files screen with 10,000 files in one folder, in the full-stack harness (the
 * production renderer in Chromium, the real composition, the Obico fake). Targets (issue 10):
 * first render at most 100 ms, and scrolling without main-thread tasks over 50 ms.
 *
 * "First render" is measured in the page: from the moment the folder's listing reaches the page
 * (the `library:list` answer) to the frame after its first rows are in the DOM, so the figure is
 * the renderer's work, not the server's paging. Scrolling runs 120 frames of 300 px each while a
 * PerformanceObserver records long tasks.
 *
 * Needs the built renderer (`npm run build:renderer`). Run alone: `npx tsx bench/files-render.ts`.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium } from '@playwright/test'
import { startHarness } from '../test/harness'
import { startObicoFake } from '../test/fakes/obico'

const FILES = 10_000

export interface FilesRenderResult {
  name: string
  files: number
  firstRenderMs: number
  longestScrollTaskMs: number
  longTasksOver50ms: number
}

export async function runFilesRenderBench(): Promise<FilesRenderResult> {
  const fake = await startObicoFake({ seed: 'demo' })
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: ['--no-sandbox', '--disable-gpu']
  })
  const context = await browser.newContext()
  const harness = await startHarness({ context })
  try {
    const folder = fake.store.folders.find((f) => f.name === 'Calibration')!
    const template = fake.store.files.find((f) => f.parent_folder_id === folder.id)!
    for (let i = 0; i < FILES; i++) {
      fake.store.files.push({
        ...structuredClone(template),
        id: 100_000 + i,
        filename: `part-${String(i).padStart(5, '0')}.gcode`,
        safe_filename: `part-${String(i).padStart(5, '0')}.gcode`,
        created_at: template.created_at + i
      })
    }
    await harness.services.accountService.linkWithSecret({
      profileKey: 'obico-self-hosted',
      serverUrl: fake.baseUrl,
      kind: 'access-token',
      secret: fake.createAdminToken(1)
    })
    harness.services.settings.set('firstRunDone', true)
    const { page } = await harness.openApp()
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Files', exact: true })
      .click()
    await page.locator('[data-testid="folder-row"][data-name="Calibration"]').waitFor()
    // The folder's 10,000 files are read once (server paging, not measured)...
    await page.getByTestId('tree-folder-Calibration').click()
    await page
      .locator('[data-testid="file-row"][data-name^="part-"]')
      .first()
      .waitFor({ timeout: 40_000 })
      .catch(async (e: unknown) => {
        await page.screenshot({ path: '/tmp/fr.png' })
        throw e
      })
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Printers', exact: true })
      .click()
    await page.locator('[data-testid="file-list"]').waitFor({ state: 'detached' })
    // ...then the screen is opened again: it mounts and renders the 10,000-file folder it holds.
    // Measured in the page from the click to the frame after the rows are in the DOM. In-page
    // code is given as strings: tsx names functions with a helper the page does not have.
    const firstRenderMs = (await page.evaluate(`new Promise((resolve) => {
      window.__bench = { longTasks: [] }
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration })
      }).observe({ type: 'longtask' })
      const button = [...document.querySelectorAll('nav[aria-label="Main"] button')].find((b) => b.textContent.trim().startsWith('Files'))
      const observer = new MutationObserver(() => {
        if (document.querySelector('[data-testid="file-row"][data-name^="part-"]')) {
          observer.disconnect()
          requestAnimationFrame(() => resolve(performance.now() - started))
        }
      })
      observer.observe(document.body, { childList: true, subtree: true })
      const started = performance.now()
      button.click()
    })`)) as number
    const scroll = (await page.evaluate(`new Promise((resolve) => {
      const list = document.querySelector('[data-testid="file-list"]')
      const from = performance.now()
      let frames = 0
      const step = () => {
        list.scrollTop += 300
        if (++frames < 120) {
          requestAnimationFrame(step)
          return
        }
        setTimeout(() => {
          const during = window.__bench.longTasks.filter((t) => t.start >= from)
          resolve({
            longest: Math.max(0, ...during.map((t) => t.duration)),
            over50: during.filter((t) => t.duration > 50).length
          })
        }, 200)
      }
      requestAnimationFrame(step)
    })`)) as { longest: number; over50: number }
    return {
      name: 'files-render',
      files: FILES,
      firstRenderMs,
      longestScrollTaskMs: scroll.longest,
      longTasksOver50ms: scroll.over50
    }
  } finally {
    await harness.close()
    await context.close()
    await browser.close()
    await fake.close()
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) {
  runFilesRenderBench()
    .then((r) => {
      console.log(JSON.stringify(r))
      console.log(
        `${r.name}: ${r.files} files; first render ${r.firstRenderMs.toFixed(1)} ms (target ≤ 100: ${r.firstRenderMs <= 100 ? 'met' : 'NOT met'}); scrolling: longest task ${r.longestScrollTaskMs.toFixed(0)} ms, ${r.longTasksOver50ms} over 50 ms (target none: ${r.longTasksOver50ms === 0 ? 'met' : 'NOT met'})`
      )
    })
    .catch((error: unknown) => {
      console.error(error)
      process.exit(1)
    })
}
