import type { BrowserWindowConstructorOptions } from 'electron'
import { contentSecurityPolicy } from '../../shared/contentSecurityPolicy.js'

/**
 * The scheme the renderer is loaded from: never a dev server, never the file system at large. Not
 * `casebook:`, the public scheme of invite links (protocolClient.ts), which any page or program may
 * hand the app: a link is never a page of the app, nor the app's page a link.
 */
export const APP_SCHEME = 'casebook-app'
export const APP_ORIGIN = `${APP_SCHEME}://app`

/**
 * How the renderer's scheme behaves: like https (its own origin, secure, fetch allowed), and with V8's
 * code cache, which Chromium keeps for http(s) only unless a scheme asks: from the second launch on, the
 * page's scripts are not compiled again.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true }

/** The desktop page connects to nothing: the contract goes through the preload, not the network. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy("'none'")

/**
 * The main window, following Electron's security checklist: the renderer runs sandboxed and
 * context-isolated without Node, reaches the back end only through the preload's `window.casebook`,
 * and may not open webviews or run insecure content; a packaged app's has no developer tools. Its size
 * and place are the remembered ones (src/main/windowState.ts).
 */
export function windowOptions(preloadPath: string, { packaged }: { packaged: boolean }): BrowserWindowConstructorOptions {
  return {
    minWidth: 900,
    minHeight: 600,
    title: 'Casebook',
    show: false,
    webPreferences: {
      preload: preloadPath,
      devTools: !packaged,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      // Cached from the first launch on, rather than once a script has been run twice.
      v8CacheOptions: 'bypassHeatCheck',
    },
  }
}

/** What to do when the page tries to leave the app: links to the web open in the system browser. */
export function navigationDecision(url: string): 'stay' | 'open-externally' | 'deny' {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'deny'
  }
  if (isAppUrl(parsed)) return 'stay'
  if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return 'open-externally'
  return 'deny'
}

/** Whether an IPC message comes from the app's own page in its top frame, not from anything else. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null): boolean {
  if (!frame || frame.parent !== null) return false
  try {
    return isAppUrl(new URL(frame.url))
  } catch {
    return false
  }
}

/** Node's URL gives a custom scheme no origin ("null"), so the scheme and host are compared. */
function isAppUrl(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.host === 'app'
}
