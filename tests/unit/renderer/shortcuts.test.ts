import { describe, expect, it } from 'vitest'
import { shortcutFor } from '../../../src/renderer/app/shortcuts.js'

const key = (code: string, key: string, held: { alt?: boolean; ctrl?: boolean; meta?: boolean; shift?: boolean } = {}) =>
  shortcutFor({ code, key, altKey: held.alt ?? false, ctrlKey: held.ctrl ?? false, metaKey: held.meta ?? false, shiftKey: held.shift ?? false })

describe('keyboard shortcuts', () => {
  it('maps the app’s keys to what they do', () => {
    expect(key('KeyN', 'n', { alt: true })).toEqual({ action: 'new' })
    expect(key('KeyL', 'l', { alt: true })).toEqual({ action: 'library' })
    expect(key('KeyK', 'k', { ctrl: true })).toEqual({ action: 'search' })
    expect(key('KeyK', 'k', { meta: true })).toEqual({ action: 'search' })
    expect(key('Digit3', '3', { alt: true })).toEqual({ action: 'open', index: 2 })
  })

  it('reads the key’s place, so that layouts where Alt changes the character still work', () => {
    expect(key('KeyN', '˜', { alt: true })).toEqual({ action: 'new' })
  })

  it('leaves every other key to the page and the editor', () => {
    expect(key('KeyN', 'n')).toBeNull()
    expect(key('KeyN', 'n', { ctrl: true })).toBeNull()
    expect(key('KeyN', 'N', { alt: true, shift: true })).toBeNull()
    expect(key('KeyK', 'k', { ctrl: true, alt: true })).toBeNull()
    expect(key('Digit0', '0', { alt: true })).toBeNull()
    expect(key('KeyB', 'b', { ctrl: true })).toBeNull()
  })
})
