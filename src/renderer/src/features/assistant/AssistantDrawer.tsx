/**
 * Obico's JusPrin assistant on the desktop (issue 12): chats (list, open, rename, delete), a
 * question box whose text survives a cancelled or failed request, replies with suggested actions
 * (shown, never run) and slicing settings as a table, plate analysis from a printer's snapshot or a
 * picture, AI credits, and contact support (which mails Obico's team, whatever the server).
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import type {
  AiCredits,
  AssistantStatus,
  ChatSummary,
  ChatView,
  PlateAnalysis,
  ShownMessage
} from '@shared/models/obico-ai'
import type { PrinterSummary } from '@shared/models/printer'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { api } from '../../lib/api'
import { errorText } from '../../lib/error-text'
import { toUiError } from '../../lib/ui-error'
import { useAccountsStore } from '../../stores/accounts-store'

interface Props {
  /** Obico accounts whose server has JusPrin. */
  accountIds: string[]
  onClose: () => void
}

const lang = () => navigator.language

export function creditsLabel(credits: AiCredits | undefined): string {
  if (!credits || credits.kind === 'unknown') return 'AI credits: no limit known yet'
  if (credits.kind === 'unlimited') return 'AI credits: unlimited'
  return `AI credits: ${credits.remaining} of ${credits.quota} left this month`
}

/** **bold** in answers, as text and <strong> only (never HTML from the server). */
function Rich({ text }: { text: string }): ReactNode {
  return text
    .split(/(\*\*[^*]+\*\*)/g)
    .map((part, i) =>
      part.startsWith('**') && part.endsWith('**') ? (
        <strong key={i}>{part.slice(2, -2)}</strong>
      ) : (
        part
      )
    )
}

function Message({ message }: { message: ShownMessage }): ReactNode {
  return (
    <li className={`chat-message ${message.role}`} data-testid={`chat-${message.role}`}>
      <span className="visually-hidden">{message.role === 'user' ? 'You' : 'Assistant'}: </span>
      {message.text && (
        <p>
          <Rich text={message.text} />
        </p>
      )}
      {message.unknownShape && <p className="hint">(The reply came in an unusual form.)</p>}
      {message.actions.length > 0 && (
        <ul className="suggested-actions" data-testid="suggested-actions">
          {message.actions.map((action) => (
            <li key={action.name}>
              Suggested: <strong>{action.label}</strong>{' '}
              <span className="hint">(a slicer action; Printdock does not do it)</span>
            </li>
          ))}
        </ul>
      )}
      {message.preset && <p>Print process preset: {message.preset}</p>}
      {message.settings.length > 0 && (
        <table className="settings-table" data-testid="suggested-settings">
          <caption>Suggested slicing settings</caption>
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">For</th>
              <th scope="col">Value</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {message.settings.map((s) => (
              <tr key={`${s.scope}:${s.parameter}`}>
                <th scope="row">{s.parameter}</th>
                <td>{s.scope}</td>
                <td>{s.value}</td>
                <td>{s.explanation ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  )
}

export default function AssistantDrawer({ accountIds, onClose }: Props): ReactNode {
  const accounts = useAccountsStore((s) => s.accounts.value)
  const [accountId, setAccountId] = useState(accountIds[0])
  const [status, setStatus] = useState<AssistantStatus | null>(null)
  const [chats, setChats] = useState<ChatSummary[]>([])
  const [chat, setChat] = useState<ChatView | null>(null)
  const [draft, setDraft] = useState('')
  const [waiting, setWaiting] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [renaming, setRenaming] = useState<{ id: number; title: string } | null>(null)
  const [deleting, setDeleting] = useState<ChatSummary | null>(null)
  const [tab, setTab] = useState<'chat' | 'plate' | 'support'>('chat')
  const heading = useRef<HTMLHeadingElement>(null)

  const credits = status?.credits
  const noCredits = credits?.kind === 'limited' && credits.remaining <= 0

  // Focus moves to the heading on open and back to what opened it on close.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    heading.current?.focus()
    return () => {
      if (opener && opener.isConnected) opener.focus()
    }
  }, [])

  useEffect(() => {
    let current = true
    Promise.all([api.assistant.status(accountId, lang()), api.assistant.listChats(accountId)])
      .then(([s, list]) => {
        if (!current) return
        setStatus(s)
        setChats(list)
      })
      .catch((caught: unknown) => current && setError(errorText(toUiError(caught))))
    return () => {
      current = false
    }
  }, [accountId])

  const fail = (caught: unknown) => setError(errorText(toUiError(caught)))

  const openChat = (id: number) => {
    setError(null)
    api.assistant.openChat(accountId, id).then(setChat).catch(fail)
  }

  const send = async () => {
    const text = draft.trim()
    if (!text || waiting) return
    const operationId = crypto.randomUUID()
    setWaiting(operationId)
    setError(null)
    try {
      const result = await api.assistant.ask(operationId, {
        accountId,
        chatId: chat?.id,
        text,
        lang: lang()
      })
      setChat(result.chat)
      // Only a delivered question clears the box.
      setDraft('')
      if (result.credits && status) setStatus({ ...status, credits: result.credits })
      setChats(await api.assistant.listChats(accountId))
    } catch (caught) {
      fail(caught)
    } finally {
      setWaiting(null)
    }
  }

  const cancel = () => {
    if (waiting) void api.assistant.cancel(waiting)
  }

  const onDraftKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      void send()
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape' && !renaming && !deleting) onClose()
  }

  return (
    <aside
      className="assistant-drawer"
      role="dialog"
      aria-labelledby="assistant-title"
      data-testid="assistant-drawer"
      onKeyDown={onKeyDown}
    >
      <div className="inline-row">
        <h2 id="assistant-title" ref={heading} tabIndex={-1}>
          JusPrin assistant
        </h2>
        <button type="button" className="button small" onClick={onClose}>
          Close
        </button>
      </div>
      {accountIds.length > 1 && (
        <label className="field">
          <span>Account</span>
          <select
            value={accountId}
            onChange={(e) => {
              setChat(null)
              setError(null)
              setAccountId(e.target.value)
            }}
          >
            {accountIds.map((id) => (
              <option key={id} value={id}>
                {accounts.find((a) => a.id === id)?.displayName ?? id}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="hint" data-testid="assistant-credits">
        {creditsLabel(credits)}
      </p>
      {noCredits && (
        <p className="error-text" role="alert">
          Monthly AI credit limit exceeded
        </p>
      )}
      <div role="tablist" className="inline-row" aria-label="Assistant">
        {(['chat', 'plate', 'support'] as const).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            className={`button small${tab === id ? ' primary' : ''}`}
            data-testid={`assistant-tab-${id}`}
            onClick={() => setTab(id)}
          >
            {id === 'chat' ? 'Chat' : id === 'plate' ? 'Plate analysis' : 'Contact support'}
          </button>
        ))}
      </div>
      {error && (
        <p className="error-text" role="alert" data-testid="assistant-error">
          {error}
        </p>
      )}
      {tab === 'chat' && (
        <div className="assistant-chat">
          <nav aria-label="Chats" className="chat-list">
            <button type="button" className="button small" onClick={() => setChat(null)}>
              New chat
            </button>
            <ul>
              {chats.map((c) => (
                <li key={c.id} data-testid="chat-row">
                  {renaming?.id === c.id ? (
                    <form
                      onSubmit={(e) => {
                        e.preventDefault()
                        api.assistant
                          .renameChat(accountId, c.id, renaming.title)
                          .then((s) => {
                            setChats((list) => list.map((x) => (x.id === s.id ? s : x)))
                            if (chat?.id === s.id) setChat({ ...chat, title: s.title })
                            setRenaming(null)
                          })
                          .catch(fail)
                      }}
                    >
                      <input
                        aria-label="Chat name"
                        value={renaming.title}
                        autoFocus
                        onChange={(e) => setRenaming({ id: c.id, title: e.target.value })}
                        onKeyDown={(e) => e.key === 'Escape' && setRenaming(null)}
                      />
                      <button type="submit" className="button small">
                        Save
                      </button>
                    </form>
                  ) : (
                    <>
                      <button
                        type="button"
                        className="link-button"
                        aria-current={chat?.id === c.id ? 'true' : undefined}
                        onClick={() => openChat(c.id)}
                      >
                        {c.title}
                      </button>
                      <button
                        type="button"
                        className="button ghost small"
                        aria-label={`Rename ${c.title}`}
                        onClick={() => setRenaming({ id: c.id, title: c.title })}
                      >
                        Rename
                      </button>
                      <button
                        type="button"
                        className="button ghost small"
                        aria-label={`Delete ${c.title}`}
                        onClick={() => setDeleting(c)}
                      >
                        Delete
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </nav>
          <section aria-label={chat ? chat.title : 'New chat'} className="chat-pane">
            <ol className="chat-messages" aria-live="polite" data-testid="chat-messages">
              {(chat?.messages ?? []).map((m, i) => (
                <Message key={i} message={m} />
              ))}
            </ol>
            {waiting && (
              <p className="hint" role="status" data-testid="assistant-waiting">
                Waiting for the assistant… replies can take a few minutes. Cancelling keeps your
                text; the credit may already be spent.{' '}
                <button
                  type="button"
                  className="button small"
                  onClick={cancel}
                  data-testid="assistant-cancel"
                >
                  Cancel
                </button>
              </p>
            )}
            <label className="field">
              <span>Your question (Ctrl+Enter sends; each question uses one AI credit)</span>
              <textarea
                value={draft}
                rows={3}
                onChange={(e) => setDraft(e.target.value)}
                onKeyDown={onDraftKey}
                data-testid="assistant-input"
              />
            </label>
            <button
              type="button"
              className="button primary"
              disabled={!draft.trim() || !!waiting || noCredits}
              onClick={() => void send()}
              data-testid="assistant-send"
            >
              Send
            </button>
          </section>
        </div>
      )}
      {tab === 'plate' && (
        <PlatePanel
          accountId={accountId}
          disabled={noCredits}
          onError={fail}
          onCredits={(c) => status && setStatus({ ...status, credits: c })}
        />
      )}
      {tab === 'support' && status && (
        <SupportPanel accountId={accountId} status={status} onError={fail} />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.title}”?`}
          confirmLabel="Delete"
          danger
          testId="chat-delete-dialog"
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const gone = deleting
            setDeleting(null)
            api.assistant
              .deleteChat(accountId, gone.id)
              .then(() => {
                setChats((list) => list.filter((c) => c.id !== gone.id))
                if (chat?.id === gone.id) setChat(null)
              })
              .catch(fail)
          }}
        >
          <p>The chat is deleted on the Obico server for good, for every app that uses it.</p>
        </ConfirmDialog>
      )}
    </aside>
  )
}

function PlatePanel(props: {
  accountId: string
  disabled: boolean
  onError: (caught: unknown) => void
  onCredits: (credits: AiCredits) => void
}): ReactNode {
  const [printers, setPrinters] = useState<PrinterSummary[]>([])
  const [printerId, setPrinterId] = useState('')
  const [picture, setPicture] = useState<{ name: string; dataUrl: string } | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [result, setResult] = useState<PlateAnalysis | null>(null)

  useEffect(() => {
    api.printers
      .list()
      .then((snapshot) => {
        const mine = snapshot.value.printers.filter((p) => p.accountId === props.accountId)
        setPrinters(mine)
        setPrinterId((current) => current || mine[0]?.id || '')
      })
      .catch(props.onError)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.accountId])

  const pick = (file: File | undefined) => {
    if (!file) return setPicture(null)
    // Read in memory only: the picture is never written to disk.
    const reader = new FileReader()
    reader.onload = () => setPicture({ name: file.name, dataUrl: String(reader.result) })
    reader.readAsDataURL(file)
  }

  const analyse = async () => {
    const operationId = crypto.randomUUID()
    setBusy(operationId)
    setResult(null)
    try {
      const answer = await api.assistant.analyzePlate(operationId, {
        accountId: props.accountId,
        source: picture
          ? { kind: 'image', dataUrl: picture.dataUrl }
          : { kind: 'printer', printerId },
        lang: lang()
      })
      setResult(answer)
      if (answer.credits) props.onCredits(answer.credits)
    } catch (caught) {
      props.onError(caught)
    } finally {
      setBusy(null)
    }
  }

  return (
    <section aria-label="Plate analysis" data-testid="plate-panel">
      <label className="field">
        <span>Printer (its current webcam snapshot)</span>
        <select
          value={printerId}
          onChange={(e) => setPrinterId(e.target.value)}
          disabled={!!picture}
          data-testid="plate-printer"
        >
          {printers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>…or a picture from this computer (JPEG, PNG or WebP)</span>
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp"
          onChange={(e) => pick(e.target.files?.[0])}
        />
      </label>
      <p className="hint">
        Each analysis uses one AI credit. The picture is sent to the Obico server and not kept on
        this computer.
      </p>
      <button
        type="button"
        className="button primary"
        disabled={props.disabled || !!busy || (!picture && !printerId)}
        onClick={() => void analyse()}
        data-testid="plate-analyse"
      >
        {picture ? `Analyse ${picture.name} (1 credit)` : 'Analyse the snapshot (1 credit)'}
      </button>
      {busy && (
        <p className="hint" role="status">
          Analysing… this can take a minute.{' '}
          <button
            type="button"
            className="button small"
            onClick={() => void api.assistant.cancel(busy)}
          >
            Cancel
          </button>
        </p>
      )}
      {result && (
        <div className="plate-result" data-testid="plate-result">
          <img src={result.imageDataUrl} alt="The picture that was analysed" />
          <div>
            <p>
              <Rich text={result.text} />
            </p>
            {result.suggestedPrintingMethod && (
              <p>
                <strong>Suggested printing method:</strong> {result.suggestedPrintingMethod}
              </p>
            )}
          </div>
        </div>
      )}
    </section>
  )
}

function SupportPanel(props: {
  accountId: string
  status: AssistantStatus
  onError: (caught: unknown) => void
}): ReactNode {
  const [message, setMessage] = useState('')
  const [reply, setReply] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <section aria-label="Contact support">
      <p className="hint">
        This mails {props.status.supportAddress} — Obico’s own support team
        {props.status.serverIsObicoCloud
          ? '.'
          : ', even though your account is on a self-hosted server (whose administrator will not see it). A self-hosted server without mail set up cannot send it.'}
      </p>
      <label className="field">
        <span>Message</span>
        <textarea value={message} rows={4} onChange={(e) => setMessage(e.target.value)} />
      </label>
      <button
        type="button"
        className="button"
        disabled={!message.trim() || busy}
        onClick={() => {
          setBusy(true)
          api.assistant
            .contactSupport(props.accountId, message, lang())
            .then((r) => {
              setReply(`${r.reply} (to ${r.sentTo})`)
              setMessage('')
            })
            .catch(props.onError)
            .finally(() => setBusy(false))
        }}
      >
        Send to {props.status.supportAddress}
      </button>
      {reply && <p role="status">{reply}</p>}
    </section>
  )
}
