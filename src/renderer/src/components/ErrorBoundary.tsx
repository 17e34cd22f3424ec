import { Component, type ErrorInfo, type ReactNode } from 'react'

interface Props {
  children: ReactNode
}

interface State {
  failed: boolean
}

/**
 * Catches render errors so the window shows a way out instead of going blank.
 * Sets `data-app-state="error"` so end-to-end tests fail fast with a reason.
 */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { failed: false }

  /** Switches to the fallback after a render error. */
  static getDerivedStateFromError(): State {
    return { failed: true }
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    document.documentElement.dataset.appState = 'error'
    // The console is piped into the e2e log; no secrets reach the renderer, so this is safe to print.
    console.error('Renderer error', error, info.componentStack)
  }

  render(): ReactNode {
    if (!this.state.failed) return this.props.children
    return (
      <main className="fatal" role="alert">
        <h1>Something went wrong</h1>
        <p>Printdock hit a problem drawing this window. Your accounts and settings are safe.</p>
        <button type="button" className="button primary" onClick={() => window.location.reload()}>
          Reload the window
        </button>
      </main>
    )
  }
}
