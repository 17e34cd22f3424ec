/// <reference path="../../src/preload/index.d.ts" />
/**
 * The Repair screen end to end in real Chromium: the production renderer, the real composition
 * (test/harness, mesh checks on a worker thread) and the Makeprintable fake over real HTTP. A
 * broken mesh is dropped, its report and 3D preview appear, it is repaired, and the before/after
 * comparison shows the fixed model.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { startMakeprintableFake } from '../fakes/makeprintable'
import { startHarness } from '../harness'

const MESHES = join(__dirname, '../fixtures/meshes')
let cleanups: (() => Promise<unknown>)[] = []
test.afterEach(async () => {
  for (const close of cleanups.reverse()) await close().catch(() => undefined)
  cleanups = []
})

/** Drops files on the drop zone as a user's drag from the file manager would. */
async function dropFiles(page: Page, files: { name: string; path: string }[]): Promise<void> {
  const payload = files.map((f) => ({
    name: f.name,
    base64: readFileSync(f.path).toString('base64')
  }))
  const dataTransfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer()
    for (const item of items) {
      const text = atob(item.base64)
      const bytes = new Uint8Array(text.length)
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
      transfer.items.add(new File([bytes], item.name))
    }
    return transfer
  }, payload)
  await page.getByTestId('repair-dropzone').dispatchEvent('drop', { dataTransfer })
}

test('drop a broken mesh: report and preview; repair it; see before and after', async ({
  context
}) => {
  const fake = await startMakeprintableFake({ seed: 'empty' })
  cleanups.push(() => fake.close())
  // Makeprintable's fix takes seconds on the fake's clock: move it along.
  const ticker = setInterval(() => fake.clock.advance(5_000), 100)
  cleanups.push(async () => clearInterval(ticker))
  const harness = await startHarness({
    context,
    env: {},
    repairPolling: { initialMs: 100, factor: 1.5, maxMs: 400, maxFailures: 10 }
  })
  cleanups.push(() => harness.close())
  await harness.services.accountService.linkWithSecret({
    profileKey: 'makeprintable',
    serverUrl: fake.baseUrl,
    kind: 'api-key',
    secret: fake.user.apiKey
  })
  const app = await harness.openApp()
  const { page } = app
  await page.getByTestId('first-run-skip').click()
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Repair', exact: true })
    .click()
  await expect(page.getByTestId('repair-status')).toContainText('Repairs use Makeprintable')

  await dropFiles(page, [
    { name: 'conveyor.stl', path: join(MESHES, 'broken_conveyor_hole-degenerate_ascii.stl') },
    { name: 'box.stl', path: join(MESHES, '20mm-box_ascii.stl') }
  ])
  const rows = page.getByTestId('model-row')
  await expect(rows).toHaveCount(2)
  const conveyor = rows.filter({ hasText: 'conveyor.stl' })
  await expect(conveyor.getByTestId('health-verdict')).toHaveText(
    'Needs repair, because it is not closed (1 hole, 3 open edges); and 34 triangles have no area.'
  )
  await expect(conveyor.getByTestId('report-open-edges')).toHaveText('3 (1 holes)')
  await expect(rows.filter({ hasText: 'box.stl' }).getByTestId('health-verdict')).toHaveText(
    'Looks printable.'
  )
  // The preview: three.js loaded on demand, the problem edges toggle present.
  const preview = conveyor.getByTestId('mesh-preview')
  await expect(preview).toHaveAttribute('data-state', 'ready')
  await conveyor.getByTestId('mesh-preview-only-problems').check()
  await preview.locator('canvas').focus()
  await page.keyboard.press('ArrowLeft')

  await conveyor.getByLabel('Print quality').selectOption('high')
  await conveyor.getByTestId('repair-submit').click()
  const job = conveyor.getByTestId('repair-job')
  await expect(job).toBeVisible()
  await expect(job).toHaveAttribute('data-phase', 'done', { timeout: 30_000 })
  const beforeAfter = conveyor.getByTestId('repair-before-after')
  await expect(beforeAfter).toContainText('After: conveyor-repaired.stl')
  const verdicts = beforeAfter.getByTestId('health-verdict')
  await expect(verdicts.first()).toContainText('Needs repair')
  await expect(verdicts.last()).toHaveText('Looks printable.')
  await expect(beforeAfter.getByTestId('mesh-preview')).toHaveCount(2)
  await expect(page.getByTestId('past-repair')).toHaveCount(1)

  expect(app.pageErrors).toEqual([])
  expect(app.consoleErrors).toEqual([])
})
