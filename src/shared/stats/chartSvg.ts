import type { PlotOptions, plot } from '@observablehq/plot'
import { FONT_SIZE } from './chartLayout.js'

/** The document a chart is drawn with: the window's, or in Node happy-dom's (shared has no DOM of its own). */
export type ChartDocument = NonNullable<PlotOptions['document']>

/**
 * A chart Plot drew, as SVG markup that stands alone: as a file, an image drawn on a canvas, inline in
 * the window or in a report. Plot's <style> goes: the window's Content-Security-Policy refuses inline
 * style sheets (the window's stylesheet sizes its charts instead), and a chart as a file needs none.
 * It is an image named by its title to a screen reader; its figures are in the table beside it.
 */
export function chartSvg(svg: ReturnType<typeof plot>, title: string): string {
  for (const style of svg.querySelectorAll('style')) style.remove()
  svg.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns', 'http://www.w3.org/2000/svg')
  svg.setAttribute('font-size', String(FONT_SIZE))
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-label', title)
  return svg.outerHTML
}
