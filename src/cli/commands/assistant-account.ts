import type { AccountSummary } from '../../shared/models/account'
import type { ObicoAiService } from '../../main/core/obico-ai/obico-ai-service'
import { CliError } from '../cli-error'
import type { CliServices } from '../compose'
import type { CliContext } from '../context'
import { ExitCode } from '../exit-codes'

/**
 * The Obico account `ask` and `analyze-plate` use: `--account` (id or name), else the first linked
 * Obico account whose server offers JusPrin.
 */
export async function assistantAccount(
  context: CliContext,
  wanted: string | undefined,
  lang?: string,
  opened?: CliServices
): Promise<{ ai: ObicoAiService; account: AccountSummary }> {
  const services = opened ?? (await context.open())
  const ai = services.obicoAi
  const obico = (await services.accountService.listAccounts()).filter((a) => a.provider === 'obico')
  const candidates = wanted
    ? obico.filter((a) => a.id === wanted || a.displayName === wanted)
    : obico
  if (candidates.length === 0) {
    throw new CliError(
      ExitCode.NoAssistant,
      wanted
        ? `No linked Obico account "${wanted}".`
        : 'No Obico account is linked: link one with `printdock link obico-cloud` first.'
    )
  }
  let lastReason = ''
  for (const account of candidates) {
    const status = await ai.status(account.id, lang)
    if (status.offered) return { ai, account }
    lastReason = status.message ?? ''
  }
  throw new CliError(
    ExitCode.NoAssistant,
    `${lastReason || 'The server does not offer the JusPrin assistant.'}`
  )
}

/** The `--lang` value: a language tag, or the environment's (LANG=de_DE.UTF-8 → de-DE). */
export function cliLanguage(
  option: string | undefined,
  env: NodeJS.ProcessEnv
): string | undefined {
  const raw = option ?? env.LC_ALL ?? env.LANG
  if (!raw) return undefined
  const tag = raw.split('.')[0].replace('_', '-')
  return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag) && tag !== 'C' ? tag : undefined
}
