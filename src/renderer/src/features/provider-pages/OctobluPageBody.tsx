import { useState, type ReactNode } from 'react'
import type {
  MeshbluDeviceDetails,
  MeshbluDeviceRow,
  MeshbluSubscriptionRow,
  OctobluPageData,
  ProviderPage
} from '@shared/models/provider-page'
import type { Snapshot } from '@shared/snapshot'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { api } from '../../lib/api'
import { errorText } from '../../lib/error-text'
import { toUiError, type UiError } from '../../lib/ui-error'
import { formatWhen } from '../accounts/account-text'
import { MessageForm } from './MessageForm'

interface Props {
  accountId: string
  data: OctobluPageData
  /** The page is stale (greyed): actions wait until it is fresh again. */
  disabled: boolean
  onChanged: (snapshot: Snapshot<ProviderPage>) => void
}

/**
 * The Octoblu / Meshblu page: who the account is, the devices (details on demand, a message to
 * those that take one) and the subscriptions (with removal, after a confirmation).
 *
 * Test ids: `octoblu-whoami`, `meshblu-device` (attributes `data-uuid`, `data-online`),
 * `device-online`, `device-last-seen`, `device-details-button`, `device-details`,
 * `send-message-button`, `meshblu-subscription`, `remove-subscription-button`,
 * `remove-subscription-dialog`, `confirm-remove-subscription`.
 */
export function OctobluPageBody(props: Props): ReactNode {
  const { data } = props
  const [removing, setRemoving] = useState<MeshbluSubscriptionRow | null>(null)
  const [removeBusy, setRemoveBusy] = useState(false)
  const [removeError, setRemoveError] = useState<UiError | undefined>(undefined)
  const nameOf = (uuid: string) => data.devices.find((d) => d.uuid === uuid)?.name ?? uuid

  const remove = async (subscription: MeshbluSubscriptionRow): Promise<void> => {
    setRemoveBusy(true)
    try {
      props.onChanged(await api.pages.removeSubscription(props.accountId, subscription))
      setRemoveError(undefined)
    } catch (caught) {
      setRemoveError(toUiError(caught))
    } finally {
      setRemoveBusy(false)
      setRemoving(null)
    }
  }

  return (
    <div className="page-sections">
      <p data-testid="octoblu-whoami">
        Signed in as <strong>{data.whoami.name ?? data.whoami.email ?? 'your Octoblu user'}</strong>{' '}
        <span className="mono hint">{data.whoami.uuid}</span>
      </p>

      <section className="page-card" aria-labelledby="meshblu-devices">
        <h2 id="meshblu-devices">Devices</h2>
        {data.devices.length === 0 ? (
          <p className="hint">No devices belong to this account.</p>
        ) : (
          <ul className="page-list">
            {data.devices.map((device) => (
              <DeviceRow
                key={device.uuid}
                accountId={props.accountId}
                device={device}
                disabled={props.disabled}
              />
            ))}
          </ul>
        )}
      </section>

      <section className="page-card" aria-labelledby="meshblu-subscriptions">
        <h2 id="meshblu-subscriptions">Subscriptions</h2>
        {data.subscriptions.length === 0 ? (
          <p className="hint">Your device subscribes to nothing.</p>
        ) : (
          <ul className="page-list">
            {data.subscriptions.map((s) => (
              <li key={`${s.emitterUuid}/${s.type}`} data-testid="meshblu-subscription">
                <span>
                  <span className="mono">{s.type}</span> from {nameOf(s.emitterUuid)}
                </span>{' '}
                <button
                  type="button"
                  className="button danger-outline small"
                  disabled={props.disabled || removeBusy}
                  onClick={() => setRemoving(s)}
                  data-testid="remove-subscription-button"
                >
                  Remove{' '}
                  <span className="visually-hidden">{`${s.type} from ${nameOf(s.emitterUuid)}`}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {removeError && (
          <p className="error-text" role="alert">
            {errorText(removeError)}
          </p>
        )}
      </section>
      {removing && (
        <ConfirmDialog
          title="Remove this subscription?"
          confirmLabel="Remove"
          danger
          busy={removeBusy}
          onCancel={() => setRemoving(null)}
          onConfirm={() => void remove(removing)}
          confirmTestId="confirm-remove-subscription"
          testId="remove-subscription-dialog"
        >
          <p>
            Your device will stop receiving <span className="mono">{removing.type}</span> from{' '}
            {nameOf(removing.emitterUuid)}. You can subscribe again in Octoblu.
          </p>
        </ConfirmDialog>
      )}
    </div>
  )
}

function DeviceRow(props: {
  accountId: string
  device: MeshbluDeviceRow
  disabled: boolean
}): ReactNode {
  const { device } = props
  const [details, setDetails] = useState<MeshbluDeviceDetails | undefined>(undefined)
  const [open, setOpen] = useState<'details' | 'message' | null>(null)
  const [error, setError] = useState<UiError | undefined>(undefined)
  const name = device.name ?? device.uuid

  const toggleDetails = async (): Promise<void> => {
    if (open === 'details') return setOpen(null)
    setOpen('details')
    try {
      setDetails(await api.pages.deviceDetails(props.accountId, device.uuid))
      setError(undefined)
    } catch (caught) {
      setError(toUiError(caught))
    }
  }

  return (
    <li
      className="device-row"
      data-testid="meshblu-device"
      data-uuid={device.uuid}
      data-online={device.online}
    >
      <div className="device-line">
        <span className="device-name">{name}</span>
        <span className="hint">{device.type ?? 'no type'}</span>
        <span
          className={device.online ? 'badge badge-linked' : 'badge badge-unreachable'}
          data-testid="device-online"
        >
          {device.online ? 'Online' : 'Offline'}
        </span>
        <span className="hint" data-testid="device-last-seen">
          {device.lastSeen ? `Last seen ${formatWhen(device.lastSeen)}` : 'Never seen'}
        </span>
        <button
          type="button"
          className="button ghost small"
          aria-expanded={open === 'details'}
          onClick={() => void toggleDetails()}
          data-testid="device-details-button"
        >
          Details <span className="visually-hidden">of {name}</span>
        </button>
        {device.acceptsMessages && (
          <button
            type="button"
            className="button small"
            aria-expanded={open === 'message'}
            disabled={props.disabled}
            onClick={() => setOpen(open === 'message' ? null : 'message')}
            data-testid="send-message-button"
          >
            Send a message <span className="visually-hidden">to {name}</span>
          </button>
        )}
      </div>
      {error && (
        <p className="error-text" role="alert">
          {errorText(error)}
        </p>
      )}
      {open === 'details' && details && (
        <dl className="identity" data-testid="device-details">
          {details.fields.map((field) => (
            <div key={field.label} className="identity-row">
              <dt className="mono">{field.label}</dt>
              <dd>{field.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {open === 'message' && (
        <MessageForm accountId={props.accountId} device={device} onDone={() => setOpen(null)} />
      )}
    </li>
  )
}
