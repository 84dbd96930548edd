import './noEval.js'
import { createRoot } from 'react-dom/client'
import type { CasebookBridge } from '../shared/ipc/contract.js'
import { App } from './app/App.js'
import { ErrorBoundary } from './app/ErrorBoundary.js'
import { logRenderError } from './app/logRenderError.js'
import { apiFromBridge } from './bridgeApi.js'
import { connectToShell } from './shellApi.js'
import { takeShellSecret } from './shellSecret.js'

/**
 * The page both shells load. It reaches the back end only through the contract: `window.casebook`
 * from the desktop app's preload, or the browser shell's WebSocket.
 */
declare global {
  interface Window {
    /** Set by the desktop app's preload; absent in the browser shell. */
    casebook?: CasebookBridge
  }
}

const root = createRoot(document.getElementById('root')!)
try {
  const api = window.casebook ? apiFromBridge(window.casebook) : await connectToShell({ origin: location.origin, secret: takeShellSecret(window) })
  root.render(
    <ErrorBoundary onError={logRenderError(api)}>
      <App api={api} />
    </ErrorBoundary>,
  )
} catch (error) {
  root.render(
    <main className="fatal">
      <h1>Casebook</h1>
      <p role="alert">{(error as Error).message}</p>
    </main>,
  )
}
