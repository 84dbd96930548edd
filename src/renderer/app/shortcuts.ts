import type { Key } from '../i18n/keys.js'

/** What a key press asks of the app, wherever the focus is. */
export type Shortcut = { action: 'new' } | { action: 'search' } | { action: 'library' } | { action: 'open'; index: number }

/** The shortcuts, as the app lists them for its users: the keys, and what they do (a catalog key). */
export const SHORTCUTS: readonly { keys: string; does: Key }[] = [
  { keys: 'Alt+N', does: 'app.shortcuts.new' },
  { keys: 'Ctrl+K', does: 'app.shortcuts.search' },
  { keys: 'Alt+L', does: 'app.shortcuts.library' },
  { keys: 'Alt+1…9', does: 'app.shortcuts.open' },
]

/** What shortcutFor reads of a KeyboardEvent. */
export interface KeyPress {
  key: string
  code: string
  altKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
}

/**
 * Maps a key press to a shortcut. Alt rather than Ctrl for "new": browsers keep Ctrl+N for
 * themselves, and the same keys must work in the desktop app and the browser shell.
 */
export function shortcutFor(event: KeyPress): Shortcut | null {
  const command = event.ctrlKey || event.metaKey
  if (command && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') return { action: 'search' }
  if (!event.altKey || command || event.shiftKey) return null
  // event.code: with Alt held, some keyboard layouts produce other characters than the letter.
  if (event.code === 'KeyN') return { action: 'new' }
  if (event.code === 'KeyL') return { action: 'library' }
  const digit = /^Digit([1-9])$/.exec(event.code)
  return digit ? { action: 'open', index: Number(digit[1]) - 1 } : null
}
