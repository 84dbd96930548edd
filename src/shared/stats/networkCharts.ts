import type { NetworkStats } from '../model/networkStats.js'
import { barsChart } from './barsChart.js'
import type { ChartLabels } from './chartLabels.js'
import type { ChartDocument } from './chartSvg.js'
import { overTimeChart } from './overTimeChart.js'

export type { ChartDocument } from './chartSvg.js'

/** A chart's figures, a header row and then the data: its text alternative, and its CSV (toCsv). */
export interface ChartTable {
  headers: string[]
  rows: string[][]
}

export interface NetworkChart {
  /** Names the chart's files: `<network>-<id>.svg`. */
  id: 'over-time' | 'by-status' | 'most-adapted' | 'contributors'
  title: string
  /** SVG markup that stands alone (chartSvg.ts). */
  svg: string
  table: ChartTable
}

/**
 * A network's charts, as its dashboard shows them and a report opens with them: drawn with the
 * document given (the window's, or happy-dom's in Node), in the words given. Pure: the same figures
 * and words make the same charts.
 */
export function networkCharts(stats: NetworkStats, labels: ChartLabels, document: ChartDocument): NetworkChart[] {
  return [overTime(stats, labels, document), byStatus(stats, labels, document), mostAdapted(stats, labels, document), contributors(stats, labels, document)]
}

/** Documents created, submitted and published each month. */
export function overTime({ months }: NetworkStats, labels: ChartLabels, document: ChartDocument): NetworkChart {
  const series = [
    { field: 'created', label: labels.created },
    { field: 'submitted', label: labels.submitted },
    { field: 'published', label: labels.published },
  ] as const
  const title = labels.titles.overTime
  return {
    id: 'over-time',
    title,
    svg: overTimeChart(document, title, months, [...series], labels.monthName),
    table: {
      headers: [labels.month, ...series.map(({ label }) => label)],
      rows: months.map((month) => [month.month, ...series.map(({ field }) => String(month[field]))]),
    },
  }
}

/** The network's documents in each status, every status shown, in the workflow's order. */
export function byStatus({ byStatus }: NetworkStats, labels: ChartLabels, document: ChartDocument): NetworkChart {
  const bars = byStatus.map(({ key, count }) => ({ label: labels.statuses[key as keyof ChartLabels['statuses']] ?? key, count }))
  const title = labels.titles.byStatus
  return {
    id: 'by-status',
    title,
    svg: barsChart(document, title, labels.documents, bars),
    table: { headers: [labels.status, labels.documents], rows: bars.map(({ label, count }) => [label, String(count)]) },
  }
}

/** The case studies adapted the most, and by which cities. */
export function mostAdapted({ mostAdapted }: NetworkStats, labels: ChartLabels, document: ChartDocument): NetworkChart {
  const city = (name: string) => name || labels.noCity
  const title = labels.titles.mostAdapted
  const titled = mostAdapted.map((adapted) => ({ ...adapted, title: adapted.title || labels.untitled }))
  return {
    id: 'most-adapted',
    title,
    svg: barsChart(
      document,
      title,
      labels.adaptations,
      titled.map(({ title, adaptations }) => ({ label: title, count: adaptations })),
    ),
    table: {
      headers: [labels.caseStudy, labels.city, labels.adaptations, labels.adaptingCities],
      rows: titled.map(({ title, city: from, adaptations, cities }) => [title, city(from), String(adaptations), cities.map(city).join(', ')]),
    },
  }
}

/** How many people wrote or submitted the documents of each city. */
export function contributors({ contributors }: NetworkStats, labels: ChartLabels, document: ChartDocument): NetworkChart {
  const cities = contributors.map(({ city, names }) => ({ city: city || labels.noCity, names }))
  const title = labels.titles.contributors
  return {
    id: 'contributors',
    title,
    svg: barsChart(
      document,
      title,
      labels.contributors,
      cities.map(({ city, names }) => ({ label: city, count: names.length })),
    ),
    table: {
      headers: [labels.city, labels.contributors, labels.names],
      rows: cities.map(({ city, names }) => [city, String(names.length), names.join(', ')]),
    },
  }
}
