/// <reference path="../../src/preload/index.d.ts" />
/**
 * The G-code library through the full stack: the real composition and handlers in Node, the Obico
 * fake as the server, the production renderer in Chromium. Drops are dispatched as the browser
 * delivers them: a DataTransfer of Files for files, and entries (the File and Directory Entries API)
 * for a dropped folder.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { startHarness, type Harness, REPO_ROOT } from '../harness'
import { startObicoFake, type ObicoFake } from '../fakes/obico'

const CUBE = join(REPO_ROOT, 'test/fixtures/gcode/prusaslicer-2.6.0_mini-cube_png-thumbs.gcode')
const CURA = join(REPO_ROOT, 'test/fixtures/gcode/cura-steamengine_marlin.gcode')

let harness: Harness
let fake: ObicoFake

test.beforeEach(async ({ context }) => {
  fake = await startObicoFake({ seed: 'demo' })
  harness = await startHarness({ context })
  await harness.services.accountService.linkWithSecret({
    profileKey: 'obico-self-hosted',
    serverUrl: fake.baseUrl,
    kind: 'access-token',
    secret: fake.createAdminToken(1)
  })
  harness.services.settings.set('firstRunDone', true)
})

test.afterEach(async () => {
  await harness?.close()
  await fake?.close()
})

async function openFiles(): Promise<Page> {
  const { page } = await harness.openApp()
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Files', exact: true })
    .click()
  await expect(page.getByTestId('file-list')).toBeVisible()
  return page
}

/** Drops files (name → text) on an element, as the browser does for a desktop drag. */
async function dropFiles(
  page: Page,
  selector: string,
  files: Record<string, string>
): Promise<void> {
  await page.evaluate(
    ({ selector, files }) => {
      const transfer = new DataTransfer()
      for (const [name, text] of Object.entries(files)) transfer.items.add(new File([text], name))
      const target = document.querySelector(selector) as HTMLElement
      target.dispatchEvent(
        new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true })
      )
      target.dispatchEvent(
        new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true })
      )
    },
    { selector, files }
  )
}

/** Drops a folder tree: `{ "Batch": { "a.gcode": "...", "Sub": { "b.gcode": "..." } } }`. */
async function dropFolder(
  page: Page,
  selector: string,
  tree: Record<string, unknown>
): Promise<void> {
  await page.evaluate(
    ({ selector, tree }) => {
      type Node = string | { [name: string]: Node }
      const entry = (name: string, node: Node): unknown =>
        typeof node === 'string'
          ? {
              isFile: true,
              isDirectory: false,
              name,
              file: (ok: (f: File) => void) => ok(new File([node], name))
            }
          : {
              isFile: false,
              isDirectory: true,
              name,
              createReader: () => {
                let done = false
                return {
                  readEntries: (ok: (entries: unknown[]) => void) => {
                    ok(done ? [] : Object.entries(node).map(([n, child]) => entry(n, child)))
                    done = true
                  }
                }
              }
            }
      const [[rootName, rootNode]] = Object.entries(tree as Record<string, Node>)
      const transfer = {
        types: ['Files'],
        files: [],
        items: [
          { kind: 'file', getAsFile: () => null, webkitGetAsEntry: () => entry(rootName, rootNode) }
        ],
        getData: () => ''
      }
      const target = document.querySelector(selector) as HTMLElement
      const drop = new Event('drop', { bubbles: true, cancelable: true })
      Object.defineProperty(drop, 'dataTransfer', { value: transfer })
      target.dispatchEvent(drop)
    },
    { selector, tree }
  )
}

/** An HTML5 drag of a row onto a folder row: dragstart, dragover and drop with one DataTransfer. */
async function dragRow(page: Page, from: string, toFolder: string): Promise<void> {
  await page.evaluate(
    ({ from, toFolder }) => {
      const source = document.querySelector(`[data-name="${from}"]`) as HTMLElement
      const target = document.querySelector(
        `[data-testid="folder-row"][data-name="${toFolder}"]`
      ) as HTMLElement
      const transfer = new DataTransfer()
      const fire = (el: HTMLElement, type: string) =>
        el.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true })
        )
      fire(source, 'dragstart')
      fire(target, 'dragenter')
      fire(target, 'dragover')
      fire(target, 'drop')
      fire(source, 'dragend')
    },
    { from, toFolder }
  )
}

test('dropped files upload with visible progress and appear in the list with their thumbnails', async () => {
  const page = await openFiles()
  // A slow link, so the progress is there to see.
  fake.server.faults.add({
    method: 'POST',
    path: '/api/v1/g_code_files/',
    fault: { kind: 'slow-reader', bytesPerSecond: 200 * 1024 },
    times: 1
  })
  await dropFiles(page, '[data-testid="files-screen"]', {
    'mini-cube.gcode': readFileSync(CUBE, 'latin1'),
    'cura.gcode': readFileSync(CURA, 'utf8')
  })
  const queue = page.getByTestId('upload-queue')
  await expect(queue.getByTestId('upload-progress').first()).toBeVisible()
  const value = await queue.getByTestId('upload-progress').first().getAttribute('value')
  expect(Number(value)).toBeGreaterThanOrEqual(0)
  await expect(queue.getByText(/% of 6\d\d kB/).first()).toBeVisible()
  await expect(queue.locator('[data-state="done"]')).toHaveCount(2, { timeout: 20_000 })

  const cube = page.locator('[data-testid="file-row"][data-name="mini-cube.gcode"]')
  await expect(cube).toBeVisible()
  await expect(cube.getByTestId('file-thumbnail')).toBeVisible()
  expect(await cube.getByTestId('file-thumbnail').getAttribute('src')).toMatch(
    /^data:image\/png;base64,/
  )
  await expect(page.locator('[data-testid="file-row"][data-name="cura.gcode"]')).toBeVisible()
  const stored = fake.store.files.find(
    (f) => f.filename === 'mini-cube.gcode' && f.deleted === null
  )
  expect(stored?.num_bytes).toBe(readFileSync(CUBE).length)
})

test('a dropped folder keeps its structure', async () => {
  const page = await openFiles()
  const text = readFileSync(CURA, 'utf8')
  await dropFolder(page, '[data-testid="files-screen"]', {
    Batch: { 'a.gcode': text, Sub: { 'b.gcode': text } }
  })
  await expect(page.getByTestId('upload-queue').locator('[data-state="done"]')).toHaveCount(2, {
    timeout: 20_000
  })
  const batch = fake.store.folders.find((f) => f.name === 'Batch')!
  const sub = fake.store.folders.find((f) => f.name === 'Sub')!
  expect(sub.parent_folder_id).toBe(batch.id)
  expect(fake.store.files.find((f) => f.filename === 'a.gcode')?.parent_folder_id).toBe(batch.id)
  expect(fake.store.files.find((f) => f.filename === 'b.gcode')?.parent_folder_id).toBe(sub.id)
  await expect(page.locator('[data-testid="folder-row"][data-name="Batch"]')).toBeVisible()
})

test('rename, move (dialog and drag onto a folder), and bulk delete with confirmation', async () => {
  const page = await openFiles()
  const row = (name: string) => page.locator(`[data-testid="file-row"][data-name="${name}"]`)

  await row('cable clip.gcode').click()
  await page.getByTestId('action-rename').click()
  await page.getByTestId('name-input').fill('cable clip v2.gcode')
  await page.getByTestId('name-dialog-confirm').click()
  await expect(row('cable clip v2.gcode')).toBeVisible()
  expect(fake.store.files.some((f) => f.filename === 'cable clip v2.gcode')).toBe(true)

  await row('cable clip v2.gcode').click()
  await page.getByTestId('action-move').click()
  await page.getByTestId('move-tree').getByTestId('tree-folder-Calibration').click()
  await page.getByTestId('move-dialog-confirm').click()
  await expect(row('cable clip v2.gcode')).toHaveCount(0)
  const calibration = fake.store.folders.find((f) => f.name === 'Calibration')!
  expect(fake.store.files.find((f) => f.filename === 'cable clip v2.gcode')?.parent_folder_id).toBe(
    calibration.id
  )

  // Drag a file row onto a folder row.
  await dragRow(page, 'My Benchy (v2).gcode', 'My Parts')
  await expect(row('My Benchy (v2).gcode')).toHaveCount(0)
  const parts = fake.store.folders.find((f) => f.name === 'My Parts')!
  expect(
    fake.store.files.find((f) => f.filename === 'My Benchy (v2).gcode')?.parent_folder_id
  ).toBe(parts.id)

  // A double-click opens a folder (the moved file is there); the breadcrumb goes back.
  await page.locator('[data-testid="folder-row"][data-name="My Parts"]').dblclick()
  await expect(row('My Benchy (v2).gcode')).toBeVisible()
  await page.getByTestId('breadcrumb').getByRole('button', { name: 'All files' }).click()
  await expect(row('3DBenchy.gcode')).toBeVisible()

  // Bulk delete: a file and a folder, the dialog counting what goes with the folder.
  await row('3DBenchy.gcode').click()
  await page
    .locator('[data-testid="folder-row"][data-name="My Parts"]')
    .click({ modifiers: ['Control'] })
  await expect(page.getByText('2 selected')).toBeVisible()
  await page.getByTestId('file-list').press('Delete')
  const dialog = page.getByTestId('delete-dialog')
  await expect(dialog.getByTestId('delete-folder-contents')).toHaveText(/2 files and 1 folder/)
  await dialog.getByTestId('delete-dialog-confirm').click()
  await expect(row('3DBenchy.gcode')).toHaveCount(0)
  await expect(page.locator('[data-testid="folder-row"][data-name="My Parts"]')).toHaveCount(0)
  expect(fake.store.folders.some((f) => f.name === 'My Parts')).toBe(false)
})

test('print from the library starts a simulated print on an idle printer', async () => {
  const page = await openFiles()
  await page.locator('[data-testid="file-row"][data-name="cable clip.gcode"]').click()
  await page.getByTestId('action-print').click()
  const dialog = page.getByTestId('print-dialog')
  await expect(dialog.getByLabel(/Voron 2\.4/)).toBeChecked()
  await expect(dialog.getByLabel(/Prusa MK3S/)).toBeDisabled()
  await expect(dialog.getByText('This printer is busy with another print.').first()).toBeVisible()
  await dialog.getByTestId('print-dialog-confirm').click()
  await expect(page.getByText(/Sent “cable clip.gcode” to Voron 2\.4/)).toBeVisible()
  const voron = fake.printers.list().find((p) => p.name === 'Voron 2.4')!
  expect(fake.store.print(voron.current_print_id)?.filename).toBe('cable clip.gcode')
  await expect.poll(() => fake.printers.status(voron.id)?.state).toMatchObject({ text: 'Printing' })
})
