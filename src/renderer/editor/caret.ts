/** Who a collaborator is, as the caret extension carries it in their awareness state. */
export interface CaretUser {
  name: string
  city?: string
  color: string
}

/** The label beside a collaborator's caret: their name and city, in their colour. */
export function caretLabel(user: Pick<CaretUser, 'name' | 'city'>): string {
  return user.city ? `${user.name} · ${user.city}` : user.name
}

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

/** Black or white, whichever reads better on the given #rrggbb colour. */
export function textColorOn(color: string): string {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((start) => parseInt(color.slice(start, start + 2), 16) / 255)
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55 ? '#111' : '#fff'
}
