import { caretColor } from './caretColor.js'
import { caretLabel, textColorOn } from '../shared/caretLabel.js'

/**
 * The caret: the label is drawn from an attribute by CSS, so that it is not part of the text around
 * it (for a screen reader, for copying, for the paragraph's textContent). A collaborator who sent no
 * name is `someone`, in this window's language.
 */
export function renderCaret(user: Record<string, unknown>, someone: string): HTMLElement {
  const name = typeof user['name'] === 'string' && user['name'] ? user['name'] : someone
  const city = typeof user['city'] === 'string' ? user['city'] : undefined
  const color = caretColor(user['color'])
  const caret = document.createElement('span')
  caret.className = 'collab-caret'
  caret.setAttribute('aria-hidden', 'true')
  caret.dataset['label'] = caretLabel({ name, ...(city ? { city } : {}) })
  caret.style.setProperty('--caret-color', color)
  caret.style.setProperty('--caret-text', textColorOn(color))
  return caret
}

export function renderSelection(user: Record<string, unknown>): { nodeName: string; class: string; style: string } {
  const color = caretColor(user['color'])
  return { nodeName: 'span', class: 'collab-selection', style: `background-color: ${color}33` }
}
