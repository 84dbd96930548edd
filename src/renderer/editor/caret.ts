import { caretLabel, textColorOn, type CaretUser } from './caretLabel.js'

/**
 * The caret: the label is drawn from an attribute by CSS, so that it is not part of the text around
 * it (for a screen reader, for copying, for the paragraph's textContent).
 */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const { name = 'Someone', city, color = '#6b7280' } = user as Partial<CaretUser>
  const caret = document.createElement('span')
  caret.className = 'collab-caret'
  caret.setAttribute('aria-hidden', 'true')
  caret.dataset['label'] = caretLabel({ name, ...(city ? { city } : {}) })
  caret.style.setProperty('--caret-color', color)
  caret.style.setProperty('--caret-text', textColorOn(color))
  return caret
}

export function renderSelection(user: Record<string, unknown>): { nodeName: string; class: string; style: string } {
  const color = typeof user['color'] === 'string' ? user['color'] : '#6b7280'
  return { nodeName: 'span', class: 'collab-selection', style: `background-color: ${color}33` }
}
