import type { FakeClock } from '../kit'
import type { AgentBehaviour, SimulatedPrinter } from './printer-sim'
import type { ObicoStore } from './store'
import { signPath } from './util'

/** Everything the Obico route modules share. */
export interface ObicoContext {
  store: ObicoStore
  clock: FakeClock
  sims: Map<number, SimulatedPrinter>
  /** How new printers' simulated agents treat commands (each printer's can be changed later). */
  agentBehaviour: AgentBehaviour
  /** Settings an operator (or a test) may flip at run time. */
  settings: {
    allowCustomScheme: boolean
    autoApprove: boolean
    autoApproveUserId: number
  }
  storageDir: string
  /** Per-user upload limits set by tests; absent users get the plan's limit (obico-api.md §2.5). */
  uploadLimitOverrides: Map<number, number>
  /** Keys the media URL signatures (Obico keys them with DJANGO_SECRET_KEY, obico-api.md §3.1). */
  secret: string
  /** The Django Site origin media URLs use; not the request host (obico-api.md §2.3, §6 item 16). */
  siteOrigin(): string
  /** Demo credentials the login page shows and pre-fills (the desktop app's demo), if any. */
  loginHint?: { username: string; password: string }
}

/** A signed, auth-free media URL on the Site origin. */
export function signedMediaUrl(ctx: ObicoContext, path: string): string {
  return `${ctx.siteOrigin()}${path}?digest=${signPath(ctx.secret, path)}`
}

/** Schemes DOT accepts for redirects: Obico's http/https, plus `printdock` when the operator allows it. */
export function allowedSchemes(ctx: ObicoContext): string[] {
  return ctx.settings.allowCustomScheme ? ['http', 'https', 'printdock'] : ['http', 'https']
}
