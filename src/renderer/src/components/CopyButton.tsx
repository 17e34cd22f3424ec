import { useEffect, useRef, useState, type ReactNode } from 'react'

interface Props {
  text: string
  label?: string
  testId?: string
}

/**
 * Copies text to the clipboard and says so. Falls back to selecting the text when the clipboard API
 * is unavailable, so the user can copy by hand.
 */
export function CopyButton({ text, label = 'Copy', testId }: Props): ReactNode {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])

  const copy = async (): Promise<void> => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard')
      await navigator.clipboard.writeText(text)
      setState('copied')
    } catch {
      setState('failed')
    }
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setState('idle'), 3000)
  }

  return (
    <>
      <button
        type="button"
        className="button small"
        onClick={() => void copy()}
        data-testid={testId}
      >
        {state === 'copied' ? 'Copied' : label}
      </button>
      <span className="visually-hidden" role="status">
        {state === 'copied'
          ? 'Copied to the clipboard.'
          : state === 'failed'
            ? 'Could not copy. Select the text and copy it by hand.'
            : ''}
      </span>
      {state === 'failed' && (
        <span className="hint">Could not copy: select the text and copy it by hand.</span>
      )}
    </>
  )
}
