import { dot, lineY, plot, ruleY, text } from '@observablehq/plot'
import type { MonthCounts } from '../model/networkStats.js'
import { CHART_WIDTH, FONT_SIZE, integerTicks, textWidth } from './chartLayout.js'
import { type ChartDocument, chartSvg } from './chartSvg.js'

export interface Series {
  field: 'created' | 'submitted' | 'published'
  label: string
}

/**
 * Each series' colour (told apart with the commoner colour blindnesses: Okabe and Ito's), its line's
 * dash, and its dots' shape, which the legend shows: no series is told by its colour alone.
 */
const STYLES = [
  { stroke: '#0072b2', dash: 'none', symbol: 'circle', glyph: '●' },
  { stroke: '#e69f00', dash: '6,3', symbol: 'square', glyph: '■' },
  { stroke: '#009e73', dash: '2,2', symbol: 'triangle', glyph: '▲' },
] as const
/** About as many month names as fit under the chart. */
const MONTHS_NAMED = 6
const MARGIN_LEFT = 40
const MARGIN_TOP = 40

/** A line per series over the months, each month's count a dot on it, and a legend above. */
export function overTimeChart(document: ChartDocument, title: string, months: MonthCounts[], series: Series[], monthName: (month: string) => string): string {
  const most = Math.max(1, ...months.flatMap((month) => series.map(({ field }) => month[field])))
  const every = Math.ceil(months.length / MONTHS_NAMED)
  const styled = series.map((one, index) => ({ ...one, ...STYLES[index % STYLES.length]! }))
  const svg = plot({
    document,
    width: CHART_WIDTH,
    height: 260,
    marginTop: MARGIN_TOP,
    marginLeft: MARGIN_LEFT,
    marginRight: 30,
    x: {
      type: 'point',
      domain: months.map(({ month }) => month),
      ticks: months.filter((_, index) => index % every === 0).map(({ month }) => month),
      tickFormat: monthName,
      label: null,
    },
    // The title names what is counted; the legend takes the axis label's place.
    y: { domain: [0, most], grid: true, label: null, ...integerTicks(most) },
    marks: [
      ruleY([0]),
      ...styled.flatMap(({ field, label, stroke, dash, symbol }) => [
        lineY(months, { x: 'month', y: field, stroke, strokeWidth: 2, strokeDasharray: dash, ariaLabel: () => label }),
        dot(months, {
          x: 'month',
          y: field,
          fill: stroke,
          symbol,
          r: 3,
          title: (month: MonthCounts) => `${label}, ${monthName(month.month)}: ${month[field]}`,
        }),
      ]),
      legend(styled),
    ],
  })
  return chartSvg(svg, title)
}

/**
 * Each series' shape in its colour and its name, side by side above the chart, in the SVG itself so
 * that a saved chart keeps it. The names are in the text's colour: a light colour is hard to read.
 */
function legend(series: (Series & (typeof STYLES)[number])[]) {
  let x = 0
  return series.flatMap(({ label, stroke, glyph }) => {
    const at = x
    x += 16 + textWidth(label) + 18
    const place = { frameAnchor: 'top-left', dy: 14 - MARGIN_TOP, textAnchor: 'start', fontSize: FONT_SIZE, ariaDescription: 'legend' } as const
    return [text([glyph], { ...place, dx: at, fill: stroke, ariaHidden: 'true' }), text([label], { ...place, dx: at + 16 })]
  })
}
