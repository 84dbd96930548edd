import { attempt } from '../shared/attempt.js'

/** Where the window keeps the id of the document open in it (localStorage: per app, and per browser shell's address). */
const KEY = 'casebook.openDocument'

/** The storage the memory needs: the page's localStorage, or a stand-in in tests. */
type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/**
 * The document that was open when the window was last closed or reloaded, so that reopening the app,
 * or reloading the browser shell, returns to it; null if none was, or where storage is refused.
 */
export function rememberedDocument(storage: KeyValueStorage): string | null {
  return attempt(() => storage.getItem(KEY))
}

/** Notes the document now open, or that none is (null). */
export function rememberOpenDocument(storage: KeyValueStorage, id: string | null): void {
  attempt(() => (id === null ? storage.removeItem(KEY) : storage.setItem(KEY, id)))
}
