import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Logger } from '../../../../src/main/core/logger'
import { sendTurn } from '../../../../src/main/core/obico-ai/jusprin-api'
import { ACCOUNT_ID, startAi, type AiUnderTest } from './ai-harness'

/** The JusPrin assistant in core against the Obico fake (obico-ai-and-stats.md §1, §5). */
let t: AiUnderTest
const logged: Array<{ message: string; fields?: Record<string, unknown> }> = []
const logger: Logger = {
  debug: (message, fields) => logged.push({ message, fields }),
  info: (message, fields) => logged.push({ message, fields }),
  warn: (message, fields) => logged.push({ message, fields }),
  error: (message, fields) => logged.push({ message, fields })
}

beforeEach(async () => {
  logged.length = 0
  t = await startAi({ logger })
})
afterEach(() => t.close())

const ask = (text: string, chatId?: number) =>
  t.ai.ask(randomUUID(), { accountId: ACCOUNT_ID, text, chatId, lang: 'en' })

describe('status', () => {
  it('offers the assistant with credits unknown before the first call, then unlimited', async () => {
    const before = await t.ai.status(ACCOUNT_ID)
    expect(before).toMatchObject({ offered: true, credits: { kind: 'unknown' } })
    expect(before.supportAddress).toBe('support@obico.io')
    expect(before.serverIsObicoCloud).toBe(false)
    const result = await ask('Why is there stringing?')
    expect(result.credits).toEqual({ kind: 'unlimited' })
  })

  it('is not offered on an older server, and every assistant call says so', async () => {
    t.fake.jusprin.setEnabled(false)
    const status = await t.ai.status(ACCOUNT_ID)
    expect(status.offered).toBe(false)
    expect(status.message).toMatch(/does not have the JusPrin assistant/)
    await expect(ask('hello')).rejects.toMatchObject({ code: 'ai/not-offered' })
    await expect(t.ai.listChats(ACCOUNT_ID)).rejects.toMatchObject({ code: 'ai/not-offered' })
  })

  it('shows limited credits as what is left', async () => {
    t.fake.jusprin.setCredits(1, 10, 3)
    expect((await t.ai.status(ACCOUNT_ID)).credits).toEqual({
      kind: 'limited',
      quota: 10,
      used: 3,
      remaining: 7
    })
  })
})

describe('asking', () => {
  it('creates a chat, sends the whole history each time and saves the chat as a string', async () => {
    const first = await ask('Why is there stringing?')
    expect(first.reply.text).toContain('Stringing')
    expect(first.chat.title).toBe('Why is there stringing?')
    const second = await ask('And what about warping?', first.chat.id)
    expect(second.chat.id).toBe(first.chat.id)
    const turns = t.fake.jusprin.calls.filter((c) => c.path.endsWith('/chats/messages/'))
    expect(turns).toHaveLength(2)
    expect((turns[1].body.messages as Array<{ role: string }>).map((m) => m.role)).toEqual([
      'user',
      'assistant',
      'user'
    ])
    expect(turns[1].lang).toBe('en')
    const stored = t.fake.jusprin.chats(1)
    expect(stored).toHaveLength(1)
    expect(typeof stored[0].messages).toBe('string')
    expect(JSON.parse(stored[0].messages)).toHaveLength(4)
    const opened = await t.ai.openChat(ACCOUNT_ID, first.chat.id)
    expect(opened.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant'])
  })

  it('shows agent_actions with null content as a suggestion, never acting', async () => {
    const result = await ask('Please orient my models')
    expect(result.reply.actions).toEqual([
      { name: 'auto_orient_all_models', label: 'Auto-orient all models' }
    ])
    expect(result.reply.text).toBe('The assistant suggests an action in the slicer.')
    // Only the four calls of a turn: create, message, save, credits (and the check before).
    const paths = t.urls.map((u) => new URL(u).pathname)
    expect(paths.filter((p) => !p.startsWith('/jusprin/api/'))).toEqual([])
  })

  it('refuses with the plain 402 words before sending anything when credits are used up', async () => {
    t.fake.jusprin.setCredits(1, 2, 2)
    await expect(ask('hello')).rejects.toMatchObject({
      code: 'ai/no-credits',
      message: 'Monthly AI credit limit exceeded'
    })
    expect(t.fake.jusprin.calls).toHaveLength(0)
    expect(t.fake.jusprin.chats(1)).toEqual([])
  })

  it('reports a 402 the server gives anyway (another client spent the last credit) plainly', async () => {
    t.fake.jusprin.setCredits(1, 1, 1)
    await expect(
      sendTurn(t.call, [{ role: 'user', content: 'hi' }], 1, { lang: 'de' })
    ).rejects.toMatchObject({ code: 'ai/no-credits', message: 'Monthly AI credit limit exceeded' })
  })

  it('cancels a slow reply, leaves no half chat, and can ask again', async () => {
    const operationId = randomUUID()
    const pending = t.ai.ask(operationId, { accountId: ACCOUNT_ID, text: 'Answer slowly please' })
    await waitFor(() => t.fake.jusprin.calls.length === 1)
    expect(t.ai.cancel(operationId)).toBe(true)
    await expect(pending).rejects.toMatchObject({ code: 'operation/cancelled' })
    expect(t.fake.jusprin.chats(1)).toEqual([])
    expect(t.ai.cancel(operationId)).toBe(false)
    const again = await ask('Why is there stringing?')
    expect(again.reply.text).toContain('Stringing')
  })

  it('shows slicing settings as rows with explanations', async () => {
    // The canned reply needs slicing_profiles and plates; without them it is the canned oops.
    const oops = await ask('make it stronger')
    expect(oops.reply.text).toBe('Oops, something went wrong. Please contact support.')
    expect(oops.reply.settings).toEqual([])
  })

  it('never logs chat content', async () => {
    await ask('my secret question about stringing')
    const text = JSON.stringify(logged)
    expect(text).not.toContain('secret question')
    expect(text).not.toContain('Stringing usually')
  })
})

describe('chats', () => {
  it('lists newest first, renames locally, deletes on the server', async () => {
    const a = await ask('first question')
    const b = await ask('second question')
    expect((await t.ai.listChats(ACCOUNT_ID)).map((c) => c.id)).toEqual([b.chat.id, a.chat.id])
    const renamed = await t.ai.renameChat(ACCOUNT_ID, a.chat.id, '  Benchy  trouble ')
    expect(renamed.title).toBe('Benchy trouble')
    expect((await t.ai.listChats(ACCOUNT_ID)).find((c) => c.id === a.chat.id)?.title).toBe(
      'Benchy trouble'
    )
    await t.ai.deleteChat(ACCOUNT_ID, a.chat.id)
    expect(t.fake.jusprin.chats(1).map((c) => c.id)).toEqual([b.chat.id])
  })
})

describe('plate analysis and support', () => {
  it("analyses a printer's current snapshot, sent as a data URL", async () => {
    await t.printers.refresh()
    const printer = t.printers.snapshot().value.printers.find((p) => p.name === 'Prusa MK3S')!
    const result = await t.ai.analyzePlate(randomUUID(), {
      accountId: ACCOUNT_ID,
      source: { kind: 'printer', printerId: printer.id }
    })
    expect(result.text).toContain('on the plate')
    expect(result.suggestedPrintingMethod).toMatch(/flat side down/)
    expect(result.imageDataUrl).toMatch(/^data:image\/jpeg;base64,/)
    const sent = t.fake.jusprin.calls.find((c) => c.path.endsWith('/plate_analysis/'))!
    expect(sent.body.images).toEqual([result.imageDataUrl])
  })

  it('takes a picture from disk and refuses what is not an image', async () => {
    const png = 'data:image/png;base64,iVBORw0KGgo='
    const ok = await t.ai.analyzePlate(randomUUID(), {
      accountId: ACCOUNT_ID,
      source: { kind: 'image', dataUrl: png }
    })
    expect(ok.imageDataUrl).toBe(png)
    await expect(
      t.ai.analyzePlate(randomUUID(), {
        accountId: ACCOUNT_ID,
        source: { kind: 'image', dataUrl: 'data:text/plain;base64,aGk=' }
      })
    ).rejects.toMatchObject({ code: 'ipc/invalid-arguments' })
  })

  it('says where support mail goes and shows the server failing plainly', async () => {
    const sent = await t.ai.contactSupport(ACCOUNT_ID, 'The panel is great')
    expect(sent).toEqual({ reply: 'Support request sent successfully', sentTo: 'support@obico.io' })
    t.fake.jusprin.setMailFails(true)
    await expect(t.ai.contactSupport(ACCOUNT_ID, 'again')).rejects.toMatchObject({
      code: 'network/server-error',
      message: expect.stringContaining('Failed to send support request')
    })
  })
})

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
  if (!check()) throw new Error('timed out waiting')
}
