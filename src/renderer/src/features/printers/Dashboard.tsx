import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { PrinterCommand } from '@shared/models/printer'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import {
  clearSelection,
  openHistory,
  printersStore,
  sendCommand,
  updatePrinterPreferences,
  usePrintersStore
} from '../../stores/printers-store'
import { AccountBanner } from './AccountBanner'
import { listNames } from './format'
import { groupByAccount, moveBy, moveTo, orderPrinterIds } from './order'
import { commandsFor } from './PrinterActions'
import { PrinterCard } from './PrinterCard'
import { PrinterRow } from './PrinterRow'
import { NotificationKindSwitches } from './NotificationSwitches'
import { MoveHelp, ReorderContext, type Reorder } from './reorder'
import { cardsNearAtOpen } from './visibility'

/**
 * The dashboard: every printer, grouped by account when there are several, as cards or as a
 * compact list, in the order the user dragged them into.
 *
 * It re-renders only when printers come or go, are renamed or move to another account, or when
 * the order, layout or accounts change; a push that changes a printer's data renders that
 * printer's card alone.
 */
export function Dashboard(): ReactNode {
  const ids = usePrintersStore((s) => s.ids)
  const accountIds = usePrintersStore((s) => s.accountIds)
  const savedOrder = usePrintersStore((s) => s.preferences.order)
  const layout = usePrintersStore((s) => s.preferences.layout)
  // Names and accounts decide the order of unplaced printers and the groups; nothing else does.
  const placement = usePrintersStore((s) => s.placement)
  const [announcement, setAnnouncement] = useState('')

  const { fullOrder, groups } = useMemo(() => {
    const order = orderPrinterIds(ids, placement, savedOrder)
    return {
      fullOrder: order,
      groups: groupByAccount(
        order,
        placement,
        accountIds.map((accountId) => ({ accountId }))
      )
    }
  }, [ids, placement, savedOrder, accountIds])

  // The moves read the latest order through a ref, so the context value never changes.
  const latest = useRef({ fullOrder, groups, savedOrder })
  useLayoutEffect(() => {
    latest.current = { fullOrder, groups, savedOrder }
  }, [fullOrder, groups, savedOrder])
  const reorder = useMemo<Reorder>(() => {
    const save = (order: string[] | null, movedId: string): void => {
      if (!order) return
      void updatePrinterPreferences({ order })
      const group = latest.current.groups.find((g) => g.printerIds.includes(movedId))
      const visible = order.filter((id) => group?.printerIds.includes(id))
      const name = printersStore.getState().byId[movedId]?.name ?? 'Printer'
      setAnnouncement(
        `${name} moved to place ${visible.indexOf(movedId) + 1} of ${visible.length}.`
      )
      // Moving the element in the DOM can drop focus; give it back to the handle.
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`[data-move-handle="${CSS.escape(movedId)}"]`)?.focus()
      )
    }
    return {
      moveBy(printerId, offset) {
        const { fullOrder, groups, savedOrder } = latest.current
        const group = groups.find((g) => g.printerIds.includes(printerId))
        if (!group) return
        const step = Number.isFinite(offset)
          ? offset
          : offset > 0
            ? group.printerIds.length
            : -group.printerIds.length
        save(moveBy(fullOrder, group.printerIds, printerId, step, savedOrder), printerId)
      },
      drop(printerId, targetId, where) {
        const { fullOrder, savedOrder } = latest.current
        save(moveTo(fullOrder, printerId, targetId, where, savedOrder), printerId)
      }
    }
  }, [])

  const grouped = accountIds.length > 1
  // Read once per dashboard: a card's first render uses it, later ones ignore it.
  const [nearAtOpen] = useState(cardsNearAtOpen)
  // A card's place on screen: groups in order, cards in order within each.
  const placeOf = useMemo(
    () => new Map(groups.flatMap((g) => g.printerIds).map((id, place) => [id, place])),
    [groups]
  )
  return (
    <ReorderContext.Provider value={reorder}>
      <MoveHelp />
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <DashboardToolbar />
      <BulkBar />
      {groups.map((group) => (
        <section
          key={group.accountId}
          className="printer-group"
          aria-label={grouped ? undefined : 'Printers'}
          aria-labelledby={grouped ? `group-${group.accountId}` : undefined}
          data-testid="printer-group"
        >
          {grouped && <GroupHeading accountId={group.accountId} />}
          <AccountBanner accountId={group.accountId} />
          {group.printerIds.length === 0 ? (
            <p className="hint">No printers in this account yet.</p>
          ) : layout === 'list' ? (
            <PrinterTable ids={group.printerIds} />
          ) : (
            <ul className="printer-grid">
              {group.printerIds.map((id) => (
                <PrinterCard key={id} id={id} nearAtOpen={(placeOf.get(id) ?? 0) < nearAtOpen} />
              ))}
            </ul>
          )}
          {!grouped && (
            <p>
              <button
                type="button"
                className="button small ghost"
                onClick={() => openHistory(group.accountId)}
                data-testid="open-history"
              >
                Print history and stats
              </button>
            </p>
          )}
        </section>
      ))}
    </ReorderContext.Provider>
  )
}

function GroupHeading({ accountId }: { accountId: string }): ReactNode {
  const account = usePrintersStore((s) => s.accountsById[accountId])
  return (
    <div className="group-heading">
      <h2 id={`group-${accountId}`}>
        {account?.displayName ?? 'Account'}{' '}
        <span className="account-provider">{account?.providerLabel}</span>
      </h2>
      <button
        type="button"
        className="button small ghost"
        onClick={() => openHistory(accountId)}
        data-testid="open-history"
      >
        Print history and stats
      </button>
    </div>
  )
}

function PrinterTable({ ids }: { ids: string[] }): ReactNode {
  return (
    <div className="table-scroll">
      <table className="printer-table" data-testid="printer-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Select</span>
            </th>
            <th scope="col">Printer</th>
            <th scope="col">State</th>
            <th scope="col">File</th>
            <th scope="col">Progress</th>
            <th scope="col">Left</th>
            <th scope="col">Tool</th>
            <th scope="col">Bed</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
            <th scope="col">
              <span className="visually-hidden">Move</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {ids.map((id) => (
            <PrinterRow key={id} id={id} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Cards or list. */
function DashboardToolbar(): ReactNode {
  const layout = usePrintersStore((s) => s.preferences.layout)
  const openAlerts = usePrintersStore((s) => s.openAlerts)
  return (
    <div className="dashboard-toolbar">
      <fieldset className="segmented-field">
        <legend className="visually-hidden">Layout</legend>
        <div className="segmented">
          {(['cards', 'list'] as const).map((value) => (
            <label key={value} className="segment">
              <input
                type="radio"
                name="printer-layout"
                value={value}
                checked={layout === value}
                onChange={() => void updatePrinterPreferences({ layout: value })}
                data-testid={`layout-${value}`}
              />
              <span>{value === 'cards' ? 'Cards' : 'List'}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <NotificationKindSwitches />
      {openAlerts > 0 && (
        <span className="badge badge-alert" data-testid="open-alerts">
          {openAlerts === 1 ? '1 open alert' : `${openAlerts} open alerts`}
        </span>
      )}
    </div>
  )
}

/** What a group command would do, worked out when the user asks. */
interface BulkPlan {
  command: PrinterCommand
  targets: { id: string; name: string }[]
  skipped: string[]
}

/** Pause or cancel the ticked printers together, after one confirmation that names them. */
function BulkBar(): ReactNode {
  // The selection keeps its identity across pushes, so this reads no keys on a push.
  const selected = usePrintersStore((s) => s.selected)
  const selectedIds = useMemo(() => Object.keys(selected), [selected])
  const [plan, setPlan] = useState<BulkPlan | null>(null)
  if (selectedIds.length === 0 && !plan) return null

  const prepare = (command: PrinterCommand): void => {
    const { byId, ids } = printersStore.getState()
    const targets: BulkPlan['targets'] = []
    const skipped: string[] = []
    for (const id of ids.filter((x) => selectedIds.includes(x))) {
      const printer = byId[id]
      if (!printer) continue
      const allowed = commandsFor(printer)[command] && !printer.stale
      if (allowed) targets.push({ id, name: printer.name })
      else skipped.push(printer.name)
    }
    setPlan({ command, targets, skipped })
  }

  const verb = plan?.command === 'cancel' ? 'Cancel' : 'Pause'
  return (
    <div className="bulk-bar" role="region" aria-label="Selected printers" data-testid="bulk-bar">
      <span>
        {selectedIds.length === 1
          ? '1 printer selected'
          : `${selectedIds.length} printers selected`}
      </span>
      <button
        type="button"
        className="button small"
        onClick={() => prepare('pause')}
        data-testid="bulk-pause"
      >
        Pause selected
      </button>
      <button
        type="button"
        className="button small danger-outline"
        onClick={() => prepare('cancel')}
        data-testid="bulk-cancel"
      >
        Cancel selected
      </button>
      <button type="button" className="button small ghost" onClick={clearSelection}>
        Clear selection
      </button>
      {plan && (
        <ConfirmDialog
          title={
            plan.targets.length === 0
              ? `Nothing to ${verb.toLowerCase()}`
              : `${verb} ${plan.targets.length === 1 ? 'the print on 1 printer' : `prints on ${plan.targets.length} printers`}?`
          }
          confirmLabel={plan.command === 'cancel' ? 'Cancel prints' : 'Pause prints'}
          cancelLabel={plan.command === 'cancel' ? 'Keep printing' : 'Back'}
          danger={plan.command === 'cancel'}
          busy={plan.targets.length === 0}
          testId="bulk-dialog"
          confirmTestId="bulk-confirm"
          onCancel={() => setPlan(null)}
          onConfirm={() => {
            setPlan(null)
            void sendCommand(
              plan.targets.map((t) => t.id),
              plan.command
            )
          }}
        >
          {plan.targets.length > 0 && (
            <p data-testid="bulk-names">
              {listNames(plan.targets.map((t) => t.name))}{' '}
              {plan.command === 'cancel' ? 'will stop.' : 'will pause.'}
            </p>
          )}
          {plan.command === 'cancel' && plan.targets.length > 0 && (
            <p>A cancelled print can&apos;t be resumed.</p>
          )}
          {plan.skipped.length > 0 && (
            <p className="hint">
              {listNames(plan.skipped)} {plan.skipped.length === 1 ? 'is' : 'are'} left alone:{' '}
              {plan.command === 'cancel' ? 'nothing to cancel' : 'not printing'} or not current.
            </p>
          )}
        </ConfirmDialog>
      )}
    </div>
  )
}
