import { describe, expect, it, vi } from 'vitest'
import type { ObicoAiService } from '../../../../src/main/core/obico-ai/obico-ai-service'
import { nullLogger } from '../../../../src/main/core/logger'
import { dispatchInvoke } from '../../../../src/main/ipc/dispatch'
import type { HandlerMap } from '../../../../src/main/ipc/handler-types'
import { obicoAiHandlers } from '../../../../src/main/ipc/obico-ai-handlers'
import type { TaggedVideo } from '../../../../src/shared/models/obico-ai'

/** `prediction:open-video` over the real dispatcher: zod checks the page's arguments first. */
describe('prediction:open-video', () => {
  const video: TaggedVideo = {
    ok: true,
    path: '/__media/video/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    frameRate: 30,
    frames: 120
  }
  const openTaggedVideo = vi.fn(async () => video)
  const handlers = obicoAiHandlers({
    obicoAi: { openTaggedVideo } as unknown as ObicoAiService
  }) as HandlerMap
  const invoke = (args: unknown) =>
    dispatchInvoke(handlers, 'prediction:open-video', args, nullLogger, { callerId: 'page' })

  it('passes an account and a print id to the service and answers its result', async () => {
    expect(await invoke(['obico:acc', 7])).toEqual({ ok: true, value: video })
    expect(openTaggedVideo).toHaveBeenCalledWith('obico:acc', 7)
  })

  it('refuses anything but a positive whole print id, before the service hears of it', async () => {
    openTaggedVideo.mockClear()
    for (const args of [
      ['obico:acc', 0],
      ['obico:acc', 1.5],
      ['obico:acc', '7'],
      ['obico:acc'],
      ['obico:acc', 7, 'https://elsewhere.example/x.mp4']
    ]) {
      const result = await invoke(args)
      expect(result.ok, JSON.stringify(args)).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('ipc/invalid-arguments')
    }
    expect(openTaggedVideo).not.toHaveBeenCalled()
  })
})
