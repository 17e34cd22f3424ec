/**
 * Chat names. JusPrin's chat record has no title field (obico-ai-and-stats.md §1.3), so a renamed
 * chat's name is kept on this computer, per account and chat, in `assistant-chat-titles.json` in
 * Printdock's data folder (shared by the app and the CLI). Unnamed chats are called after their
 * first question. Only names the user typed are stored, never chat content.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { writeFileAtomicSync } from '../settings/atomic-file'

const fileSchema = z.record(z.string(), z.string().max(200))

export class ChatTitles {
  private readonly filePath: string

  constructor(dataDir: string) {
    this.filePath = join(dataDir, 'assistant-chat-titles.json')
  }

  get(accountId: string, chatId: number): string | undefined {
    return this.read()[key(accountId, chatId)]
  }

  set(accountId: string, chatId: number, title: string | null): void {
    const all = this.read()
    if (title === null) delete all[key(accountId, chatId)]
    else all[key(accountId, chatId)] = title
    writeFileAtomicSync(this.filePath, JSON.stringify(all, null, 2) + '\n')
  }

  private read(): Record<string, string> {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(this.filePath, 'utf8')))
      return parsed.success ? parsed.data : {}
    } catch {
      return {}
    }
  }
}

const key = (accountId: string, chatId: number) => `${accountId}#${chatId}`

/** A default name: the first question, shortened. */
export function defaultTitle(firstQuestion: string | undefined, chatId: number): string {
  const text = (firstQuestion ?? '').replace(/\s+/g, ' ').trim()
  if (!text) return `Chat ${chatId}`
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}
