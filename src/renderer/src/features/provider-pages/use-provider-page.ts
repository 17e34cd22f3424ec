import { useCallback, useEffect, useState } from 'react'
import type { ProviderPage } from '@shared/models/provider-page'
import { newerSnapshot, type Snapshot } from '@shared/snapshot'
import { api } from '../../lib/api'
import { toUiError, type UiError } from '../../lib/ui-error'

/** What a page component gets: the newest page, a manual refresh, and a watch failure if any. */
export interface PageHandle {
  page: ProviderPage | undefined
  refreshing: boolean
  refresh: () => Promise<void>
  /** Replaces the page with one an action answered (e.g. after removing a subscription). */
  apply: (snapshot: Snapshot<ProviderPage>) => void
  error: UiError | undefined
}

/**
 * Watches one account's page while the component is mounted (decision 0008): main reads it again
 * every 30 s and pushes it; the lease ends on unmount. Newer snapshots win, whatever order the
 * answer and the pushes arrive in.
 */
export function useProviderPage(accountId: string): PageHandle {
  const [snapshot, setSnapshot] = useState<Snapshot<ProviderPage> | undefined>(undefined)
  const [refreshing, setRefreshing] = useState(false)
  const [error, setError] = useState<UiError | undefined>(undefined)

  const apply = useCallback((incoming: Snapshot<ProviderPage>) => {
    setSnapshot((current) => newerSnapshot(current, incoming))
  }, [])

  useEffect(() => {
    let leaseId: string | undefined
    let gone = false
    const off = api.pages.onChanged((change) => {
      if (change.accountId === accountId) apply(change.snapshot)
    })
    api.pages
      .watch(accountId)
      .then((watch) => {
        if (gone) {
          void api.leases.release(watch.leaseId).catch(() => undefined)
          return
        }
        leaseId = watch.leaseId
        apply(watch.snapshot)
      })
      .catch((caught: unknown) => {
        if (!gone) setError(toUiError(caught))
      })
    return () => {
      gone = true
      off()
      if (leaseId) void api.leases.release(leaseId).catch(() => undefined)
    }
  }, [accountId, apply])

  const refresh = useCallback(async () => {
    setRefreshing(true)
    try {
      apply(await api.pages.read(accountId))
      setError(undefined)
    } catch (caught) {
      setError(toUiError(caught))
    } finally {
      setRefreshing(false)
    }
  }, [accountId, apply])

  // Revision 0 is main's "not read yet" placeholder: it carries no provider data.
  const page = snapshot && snapshot.revision > 0 ? snapshot.value : undefined
  return { page, refreshing, refresh, apply, error }
}
