/**
 * Accounts: the linked accounts, the provider choices, link attempts in progress and their errors.
 *
 * Link attempts and errors are keyed by a *scope*: the profile key for a new link
 * (e.g. `obico-self-hosted`), or the account id for a re-link, so several links can be in progress
 * at once and each error shows next to the thing the user acted on.
 *
 * The store names each link attempt itself (an operation id, docs/decisions/0008) before asking
 * main to start it, so an outcome can never arrive for an attempt the store does not know. The
 * account list is a snapshot from main: newer wins (`keepNewer`), whatever order answers arrive.
 */
import { createStore } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type {
  LinkOutcome,
  LinkWithSecretRequest,
  OperationId,
  PasswordSignInRequest,
  StartLinkRequest
} from '@shared/ipc/contract'
import type { AccountSummary, PendingLinkSummary, ProviderOption } from '@shared/models/account'
import type { Snapshot } from '@shared/snapshot'
import { api } from '../lib/api'
import { emptySnapshot, keepNewer } from '../lib/snapshots'
import { errorText } from '../lib/error-text'
import { toUiError, UiError } from '../lib/ui-error'
import { accountInSentence } from '../features/accounts/account-names'
import { pushNotice } from './notice-store'

/** A link attempt the store started, from before main is asked until its outcome arrives. */
export interface LinkOperation {
  scope: string
  /** Set when re-linking an existing account. */
  accountId?: string
  /** Label of the provider, for the waiting panel and notices. */
  label: string
  demo: boolean
  /** The user asked to cancel: its `auth/cancelled` outcome is not a failure to show. */
  cancelling: boolean
}

/** A link attempt waiting for the browser (main answered its start), as the UI shows it. */
export interface PendingAttempt extends PendingLinkSummary, Omit<LinkOperation, 'cancelling'> {}

/** What the store is doing for a scope right now (disables buttons, shows progress). */
export type BusyKind = 'starting' | 'cancelling' | 'completing' | 'signing-in' | 'unlinking'

/** Loading state of the lists, as a union on `kind`. */
export type AccountsStatus =
  { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; error: UiError }

/** State of the accounts store. */
export interface AccountsState {
  status: AccountsStatus
  /** Main's list as of `accounts.revision` (0 before main answered). */
  accounts: Snapshot<AccountSummary[]>
  providers: ProviderOption[]
  /** Link attempts started and not yet ended, by operation id. */
  operations: Record<OperationId, LinkOperation>
  /** Attempts waiting for the browser, by scope. */
  pending: Record<string, PendingAttempt>
  /** The last error per scope. */
  errors: Record<string, UiError>
  busy: Record<string, BusyKind>
}

/** The accounts store. */
export const accountsStore = createStore<AccountsState>(() => ({
  status: { kind: 'loading' },
  accounts: emptySnapshot([]),
  providers: [],
  operations: {},
  pending: {},
  errors: {},
  busy: {}
}))

/** The lease of this page's `accounts:watch`, once main granted it. */
let accountsLease: string | undefined

/**
 * Loads accounts and provider choices. The first load starts watching (main then pushes every
 * change to this window until the page goes away); a later one (the Retry button) lists again.
 */
export async function loadAccounts(): Promise<void> {
  accountsStore.setState({ status: { kind: 'loading' } })
  try {
    const [snapshot, providers] = await Promise.all([readAccounts(), api.accounts.listProviders()])
    accountsStore.setState(keepNewer('accounts', snapshot))
    accountsStore.setState({ providers, status: { kind: 'ready' } })
  } catch (caught) {
    accountsStore.setState({ status: { kind: 'failed', error: toUiError(caught) } })
  }
}

async function readAccounts(): Promise<Snapshot<AccountSummary[]>> {
  if (accountsLease) return api.accounts.list()
  const watch = await api.accounts.watch()
  accountsLease = watch.leaseId
  return watch.snapshot
}

/** Ends the watch (the bridge stops); main also ends it by itself when the page goes away. */
export async function stopWatchingAccounts(): Promise<void> {
  const lease = accountsLease
  accountsLease = undefined
  if (lease) await api.leases.release(lease).catch(() => undefined)
}

/** Applies an account list main pushed (`accounts:changed`), unless the store has a newer one. */
export function applyAccountsSnapshot(snapshot: Snapshot<AccountSummary[]>): void {
  accountsStore.setState(keepNewer('accounts', snapshot))
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
  const label = findProvider(request.profileKey)?.label ?? request.profileKey
  return track(scope, 'starting', { clearsError: false }, () =>
    startOperation({ scope, accountId: request.accountId, label, demo: false }, (operationId) =>
      api.accounts.startLink(operationId, request)
    )
  )
}

/** Starts the demo link (a scripted provider in main). */
export async function startDemo(): Promise<boolean> {
  return track('demo', 'starting', { clearsError: false }, () =>
    startOperation({ scope: 'demo', label: 'the demo', demo: true }, (operationId) =>
      api.demo.start(operationId)
    )
  )
}

/** Cancels the attempt in progress for a scope, by its operation id. */
export async function cancelLink(scope: string): Promise<void> {
  const attempt = accountsStore.getState().pending[scope]
  if (!attempt) return
  await track(scope, 'cancelling', { clearsError: false }, async () => {
    setCancelling(attempt.attemptId, true)
    try {
      await api.accounts.cancelLink(attempt.attemptId)
    } catch (caught) {
      // Not cancelled after all: its outcome, when it comes, is shown again.
      setCancelling(attempt.attemptId, false)
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
  const account = accountsStore.getState().accounts.value.find((a) => a.id === accountId)
  return track(accountId, 'unlinking', { clearsError: true }, async () => {
    const { revokedAtProvider } = await api.accounts.unlink(accountId)
    // Main pushed the new list before answering; this only covers a window not watching.
    editAccounts((accounts) => accounts.filter((a) => a.id !== accountId))
    const name = account ? accountInSentence(account) : 'the account'
    pushNotice(unlinkedNotice(name, account?.credential, revokedAtProvider))
  })
}

/** What the user is told after an unlink: whether the credential still works at the provider. */
function unlinkedNotice(
  name: string,
  credential: AccountSummary['credential'] | undefined,
  revokedAtProvider: boolean
): { level: 'info' | 'warning'; message: string } {
  if (revokedAtProvider)
    return { level: 'info', message: `Unlinked ${name}. Its token was revoked at the provider.` }
  // A pasted token or API key was made outside Printdock and may serve other tools: never revoked.
  if (credential === 'pasted-token' || credential === 'api-key') {
    const what = credential === 'api-key' ? 'API key' : 'access token'
    return {
      level: 'info',
      message: `Unlinked ${name}. Nothing was revoked: the ${what} you gave still works at the provider until you delete it there.`
    }
  }
  return {
    level: 'warning',
    message: `Unlinked ${name} on this computer. The provider was not told, so revoke Printdock's access in your account settings there if you want it gone everywhere.`
  }
}

/**
 * Applies the end of a link attempt pushed by main (`accounts:link-finished`). The store named the
 * attempt before starting it, so the operation is known even when this arrives before main's
 * answer to the start; that answer then finds the operation ended and shows no waiting panel.
 */
export function handleLinkFinished(outcome: LinkOutcome): void {
  const operation = accountsStore.getState().operations[outcome.attemptId]
  endOperation(outcome.attemptId)
  if (outcome.ok) {
    linked(outcome.account)
    return
  }
  if (operation?.cancelling && outcome.error.code === 'auth/cancelled') return
  const error = UiError.fromDto(outcome.error)
  // No operation: an attempt this page did not start (the CLI's, or one from before a reload).
  const scope = operation?.scope ?? 'link'
  accountsStore.setState((state) => ({ errors: { ...state.errors, [scope]: error } }))
  // An attempt this page started has its form (or card) on screen, and the error stays there,
  // beside what the user can fix. Only an attempt with no form here gets a notice.
  if (operation) return
  pushNotice({ level: 'error', message: `Linking did not finish. ${errorText(error)}` })
}

/** Reads the accounts store from React. */
export function useAccountsStore<T>(selector: (state: AccountsState) => T): T {
  return useStore(accountsStore, selector)
}

/**
 * Names a new link attempt, records it, then asks main to start it. Main's answer becomes the
 * waiting panel only if the attempt has not ended meanwhile (a fast consent, a quick error).
 */
async function startOperation(
  operation: Omit<LinkOperation, 'cancelling'>,
  start: (operationId: OperationId) => Promise<PendingLinkSummary>
): Promise<void> {
  const operationId = crypto.randomUUID()
  accountsStore.setState((state) => ({
    operations: { ...state.operations, [operationId]: { ...operation, cancelling: false } }
  }))
  let summary: PendingLinkSummary
  try {
    summary = await start(operationId)
  } catch (caught) {
    endOperation(operationId)
    throw caught
  }
  const live = accountsStore.getState().operations[operationId]
  if (!live) return
  // The demo links through a provider profile main picks; its panel and errors go to that profile.
  const scope = operation.demo ? summary.profileKey : operation.scope
  const label = operation.demo ? (findProvider(scope)?.label ?? operation.label) : operation.label
  const { cancelling: _cancelling, ...shown } = live
  const attempt: PendingAttempt = { ...summary, ...shown, scope, label }
  accountsStore.setState((state) => ({
    operations: { ...state.operations, [operationId]: { ...live, scope, label } },
    pending: { ...state.pending, [scope]: attempt },
    errors: without(state.errors, scope)
  }))
}

function setCancelling(operationId: OperationId, cancelling: boolean): void {
  accountsStore.setState((state) => {
    const operation = state.operations[operationId]
    if (!operation) return state
    return { operations: { ...state.operations, [operationId]: { ...operation, cancelling } } }
  })
}

/** Forgets an attempt that ended: its operation and its waiting panel. */
function endOperation(operationId: OperationId): void {
  accountsStore.setState((state) => ({ operations: without(state.operations, operationId) }))
  removePending(operationId)
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
  editAccounts((accounts) => {
    const index = accounts.findIndex((a) => a.id === account.id)
    if (index === -1) return [...accounts, account]
    const copy = [...accounts]
    copy[index] = account
    return copy
  })
}

/**
 * Edits the list in place, keeping its revision: the edit mirrors what main did and has already
 * pushed (or will: a snapshot read after the change has a larger revision and replaces it).
 */
function editAccounts(update: (accounts: AccountSummary[]) => AccountSummary[]): void {
  accountsStore.setState((state) => ({
    accounts: { revision: state.accounts.revision, value: update(state.accounts.value) }
  }))
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
    message: `Linked ${accountInSentence(account)}.`
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
