/** Who a collaborator is, as the caret extension carries it in their awareness state. */
export interface CaretUser {
  name: string
  city?: string
  color: string
}

/** The label beside a collaborator's caret, and in the lists of who is online: their name and city. */
export function caretLabel(user: Pick<CaretUser, 'name' | 'city'>): string {
  return user.city ? `${user.name} · ${user.city}` : user.name
}

/** Black or white, whichever reads better on the given #rrggbb colour. */
export function textColorOn(color: string): string {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((start) => parseInt(color.slice(start, start + 2), 16) / 255)
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55 ? '#111' : '#fff'
}
