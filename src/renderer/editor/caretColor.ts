/** The colour of someone whose colour is missing or not one we accept. */
export const NEUTRAL_COLOR = '#6b7280'

/**
 * The colour to draw someone's caret, selection and avatar in. It goes into style attributes, and
 * others' colours come from their awareness state, which anyone in the document can write: only
 * `#rrggbb` is let through, anything else is drawn in the neutral colour.
 */
export function caretColor(value: unknown): string {
  return typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value) ? value : NEUTRAL_COLOR
}
