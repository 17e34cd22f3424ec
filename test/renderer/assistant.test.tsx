import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { AskResult, ChatSummary } from '@shared/models/obico-ai'
import { fail } from './fake-api'
import { account } from './fixtures'
import { renderApp } from './render-app'

/** The assistant drawer against the scripted api (issue 12). */
const OBICO = account({ id: 'obico:acc', provider: 'obico', state: 'linked' })

const reply: AskResult = {
  chat: { accountId: OBICO.id, id: 4, title: 'Stronger?', messages: [] },
  reply: {
    role: 'assistant',
    text: 'More walls.',
    actions: [],
    settings: [{ scope: 'process', parameter: 'wall_loops', value: '4', explanation: 'Strength' }]
  },
  credits: { kind: 'limited', quota: 5, used: 1, remaining: 4 }
}
reply.chat.messages = [{ role: 'user', text: 'Stronger?', actions: [], settings: [] }, reply.reply]

async function openDrawer(prepare: Parameters<typeof renderApp>[0]) {
  const app = await renderApp((fake) => {
    fake.accounts = [OBICO]
    fake
      .on('assistant:status', (accountId) => ({
        accountId,
        offered: true,
        credits: { kind: 'limited', quota: 5, used: 0, remaining: 5 },
        supportAddress: 'support@obico.io',
        serverIsObicoCloud: false
      }))
      .on('assistant:list-chats', () => [] as ChatSummary[])
    prepare?.(fake)
  })
  await app.user.click(await screen.findByTestId('assistant-open'))
  return { app, drawer: await screen.findByTestId('assistant-drawer') }
}

describe('assistant drawer', () => {
  it('is not offered when no server has JusPrin', async () => {
    await renderApp((fake) => {
      fake.accounts = [OBICO]
      fake.on('assistant:status', (accountId) => ({
        accountId,
        offered: false,
        supportAddress: 'support@obico.io',
        serverIsObicoCloud: false
      }))
    })
    await new Promise((r) => setTimeout(r, 50))
    expect(screen.queryByTestId('assistant-open')).toBeNull()
  })

  it('shows the answer with its settings as a table, and the credits left', async () => {
    const { app, drawer } = await openDrawer((fake) => fake.on('assistant:ask', () => reply))
    await app.user.type(within(drawer).getByTestId('assistant-input'), 'Stronger?')
    await app.user.click(within(drawer).getByTestId('assistant-send'))
    const table = await within(drawer).findByTestId('suggested-settings')
    expect(within(table).getByRole('rowheader', { name: 'wall_loops' })).toBeTruthy()
    expect(within(drawer).getByTestId('assistant-credits').textContent).toBe(
      'AI credits: 4 of 5 left this month'
    )
    expect((within(drawer).getByTestId('assistant-input') as HTMLTextAreaElement).value).toBe('')
  })

  it('keeps the typed text when the question fails, and says why in plain words', async () => {
    const { app, drawer } = await openDrawer((fake) =>
      fake.on('assistant:ask', () => fail('ai/no-credits', 'Monthly AI credit limit exceeded'))
    )
    await app.user.type(within(drawer).getByTestId('assistant-input'), 'My long question')
    await app.user.click(within(drawer).getByTestId('assistant-send'))
    await waitFor(() =>
      expect(within(drawer).getByTestId('assistant-error').textContent).toBe(
        'Monthly AI credit limit exceeded'
      )
    )
    expect((within(drawer).getByTestId('assistant-input') as HTMLTextAreaElement).value).toBe(
      'My long question'
    )
  })

  it('closes with Escape and gives focus back to the Assistant button', async () => {
    const { app, drawer } = await openDrawer(undefined)
    await waitFor(() => expect(document.activeElement?.id).toBe('assistant-title'))
    await app.user.click(within(drawer).getByTestId('assistant-input'))
    await app.user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByTestId('assistant-drawer')).toBeNull())
    expect(document.activeElement).toBe(screen.getByTestId('assistant-open'))
  })

  it('asks before deleting a chat', async () => {
    let deleted = 0
    const { app, drawer } = await openDrawer((fake) =>
      fake
        .on('assistant:list-chats', () => [
          { id: 9, title: 'Benchy', updatedAt: null, messageCount: 2 }
        ])
        .on('assistant:delete-chat', () => {
          deleted += 1
        })
    )
    await app.user.click(await within(drawer).findByRole('button', { name: 'Delete Benchy' }))
    const dialog = await screen.findByTestId('chat-delete-dialog')
    expect(deleted).toBe(0)
    await app.user.click(within(dialog).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(deleted).toBe(1))
    await waitFor(() => expect(within(drawer).queryAllByTestId('chat-row')).toHaveLength(0))
  })
})
