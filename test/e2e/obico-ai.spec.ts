/// <reference path="../../src/preload/index.d.ts" />
/**
 * Obico's AI end to end in real Chromium (issue 12): the production renderer, the real main
 * composition and the Obico fake over HTTP, with the account linked by a pasted token.
 */
import { expect, test, type Page } from '@playwright/test'
import { DEMO_CLIENT_ID, startObicoFake, type ObicoFake } from '../fakes/obico'
import { startHarness, type AppPage, type Harness } from '../harness'

test.use({ viewport: { width: 1400, height: 1600 } })

let fake: ObicoFake
let harness: Harness

test.beforeEach(async ({ context }) => {
  fake = await startObicoFake()
  harness = await startHarness({ context })
  harness.services.settings.set('firstRunDone', true)
  const token = fake.issueToken(1, DEMO_CLIENT_ID).accessToken
  await harness.services.accountService.linkWithSecret({
    profileKey: 'obico-self-hosted',
    serverUrl: fake.baseUrl,
    kind: 'access-token',
    secret: token
  })
})

test.afterEach(async () => {
  await harness?.close()
  await fake?.close()
})

function expectNoErrors(app: AppPage): void {
  expect(app.pageErrors).toEqual([])
  expect(app.consoleErrors).toEqual([])
}

test('a finished print shows its failure-prediction timeline', async () => {
  const app = await harness.openApp()
  const page = app.page
  await page.getByTestId('open-history').first().click()
  const row = page.getByTestId('history-row').filter({ hasText: 'phone stand.gcode' })
  await expect(row).toBeVisible()
  // Only the print with a tagged video offers a timeline.
  await expect(page.getByTestId('history-timeline')).toHaveCount(1)
  await row.getByTestId('history-timeline').click()
  const timeline = page.getByTestId('prediction-timeline')
  await expect(timeline.getByTestId('timeline-summary')).toContainText(/Peak 0\.\d\d \(Failing\)/)
  await expect(timeline.locator('canvas')).toBeVisible()
  await expect(timeline.getByTestId('timeline-picked')).toContainText('(Failing)')
  // Pick the first frame with the keyboard: the slider moves and the reading follows.
  await timeline.getByTestId('timeline-frame').focus()
  await page.keyboard.press('Home')
  await expect(timeline.getByTestId('timeline-picked')).toContainText(
    /Frame 1 of \d+.*\(Looking good\)/
  )

  // A click on the chart picks a frame; the tagged video shows that very frame (each frame of the
  // fixture is a solid colour encoding its index, test/fixtures/video/SOURCES.md).
  const chart = timeline.getByTestId('timeline-chart')
  const box = (await chart.boundingBox())!
  await chart.click({ position: { x: box.width * 0.4, y: box.height / 2 } })
  const picked = Number(await timeline.getByTestId('timeline-picked').getAttribute('data-frame'))
  expect(picked).toBeGreaterThan(0)
  await expect(timeline.getByTestId('timeline-picked')).toContainText(`Frame ${picked + 1} of 120`)
  const frame = timeline.getByTestId('tagged-frame')
  await expect(frame).toHaveAttribute('data-frame', String(picked))
  await expect(frame).toHaveAttribute('data-state', 'ready')
  await expect.poll(() => frameOnScreen(page)).toBe(picked)
  // The page has a same-origin media path, never the signed URL.
  const src = (await frame.getByTestId('tagged-frame-video').getAttribute('src'))!
  expect(src).toMatch(/^\/__media\/video\/[\w-]{32}$/)
  expect(await page.content()).not.toContain('digest=')

  // The chart has the focus: arrow right is the next frame, End the last.
  await page.keyboard.press('ArrowRight')
  await expect(frame).toHaveAttribute('data-frame', String(picked + 1))
  await expect.poll(() => frameOnScreen(page)).toBe(picked + 1)
  await page.keyboard.press('End')
  await expect(frame).toHaveAttribute('data-frame', '119')
  await expect.poll(() => frameOnScreen(page)).toBe(119)

  // Like /__harness/, the media path needs the harness's cookie: another local process gets 403.
  const rejected = harness.rejectedRequests
  expect((await fetch(`${harness.origin}${src}`)).status).toBe(403)
  expect(harness.rejectedRequests).toBe(rejected + 1)
  expectNoErrors(app)
})

/** The index the shown video frame encodes in its colour (base 5, one digit per channel). */
async function frameOnScreen(page: Page): Promise<number> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="tagged-frame-video"]')
    if (!video || video.videoWidth === 0) return -1
    const canvas = document.createElement('canvas')
    canvas.width = video.videoWidth
    canvas.height = video.videoHeight
    const context = canvas.getContext('2d')!
    context.drawImage(video, 0, 0)
    const [r, g, b] = context.getImageData(canvas.width >> 1, canvas.height >> 1, 1, 1).data
    const digit = (value: number) => Math.round((value - 15) / 50)
    return digit(r) + 5 * digit(g) + 25 * digit(b)
  })
}

test('ask the assistant and see the answer; a slow one is cancelled and the text kept', async () => {
  const app = await harness.openApp()
  const page = app.page
  await page.getByTestId('assistant-open').click()
  const drawer = page.getByTestId('assistant-drawer')
  await expect(drawer.getByTestId('assistant-credits')).toContainText('AI credits')
  await drawer.getByTestId('assistant-input').fill('Why is there stringing?')
  await drawer.getByTestId('assistant-send').click()
  await expect(drawer.getByTestId('chat-assistant')).toContainText('Stringing usually means')
  await expect(drawer.getByTestId('assistant-input')).toHaveValue('')
  await expect(drawer.getByTestId('chat-row')).toHaveCount(1)

  await drawer.getByTestId('assistant-input').fill('Please orient them, slowly')
  await drawer.getByTestId('assistant-send').click()
  await expect(drawer.getByTestId('assistant-waiting')).toBeVisible()
  await drawer.getByTestId('assistant-cancel').click()
  await expect(drawer.getByTestId('assistant-waiting')).toBeHidden()
  await expect(drawer.getByTestId('assistant-input')).toHaveValue('Please orient them, slowly')
  await expect(drawer.getByTestId('assistant-error')).toContainText(/cancelled/i)
  expectNoErrors(app)
})

test("analyse the plate from a printer's snapshot", async () => {
  const app = await harness.openApp()
  const page = app.page
  await page.getByTestId('assistant-open').click()
  const drawer = page.getByTestId('assistant-drawer')
  await drawer.getByTestId('assistant-tab-plate').click()
  await drawer.getByTestId('plate-printer').selectOption({ label: 'Prusa MK3S' })
  await expect(drawer.getByText('Each analysis uses one AI credit.')).toBeVisible()
  await drawer.getByTestId('plate-analyse').click()
  const result = drawer.getByTestId('plate-result')
  await expect(result).toContainText('on the plate')
  await expect(result).toContainText('Suggested printing method: Print flat side down')
  await expect(result.locator('img')).toHaveAttribute('src', /^data:image\/jpeg;base64,/)
  expectNoErrors(app)
})

test('no assistant is offered when the server has no JusPrin', async () => {
  fake.jusprin.setEnabled(false)
  const app = await harness.openApp()
  await expect(app.page.getByTestId('nav-printers')).toBeVisible()
  await app.page.waitForTimeout(1000)
  await expect(app.page.getByTestId('assistant-open')).toHaveCount(0)
  expectNoErrors(app)
})
