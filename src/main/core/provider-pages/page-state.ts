import type {
  ProviderPage,
  ProviderPageData,
  ProviderPageStatus
} from '../../../shared/models/provider-page'
import type { ProviderId } from '../../../shared/models/account'
import { AppError } from '../errors'

/**
 * How a failed read turns into a page state: the last data stays, the status says why it is not
 * fresh, and the words are the error's own (plain, secret-free: AppError messages are written so).
 */

/** The page after a read that worked. */
export function readyPage(
  accountId: string,
  provider: ProviderId,
  data: ProviderPageData,
  readAt: string
): ProviderPage {
  return { accountId, provider, status: 'ready', data, readAt }
}

/** The page after a read that failed: `previous` keeps its data and time, greyed by the status. */
export function failedPage(
  accountId: string,
  provider: ProviderId,
  previous: ProviderPage | undefined,
  error: unknown
): ProviderPage {
  const { status, problem } = describeFailure(provider, error)
  const page: ProviderPage = { accountId, provider, status, problem }
  if (previous?.data) {
    page.data = previous.data
    if (previous.readAt) page.readAt = previous.readAt
  }
  return page
}

/** The status and words for a failure. */
export function describeFailure(
  provider: ProviderId,
  error: unknown
): { status: ProviderPageStatus; problem: string } {
  if (!(error instanceof AppError)) {
    return { status: 'failed', problem: 'Something went wrong inside Printdock.' }
  }
  if (error.code === 'auth/needs-relink' || error.code === 'auth/invalid-credentials') {
    // Zebbra has no refresh (providers.md §4.2): an expired token means signing in again.
    if (provider === 'zebbra') {
      return {
        status: 'sign-in-needed',
        problem: 'Your Zebbra sign-in has expired. Sign in again to see your workspaces.'
      }
    }
    return { status: 'needs-relink', problem: error.message }
  }
  if (error.code.startsWith('vault/')) return { status: 'needs-relink', problem: error.message }
  if (error.code === 'network/bad-response' || error.code === 'network/too-large') {
    return { status: 'failed', problem: error.message }
  }
  if (error.code.startsWith('network/')) {
    return { status: 'unreachable', problem: error.message }
  }
  return { status: 'failed', problem: error.message }
}
