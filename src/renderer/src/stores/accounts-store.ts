/**
 * Accounts: the linked accounts, the provider choices, link attempts in progress and their errors.
 *
 * Link attempts and errors are keyed by a *scope*: the profile key for a new link
 * (e.g. `obico-self-hosted`), or the account id for a re-link, so several links can be in progress
 * at once and each error shows next to the thing the user acted on.
 */
import { createStore } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type {
  LinkOutcome,
  LinkWithSecretRequest,
  PasswordSignInRequest,
  StartLinkRequest
} from '@shared/ipc/contract'
import type { AccountSummary, PendingLinkSummary, ProviderOption } from '@shared/models/account'
import { api } from '../lib/api'
import { errorText } from '../lib/error-text'
import { toUiError, UiError } from '../lib/ui-error'
import { pushNotice } from './notice-store'

/** A link attempt waiting for the browser, with what the UI needs to show it. */
export interface PendingAttempt extends PendingLinkSummary {
  scope: string
  /** Set when re-linking an existing account. */
  accountId?: string
  /** Label of the provider, for the waiting panel. */
  label: string
  demo: boolean
}

/** What the store is doing for a scope right now (disables buttons, shows progress). */
export type BusyKind = 'starting' | 'cancelling' | 'completing' | 'signing-in' | 'unlinking'

/** Loading state of the lists, as a union on `kind`. */
export type AccountsStatus =
  { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; error: UiError }

/** State of the accounts store. */
export interface AccountsState {
  status: AccountsStatus
  accounts: AccountSummary[]
  providers: ProviderOption[]
  /** Attempts in progress by scope. */
  pending: Record<string, PendingAttempt>
  /** The last error per scope. */
  errors: Record<string, UiError>
  busy: Record<string, BusyKind>
}

/** The accounts store. */
export const accountsStore = createStore<AccountsState>(() => ({
  status: { kind: 'loading' },
  accounts: [],
  providers: [],
  pending: {},
  errors: {},
  busy: {}
}))

/** Attempt ids the user cancelled, so their `auth/cancelled` outcome is not shown as a failure. */
const cancelledAttempts = new Set<string>()

/** Attempt ids whose outcome arrived while a start was unanswered: they must not start waiting. */
const finishedBeforeStart = new Set<string>()
/** How many `startLink`/`startDemo` calls await main's answer. */
let startsInFlight = 0

/** Counts list loads, so only the newest one's answer is applied. */
let latestLoad = 0
/** Counts changes to the account list, so a list requested before one does not undo it. */
let accountsVersion = 0

/**
 * Loads accounts and provider choices. An answer is dropped when a newer load was started, and its
 * accounts when the list changed meanwhile (`accounts:changed`, a link or an unlink is newer).
 */
export async function loadAccounts(): Promise<void> {
  const load = ++latestLoad
  const version = accountsVersion
  accountsStore.setState({ status: { kind: 'loading' } })
  try {
    const [accounts, providers] = await Promise.all([
      api.accounts.list(),
      api.accounts.listProviders()
    ])
    if (load !== latestLoad) return
    accountsStore.setState({
      ...(version === accountsVersion ? { accounts } : {}),
      providers,
      status: { kind: 'ready' }
    })
  } catch (caught) {
    if (load !== latestLoad) return
    accountsStore.setState({ status: { kind: 'failed', error: toUiError(caught) } })
  }
}

/** Replaces the account list (from `accounts:changed`). */
export function setAccounts(accounts: AccountSummary[]): void {
  changeAccounts(() => accounts)
}

/** The provider option for a profile key, if main offers it. */
function findProvider(profileKey: string): ProviderOption | undefined {
  return accountsStore.getState().providers.find((p) => p.key === profileKey)
}

/**
 * The provider option an existing account was linked through.
 *
 * Accounts carry their provider id, not the profile key; Obico Cloud and self-hosted share the id,
 * so the server origin decides.
 */
export function profileForAccount(
  account: AccountSummary,
  providers: ProviderOption[]
): ProviderOption | undefined {
  const same = providers.filter((p) => p.provider === account.provider)
  const byDefault = same.find(
    (p) => p.defaultServerUrl !== undefined && originOf(p.defaultServerUrl) === account.serverOrigin
  )
  return byDefault ?? same.find((p) => p.needsServerUrl) ?? same[0]
}

/** Clears the error shown for a scope. */
function clearError(scope: string): void {
  accountsStore.setState((state) => ({ errors: without(state.errors, scope) }))
}

/**
 * Starts a browser link (or a re-link when `request.accountId` is set).
 * Resolves true when the attempt started; errors land in `errors[scope]`.
 */
export async function startLink(request: StartLinkRequest): Promise<boolean> {
  const scope = request.accountId ?? request.profileKey
  return track(scope, 'starting', { clearsError: false }, () =>
    starting(async () => {
      const summary = await api.accounts.startLink(request)
      addPending(summary, { scope, accountId: request.accountId, demo: false })
    })
  )
}

/** Starts the demo link (a scripted provider in main). */
export async function startDemo(): Promise<boolean> {
  return track('demo', 'starting', { clearsError: false }, () =>
    starting(async () => {
      const summary = await api.demo.start()
      addPending(summary, { scope: summary.profileKey, demo: true })
    })
  )
}

/** Cancels the attempt in progress for a scope. */
export async function cancelLink(scope: string): Promise<void> {
  const attempt = accountsStore.getState().pending[scope]
  if (!attempt) return
  await track(scope, 'cancelling', { clearsError: false }, async () => {
    cancelledAttempts.add(attempt.attemptId)
    try {
      await api.accounts.cancelLink(attempt.attemptId)
    } catch (caught) {
      // Not cancelled after all: its outcome, when it comes, is shown again.
      cancelledAttempts.delete(attempt.attemptId)
      throw caught
    }
    removePending(attempt.attemptId)
  })
}

/** Finishes an attempt with the callback URL the user pasted from the browser. */
export async function completeLink(scope: string, callbackUrl: string): Promise<boolean> {
  return track(scope, 'completing', { clearsError: true }, async () => {
    const account = await api.accounts.completeLink(callbackUrl)
    const attempt = accountsStore.getState().pending[scope]
    if (attempt) removePending(attempt.attemptId)
    linked(account)
  })
}

/** Links with an administrator-issued access token or an API key. */
export async function linkWithSecret(
  request: LinkWithSecretRequest,
  scope = request.profileKey
): Promise<boolean> {
  return track(scope, 'signing-in', { clearsError: true }, async () =>
    linked(await api.accounts.linkWithSecret(request))
  )
}

/** Signs in (or registers, then signs in) with a username and password; the password is not kept. */
export async function signInWithPassword(
  request: PasswordSignInRequest,
  scope = request.profileKey
): Promise<boolean> {
  return track(scope, 'signing-in', { clearsError: true }, async () =>
    linked(await api.accounts.signInWithPassword(request))
  )
}

/** Unlinks an account: main revokes at the provider where it can, then forgets the secret. */
export async function unlinkAccount(accountId: string): Promise<boolean> {
  const account = accountsStore.getState().accounts.find((a) => a.id === accountId)
  return track(accountId, 'unlinking', { clearsError: true }, async () => {
    const { revokedAtProvider } = await api.accounts.unlink(accountId)
    changeAccounts((accounts) => accounts.filter((a) => a.id !== accountId))
    const name = account ? `${account.displayName} (${account.providerLabel})` : 'The account'
    pushNotice({
      level: revokedAtProvider ? 'info' : 'warning',
      message: revokedAtProvider
        ? `Unlinked ${name}. Its token was revoked at the provider.`
        : `Unlinked ${name} on this computer, but the provider could not be told. You can revoke Printdock's access in your account settings there.`
    })
  })
}

/** Applies the end of a link attempt pushed by main (`accounts:link-finished`). */
export function handleLinkFinished(outcome: LinkOutcome): void {
  const attempt = Object.values(accountsStore.getState().pending).find(
    (p) => p.attemptId === outcome.attemptId
  )
  removePending(outcome.attemptId)
  const userCancelled = cancelledAttempts.delete(outcome.attemptId)
  if (!attempt && !userCancelled && startsInFlight > 0) finishedBeforeStart.add(outcome.attemptId)
  if (outcome.ok) {
    linked(outcome.account)
    return
  }
  if (userCancelled && outcome.error.code === 'auth/cancelled') return
  const error = UiError.fromDto(outcome.error)
  const scope = attempt?.scope ?? 'link'
  accountsStore.setState((state) => ({ errors: { ...state.errors, [scope]: error } }))
  const label = attempt ? `Linking ${attempt.label} did not finish. ` : 'Linking did not finish. '
  pushNotice({ level: 'error', message: label + errorText(error) })
}

/** Reads the accounts store from React. */
export function useAccountsStore<T>(selector: (state: AccountsState) => T): T {
  return useStore(accountsStore, selector)
}

function addPending(
  summary: PendingLinkSummary,
  extra: { scope: string; accountId?: string; demo: boolean }
): void {
  // Main already said how it ended (`handleLinkFinished`): nothing is left to wait for.
  if (finishedBeforeStart.delete(summary.attemptId)) return
  const label =
    findProvider(summary.profileKey)?.label ?? (extra.demo ? 'the demo' : summary.profileKey)
  const attempt: PendingAttempt = { ...summary, ...extra, label }
  accountsStore.setState((state) => ({
    pending: { ...state.pending, [extra.scope]: attempt },
    errors: without(state.errors, extra.scope)
  }))
}

function removePending(attemptId: string): void {
  accountsStore.setState((state) => {
    const pending = { ...state.pending }
    for (const [scope, attempt] of Object.entries(pending)) {
      if (attempt.attemptId === attemptId) delete pending[scope]
    }
    return { pending }
  })
}

function upsertAccount(account: AccountSummary): void {
  changeAccounts((accounts) => {
    const index = accounts.findIndex((a) => a.id === account.id)
    if (index === -1) return [...accounts, account]
    const copy = [...accounts]
    copy[index] = account
    return copy
  })
}

/**
 * Runs a start call. Main may report an attempt's end before its start is answered (a fast
 * consent); `handleLinkFinished` remembers such outcomes only while a start is unanswered.
 */
async function starting(work: () => Promise<void>): Promise<void> {
  startsInFlight++
  try {
    await work()
  } finally {
    if (--startsInFlight === 0) finishedBeforeStart.clear()
  }
}

/** Every change to the account list goes through here, so `loadAccounts` can tell it is newer. */
function changeAccounts(update: (accounts: AccountSummary[]) => AccountSummary[]): void {
  accountsVersion++
  accountsStore.setState((state) => ({ accounts: update(state.accounts) }))
}

/** Shows a freshly linked account in the list and says so. */
function linked(account: AccountSummary): void {
  upsertAccount(account)
  announceLinked(account)
}

/**
 * Runs one store action for a scope: marks the scope busy (and clears its last error when the
 * action is a fresh try), records a failure as the scope's error, and says whether it worked.
 */
async function track(
  scope: string,
  kind: BusyKind,
  options: { clearsError: boolean },
  work: () => Promise<void>
): Promise<boolean> {
  begin(scope, kind)
  if (options.clearsError) clearError(scope)
  try {
    await work()
    return true
  } catch (caught) {
    fail(scope, caught)
    return false
  } finally {
    end(scope)
  }
}

function announceLinked(account: AccountSummary): void {
  // Keyed by account: a pasted callback and main's link-finished event may both announce it.
  pushNotice({
    id: `linked-${account.id}`,
    level: 'info',
    message: `Linked ${account.displayName} (${account.providerLabel}).`
  })
}

function begin(scope: string, kind: BusyKind): void {
  accountsStore.setState((state) => ({ busy: { ...state.busy, [scope]: kind } }))
}

function end(scope: string): void {
  accountsStore.setState((state) => ({ busy: without(state.busy, scope) }))
}

function fail(scope: string, caught: unknown): void {
  const error = toUiError(caught)
  accountsStore.setState((state) => ({ errors: { ...state.errors, [scope]: error } }))
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record
  const copy = { ...record }
  delete copy[key]
  return copy
}

function originOf(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return url
  }
}
