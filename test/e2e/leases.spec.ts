/// <reference path="../../src/preload/index.d.ts" />
/**
 * Leases through the full stack: the page's accounts watch is a lease main can see, and it ends
 * when the page goes away; a reloaded page watches again under a new lease. Also the browser twin
 * of the preload-local `files.registerDroppedFile`: the page hands over a File, never a path.
 */
import { expect, test } from '@playwright/test'
import { startHarness, type Harness } from '../harness'

let harness: Harness

test.beforeEach(async ({ context }) => {
  harness = await startHarness({ context })
})

test.afterEach(async () => {
  await harness?.close()
})

test('an accounts watch lease ends when its page reloads, and the new page holds a new one', async () => {
  const { page } = await harness.openApp()
  await expect.poll(() => harness.leases('accounts').length).toBe(1)
  const [before] = harness.leases('accounts')

  await page.reload()
  await page.locator('[data-app-state="ready"]').waitFor({ state: 'attached' })
  await expect
    .poll(() => harness.leases('accounts').map((lease) => lease.leaseId))
    .not.toContain(before.leaseId)
  await expect.poll(() => harness.leases('accounts').length).toBe(1)
  const [after] = harness.leases('accounts')
  expect(after.callerId).not.toBe(before.callerId)

  await page.close()
  await expect.poll(() => harness.leases().length).toBe(0)
})

test('account lists carry revisions that grow with every read', async () => {
  const { page } = await harness.openApp()
  const revisions = await page.evaluate(async () => {
    const first = await window.api.accounts.list()
    const second = await window.api.accounts.list()
    return [first, second].map((answer) => (answer.ok ? answer.value.revision : -1))
  })
  expect(revisions[0]).toBeGreaterThan(0)
  expect(revisions[1]).toBeGreaterThan(revisions[0])
})

test('a dropped file becomes an opaque reference that ends with the page', async () => {
  const { page } = await harness.openApp()
  const answer = await page.evaluate(async () => {
    const file = new File(['G28\nG1 X10 Y10\n'], 'benchy.gcode', { type: 'text/x-gcode' })
    return window.api.files.registerDroppedFile(file)
  })
  expect(answer).toEqual({
    ok: true,
    value: { fileRef: expect.any(String), name: 'benchy.gcode', sizeBytes: 15 }
  })
  expect(JSON.stringify(answer)).not.toMatch(/printdock-harness-drops|\/tmp\//)
  const fileRef = answer.ok ? answer.value.fileRef : ''
  expect(harness.leases('file').map((lease) => lease.leaseId)).toEqual([fileRef])

  // The page has no verb that takes a path, and the raw channel is not served to it.
  const reach = await page.evaluate(() => ({
    files: Object.keys(window.api.files),
    registerPath: 'registerPath' in window.api.files
  }))
  expect(reach).toEqual({ files: ['registerDroppedFile'], registerPath: false })

  await page.reload()
  await page.locator('[data-app-state="ready"]').waitFor({ state: 'attached' })
  await expect.poll(() => harness.leases('file').length).toBe(0)
})
