import { mkdir, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'

/**
 * One benchmark figure: the median of its runs, the worst (every figure here is better lower: a time,
 * a size, a count), and where it has one, the reference measured in the same run. Every run's value
 * is kept too: on a noisy machine the spread says how far a median is to be trusted, and a target
 * holds only if the worst run meets it.
 */
export interface Figure {
  name: string
  unit: string
  median: number
  worst: number
  values: number[]
  reference?: { name: string; median: number; values: number[] }
  ratio?: number
  target?: string
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** The value below which the given fraction of the sorted values lie. */
export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) throw new Error('no latencies were measured')
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!
}

export function figure(name: string, unit: string, values: number[], reference?: { name: string; values: number[] }, target?: string): Figure {
  const value = median(values)
  const worst = Math.max(...values)
  if (!reference) return { name, unit, median: value, worst, values, ...(target ? { target } : {}) }
  const referenceMedian = median(reference.values)
  return {
    name,
    unit,
    median: value,
    worst,
    values,
    reference: { ...reference, median: referenceMedian },
    ratio: value / referenceMedian,
    ...(target ? { target } : {}),
  }
}

export async function report(scenario: string, runs: number, figures: Figure[]): Promise<void> {
  const rows = figures.map((f) => [
    f.name,
    `${format(f.median)} ${f.unit}${spread(f.values)}`,
    `${format(f.worst)} ${f.unit}`,
    f.reference ? `${f.reference.name}: ${format(f.reference.median)} ${f.unit}${spread(f.reference.values)}` : '',
    // A reference of 0 (no task over 50 ms) gives no ratio.
    f.ratio !== undefined && Number.isFinite(f.ratio) ? `${f.ratio.toFixed(2)}×` : '',
    f.target ?? '',
  ])
  const headers = ['figure', 'median (lowest–highest run)', 'worst run', 'reference: median (lowest–highest)', 'ratio', 'target']
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')
  process.stdout.write(
    `\n${scenario} (medians of ${runs} runs)\n${line(headers)}\n${widths.map((width) => '-'.repeat(width)).join('-|-')}\n${rows.map(line).join('\n')}\n`,
  )
  const dir = join(import.meta.dirname, '../../bench-results')
  await mkdir(dir, { recursive: true })
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' }
  await writeFile(join(dir, `${scenario}.json`), `${JSON.stringify({ scenario, runs, machine, date: new Date().toISOString(), figures }, null, 2)}\n`)
}

/** The smallest and largest of the runs' values, when there is more than one run. */
function spread(values: number[]): string {
  return values.length > 1 ? ` (${format(Math.min(...values))}–${format(Math.max(...values))})` : ''
}

function format(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 1 })
}
