import './noEval.js'
import { createRoot } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import type { CasebookBridge } from '../shared/ipc/contract.js'
import { App } from './app/App.js'
import { askFirstList } from './app/firstList.js'
import { ErrorBoundary } from './app/ErrorBoundary.js'
import { logRenderError } from './app/logRenderError.js'
import { apiFromBridge } from './bridgeApi.js'
import { errorText } from './i18n/errorText.js'
import { formats } from './i18n/formats.js'
import { i18n, showLanguage } from './i18n/i18n.js'
import { matchLanguage } from './i18n/matchLanguage.js'
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

// <html lang> names the language shown.
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language
})
const root = createRoot(document.getElementById('root')!)
const system = matchLanguage(navigator.languages)
// The window is in English (bundled) from the start. The system's catalog loads while the page
// connects; the user's choice, if another, once it is read. A catalog that cannot be loaded leaves
// the window as it was, in English at first, and is logged: a window in English rather than none.
const systemShown = showLanguage(system).then(
  () => null,
  (error: Error) => error,
)
try {
  const api = window.casebook ? apiFromBridge(window.casebook) : await connectToShell({ origin: location.origin, secret: takeShellSecret(window) })
  const logError = logRenderError(api)
  const settings = api.request('settings.get', {})
  // Asked for after the settings, which the window waits for: the list is on its way while it first renders.
  const firstList = askFirstList(api)
  const { language = system } = await settings
  const systemFailed = await systemShown
  if (systemFailed) logError(systemFailed, `loading the ${system} catalog`)
  if (language !== system) await showLanguage(language).catch((error: Error) => logError(error, `loading the ${language} catalog`))
  // Every component that translates re-renders when the language changes.
  root.render(
    <I18nextProvider i18n={i18n}>
      <ErrorBoundary onError={logError}>
        <App api={api} language={language} firstList={firstList} />
      </ErrorBoundary>
    </I18nextProvider>,
  )
} catch (error) {
  await systemShown
  root.render(
    <main className="fatal">
      <h1>{i18n.t('app.name')}</h1>
      <p role="alert">{errorText(i18n.t, formats(i18n.language), error as Error)}</p>
    </main>,
  )
}
