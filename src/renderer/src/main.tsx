/**
 * Renderer entry: styles, error boundary, the bridge to main, then the app.
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './styles.css'
import { App } from './App'
import { ErrorBoundary } from './components/ErrorBoundary'
import { startBridge } from './lib/bridge'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

document.documentElement.dataset.appState = 'starting'
startBridge()
createRoot(container).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>
)
