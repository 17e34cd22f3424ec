import { useId, useState, type FormEvent, type ReactNode } from 'react'
import type { MeshbluDeviceRow } from '@shared/models/provider-page'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { api } from '../../lib/api'
import { errorText } from '../../lib/error-text'
import { toUiError, type UiError } from '../../lib/ui-error'

interface Props {
  accountId: string
  device: MeshbluDeviceRow
  onDone: () => void
}

/**
 * "Send a message to this device": a JSON payload (checked as the user types Review), a preview
 * of exactly what will be sent, and a confirmation before it goes (Meshblu devices are often the
 * printers and sensors of a workshop).
 *
 * Test ids: `message-form`, `message-payload-input`, `message-topic-input`, `message-review`,
 * `message-payload-error`, `message-dialog`, `message-preview`, `confirm-send-message`,
 * `message-sent`, `message-error`.
 */
export function MessageForm({ accountId, device, onDone }: Props): ReactNode {
  const payloadId = useId()
  const topicId = useId()
  const errorId = useId()
  const [payload, setPayload] = useState('{\n  \n}')
  const [topic, setTopic] = useState('')
  const [invalid, setInvalid] = useState<string | undefined>(undefined)
  const [preview, setPreview] = useState<string | undefined>(undefined)
  const [sending, setSending] = useState(false)
  const [sent, setSent] = useState(false)
  const [error, setError] = useState<UiError | undefined>(undefined)
  const name = device.name ?? device.uuid

  const review = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    try {
      setPreview(JSON.stringify(JSON.parse(payload), null, 2))
      setInvalid(undefined)
      setSent(false)
    } catch (caught) {
      setInvalid(`This is not valid JSON: ${(caught as Error).message}`)
    }
  }

  const send = async (): Promise<void> => {
    setSending(true)
    try {
      await api.pages.sendMessage(accountId, {
        deviceUuid: device.uuid,
        payloadJson: payload,
        ...(topic.trim() ? { topic: topic.trim() } : {})
      })
      setSent(true)
      setError(undefined)
    } catch (caught) {
      setError(toUiError(caught))
    } finally {
      setSending(false)
      setPreview(undefined)
    }
  }

  return (
    <form className="message-form" onSubmit={review} data-testid="message-form" noValidate>
      <label htmlFor={payloadId}>Message to {name} (JSON)</label>
      <textarea
        id={payloadId}
        className="mono"
        rows={5}
        value={payload}
        onChange={(event) => setPayload(event.target.value)}
        aria-invalid={invalid !== undefined}
        aria-describedby={invalid ? errorId : undefined}
        data-testid="message-payload-input"
      />
      {invalid && (
        <p id={errorId} className="error-text" data-testid="message-payload-error">
          {invalid}
        </p>
      )}
      <label htmlFor={topicId}>Topic (optional)</label>
      <input
        id={topicId}
        value={topic}
        onChange={(event) => setTopic(event.target.value)}
        data-testid="message-topic-input"
      />
      {!device.online && (
        <p className="hint">{name} is offline now; Meshblu delivers to devices that are online.</p>
      )}
      <div className="account-actions">
        <button type="submit" className="button primary" data-testid="message-review">
          Review message
        </button>
        <button type="button" className="button ghost" onClick={onDone}>
          Close
        </button>
      </div>
      {sent && (
        <p className="success-text" role="status" data-testid="message-sent">
          Sent to {name}.
        </p>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="message-error">
          {errorText(error)}
        </p>
      )}
      {preview !== undefined && (
        <ConfirmDialog
          title={`Send this message to ${name}?`}
          confirmLabel="Send"
          busy={sending}
          onCancel={() => setPreview(undefined)}
          onConfirm={() => void send()}
          confirmTestId="confirm-send-message"
          testId="message-dialog"
        >
          {topic.trim() && (
            <p>
              Topic: <span className="mono">{topic.trim()}</span>
            </p>
          )}
          <pre className="message-preview mono" data-testid="message-preview">
            {preview}
          </pre>
        </ConfirmDialog>
      )}
    </form>
  )
}
