import { barX, plot, ruleX, text } from '@observablehq/plot'
import { CHART_WIDTH, integerTicks, textWidth } from './chartLayout.js'
import { type ChartDocument, chartSvg } from './chartSvg.js'

export interface Bar {
  label: string
  count: number
}

const BAR_COLOR = '#1f5f8b'
const BAR_HEIGHT = 24
/** Longest a label is shown beside its bar; the table holds it whole. */
const LABEL_CHARACTERS = 32

/**
 * Horizontal bars, one per label in the order given, each with its count at its end: labels such as
 * a case study's title or a city's name read across, in any script, where a column's would be
 * turned or cut. Two bars may have the same label (two case studies of one title): each is a row.
 */
export function barsChart(document: ChartDocument, title: string, countLabel: string, bars: Bar[]): string {
  const rows = bars.map((bar, index) => ({ ...bar, key: String(index) }))
  const labelOf = new Map(rows.map(({ key, label }) => [key, shortened(label)]))
  const most = Math.max(1, ...bars.map(({ count }) => count))
  const svg = plot({
    document,
    width: CHART_WIDTH,
    height: Math.max(1, rows.length) * BAR_HEIGHT + 50,
    marginLeft: Math.min(CHART_WIDTH / 2, 12 + Math.max(0, ...[...labelOf.values()].map(textWidth))),
    marginRight: 40,
    x: { domain: [0, most], grid: true, label: countLabel, ...integerTicks(most) },
    y: { domain: rows.map(({ key }) => key), label: null, tickFormat: (key: string) => labelOf.get(key) ?? '' },
    marks: [
      barX(rows, { x: 'count', y: 'key', fill: BAR_COLOR, title: ({ label, count }: Bar) => `${label}: ${count}` }),
      text(rows, { x: 'count', y: 'key', text: ({ count }: Bar) => String(count), textAnchor: 'start', dx: 4 }),
      ruleX([0]),
    ],
  })
  return chartSvg(svg, title)
}

function shortened(label: string): string {
  const characters = [...label]
  return characters.length > LABEL_CHARACTERS ? `${characters.slice(0, LABEL_CHARACTERS - 1).join('')}…` : label
}
