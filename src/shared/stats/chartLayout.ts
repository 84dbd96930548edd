/** How wide the charts are drawn: about as wide as a dashboard's column shows them, and a report's page. */
export const CHART_WIDTH = 480
/** The charts' text size, in the SVG's pixels (Plot's own is 10, small once a chart is saved and shown alone). */
export const FONT_SIZE = 11

/** About how wide a label is at FONT_SIZE: wide characters (Chinese) twice a Latin letter's. */
export function textWidth(label: string): number {
  const latin = FONT_SIZE * 0.6
  return [...label].reduce((width, character) => width + ((character.codePointAt(0) ?? 0) >= 0x2e80 ? 2 * latin : latin), 0)
}

/** Ticks on whole numbers only: these are counts. */
export function integerTicks(most: number): { ticks: number; tickFormat: string } {
  return { ticks: Math.max(1, Math.min(most, 8)), tickFormat: 'd' }
}
