import { CasebookError } from '../../shared/errors.js'
import type { NetworkChart } from '../../shared/stats/networkCharts.js'
import { toCsv } from '../../shared/stats/toCsv.js'
import { saveDownload } from '../shared/saveDownload.js'

export type ChartFormat = 'svg' | 'png' | 'csv'

const TYPES: Record<ChartFormat, string> = { svg: 'image/svg+xml', png: 'image/png', csv: 'text/csv' }
/** A PNG at twice the chart's size: sharp on a high-density screen and in a slide. */
const PNG_SCALE = 2

/** A chart's file, named after its network and what it shows: `brt-by-status.png`. */
export function chartFileName(network: string, chart: Pick<NetworkChart, 'id'>, format: ChartFormat): string {
  return `${network}-${chart.id}.${format}`
}

/**
 * A chart as a file: its SVG as it is drawn, as a PNG, or its figures as CSV. The CSV starts with a
 * byte order mark: without one, Excel reads UTF-8 as the system's code page, and a city's accents or
 * a Chinese title come out garbled.
 */
export async function chartFile(chart: NetworkChart, format: ChartFormat): Promise<Uint8Array> {
  if (format === 'svg') return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${chart.svg}\n`)
  if (format === 'csv') return new TextEncoder().encode(`\uFEFF${toCsv([chart.table.headers, ...chart.table.rows])}`)
  return chartPng(chart.svg)
}

export async function saveChart(network: string, chart: NetworkChart, format: ChartFormat): Promise<void> {
  saveDownload(chartFileName(network, chart, format), await chartFile(chart, format), TYPES[format])
}

/**
 * The SVG drawn on a white canvas at PNG_SCALE. From a data: URL, which the window's policy admits
 * for images (a blob: URL it does not); an SVG image holds no script and fetches nothing, so the
 * canvas can be read back.
 */
async function chartPng(svg: string): Promise<Uint8Array> {
  const image = new Image()
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
  await image.decode()
  const canvas = document.createElement('canvas')
  canvas.width = image.naturalWidth * PNG_SCALE
  canvas.height = image.naturalHeight * PNG_SCALE
  const context = canvas.getContext('2d')
  if (!context) throw new CasebookError('INTERNAL', 'The chart could not be drawn as a PNG: the window gave no canvas to draw on.', { reason: 'unexpected' })
  context.fillStyle = '#fff'
  context.fillRect(0, 0, canvas.width, canvas.height)
  context.drawImage(image, 0, 0, canvas.width, canvas.height)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
  if (!blob) throw new CasebookError('INTERNAL', 'The chart could not be drawn as a PNG: the canvas gave no image.', { reason: 'unexpected' })
  return new Uint8Array(await blob.arrayBuffer())
}
