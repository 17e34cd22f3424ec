import { randomUUID } from 'node:crypto'
import { Command, InvalidArgumentError } from 'commander'
import type { AiCredits, ShownMessage } from '../../shared/models/obico-ai'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { assistantAccount, cliLanguage } from './assistant-account'

function chatId(value: string): number {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError('--chat takes a chat number (see the JSON output of ask).')
  }
  return parsed
}

/** A reply as terminal text: the words, suggested actions (never run), settings as a table. */
export function replyText(reply: ShownMessage): string {
  const lines: string[] = []
  if (reply.text) lines.push(reply.text)
  for (const action of reply.actions) {
    lines.push(`Suggested (not done by Printdock): ${action.label}`)
  }
  if (reply.preset) lines.push(`Print process preset: ${reply.preset}`)
  if (reply.settings.length > 0) {
    const width = Math.max(9, ...reply.settings.map((s) => s.parameter.length))
    lines.push('', `${'SETTING'.padEnd(width)}  FOR        VALUE`)
    for (const s of reply.settings) {
      const scope = s.scope === 'filament' ? 'filament' : 'process'
      lines.push(
        `${s.parameter.padEnd(width)}  ${scope.padEnd(9)}  ${s.value}${s.explanation ? `  (${s.explanation})` : ''}`
      )
    }
  }
  return lines.join('\n')
}

export function creditsText(credits: AiCredits | undefined): string {
  if (!credits || credits.kind === 'unknown') return 'AI credits: no limit known'
  if (credits.kind === 'unlimited') return 'AI credits: unlimited'
  return `AI credits: ${credits.remaining} of ${credits.quota} left this month`
}

/** `printdock ask "<question>" [--chat ID] [--json]`. */
export function askCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return new Command('ask')
    .description(
      "Ask Obico's JusPrin assistant a question (one AI credit). Starts a chat, or continues one with --chat."
    )
    .argument('<question>', 'what to ask')
    .option('--chat <id>', 'continue this chat (its number)', chatId)
    .option('--account <account>', 'the Obico account to use (id or name)')
    .option('--lang <tag>', 'the language of the server’s messages (default: from LANG)')
    .option('--json', 'print the reply, the chat and the credits as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(
      async (
        question: string,
        options: { chat?: number; account?: string; lang?: string; json?: boolean }
      ) => {
        if (!question.trim()) throw new InvalidArgumentError('The question is empty.')
        const lang = cliLanguage(options.lang, context.env)
        const { ai, account } = await assistantAccount(context, options.account, lang)
        if (!options.json)
          context.io.stderr.write('Waiting for the assistant (this can take minutes)…\n')
        const result = await ai.ask(randomUUID(), {
          accountId: account.id,
          chatId: options.chat,
          text: question,
          lang
        })
        if (options.json) {
          context.io.stdout.write(
            JSON.stringify(
              {
                chatId: result.chat.id,
                title: result.chat.title,
                reply: result.reply,
                credits: result.credits ?? null
              },
              null,
              2
            ) + '\n'
          )
        } else {
          context.io.stdout.write(`${replyText(result.reply)}\n`)
          context.io.stderr.write(
            `Chat ${result.chat.id} (continue with --chat ${result.chat.id}). ${creditsText(result.credits)}\n`
          )
        }
        done(ExitCode.Ok)
      }
    )
}
