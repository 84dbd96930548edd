import { SHELL_SECRET_PARAM } from '../shared/ipc/shellProtocol.js'

/** Where a tab keeps the browser shell's secret once it is out of the address bar. */
const STORAGE_KEY = 'casebook.shellSecret'

export interface PageState {
  location: { hash: string; pathname: string; search: string }
  history: { state: unknown; replaceState(data: unknown, unused: string, url: string): void }
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void }
}

/**
 * The browser shell's secret for this page. It arrives in the address's fragment, and is taken out
 * of the address bar at once, so that it is not left on screen, in the browser's history or in a
 * copied link. It is kept in sessionStorage, which a reload of the tab keeps but other tabs and sites
 * cannot read; a new address with a secret (after the shell restarts) replaces it.
 */
export function takeShellSecret({ location, history, sessionStorage }: PageState): string {
  const given = new URLSearchParams(location.hash.replace(/^#/, '')).get(SHELL_SECRET_PARAM)
  if (given === null) return sessionStorage.getItem(STORAGE_KEY) ?? ''
  sessionStorage.setItem(STORAGE_KEY, given)
  history.replaceState(history.state, '', `${location.pathname}${location.search}`)
  return given
}
