import { chromium, type Browser } from '@playwright/test'
import { applyPlaceChange } from '../../src/renderer/app/applyPlaceChange.js'
import { filterChoices, filterRows } from '../../src/renderer/library/filterRows.js'
import type { DocumentRow } from '../../src/shared/ipc/contract.js'
import { DOCUMENT_KINDS } from '../../src/shared/model/kinds.js'
import { startProcesses, type Processes } from '../e2e/support/processes.js'
import { chromiumLaunchOptions } from '../helpers/chromium.js'
import { generateLibrary } from '../helpers/generatedLibrary.js'
import { figure, median, report } from './report.js'

/**
 * The library list at 5,000 documents (`BENCH_ONLY=list`):
 * - in Node, the renderer's pure functions on 5,000 rows, each the median of REPEATS calls: sorting
 *   and filtering (filterRows), the filters' choices (filterChoices), and applying one changed row
 *   (applyPlaceChange); the reference is the sort as it was, with localeCompare;
 * - in Chromium, through the browser shell: from starting `casebook serve` on a library of 5,000
 *   documents to its address printed and to the list's first row drawn, and the longest task while scrolling the list (wheel steps of
 *   a screen, then a jump to the end), as the Long Tasks API reports them (0: none over 50 ms).
 */
const DOCUMENTS = 5000
const REPEATS = 21
const WHEEL_STEPS = 60

export async function listBench(runs: number): Promise<void> {
  const rows = generatedRows(DOCUMENTS)
  const samples = { sort: [] as number[], filter: [] as number[], choices: [] as number[], apply: [] as number[], localeSort: [] as number[] }
  for (let run = 1; run <= runs; run += 1) {
    const changed = { ...rows[2500]!, meta: { ...rows[2500]!.meta, title: 'Changed' } }
    samples.sort.push(timed(() => filterRows(rows, {})))
    samples.filter.push(timed(() => filterRows(rows, { city: 'Quito', kind: 'case-study' })))
    samples.choices.push(timed(() => filterChoices(rows)))
    samples.apply.push(timed(() => applyPlaceChange(rows, { upserted: [changed], removed: [rows[10]!.id] })))
    samples.localeSort.push(timed(() => [...rows].sort((a, b) => b.meta.updatedAt.localeCompare(a.meta.updatedAt))))
  }

  const browser = await chromium.launch(chromiumLaunchOptions())
  const { processes, stopAll } = startProcesses()
  const served: number[] = []
  const drawn: number[] = []
  const longest: number[] = []
  try {
    const dataDir = processes.tempDir()
    process.stderr.write(`list: writing a library of ${DOCUMENTS} documents\n`)
    await generateLibrary(dataDir, DOCUMENTS)
    for (let run = 1; run <= runs; run += 1) {
      process.stderr.write(`list: run ${run} of ${runs}\n`)
      const sample = await scrollRun(browser, processes, dataDir)
      served.push(sample.served)
      drawn.push(sample.drawn)
      longest.push(sample.longest)
    }
  } finally {
    await stopAll()
    await browser.close()
  }

  const n = DOCUMENTS.toLocaleString('en-US')
  await report('list', runs, [
    figure(`filterRows: sort ${n} rows, no filter`, 'ms', samples.sort, { name: 'the sort with localeCompare', values: samples.localeSort }, '≤ 16 ms'),
    figure(`filterRows: sort and filter ${n} rows by city and kind`, 'ms', samples.filter, undefined, '≤ 16 ms'),
    figure(`filterChoices of ${n} rows`, 'ms', samples.choices, undefined, '≤ 16 ms'),
    figure(`applyPlaceChange: one row changed, one removed, of ${n}`, 'ms', samples.apply),
    figure(`launch to the shell's address printed, ${n} documents`, 'ms', served),
    figure(`launch to the list drawn, ${n} documents`, 'ms', drawn, undefined, '≤ 1000 ms'),
    figure(`longest task while scrolling ${n} rows (0: none over 50 ms)`, 'ms', longest, undefined, '≤ 50 ms'),
  ])
}

/** The median time of REPEATS calls. */
function timed(work: () => unknown): number {
  const times: number[] = []
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    const start = performance.now()
    work()
    times.push(performance.now() - start)
  }
  return median(times)
}

function generatedRows(count: number): DocumentRow[] {
  const cities = ['Lagos', 'Bogotá', 'Quito', 'Nairobi', 'Dhaka', 'Lima', 'Accra', 'Manila']
  // Shuffled times, so that sorting has work to do.
  return Array.from({ length: count }, (_, index) => {
    const at = new Date(Date.UTC(2026, 0, 1) + ((index * 7919) % count) * 60_000).toISOString()
    return {
      id: index.toString(16).padStart(16, '0'),
      sync: 'local-only',
      status: 'draft',
      changed: false,
      openComments: 0,
      meta: {
        kind: DOCUMENT_KINDS[index % DOCUMENT_KINDS.length]!,
        title: `Case ${index + 1}`,
        city: cities[index % cities.length]!,
        topics: [`topic ${index % 40}`, `topic ${index % 13}`],
        status: 'draft',
        authors: [],
        createdAt: at,
        updatedAt: at,
      },
    }
  })
}

async function scrollRun(browser: Browser, processes: Processes, dataDir: string): Promise<{ served: number; drawn: number; longest: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const started = performance.now()
  const shell = await processes.shell(dataDir)
  const served = performance.now() - started
  try {
    const page = await context.newPage()
    await page.addInitScript(() => {
      const page = globalThis as unknown as { longest: number }
      page.longest = 0
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) page.longest = Math.max(page.longest, entry.duration)
        // Node's types, which this file is checked with, know no 'longtask'; the page's Chromium does.
      }).observe({ type: 'longtask' as never })
    })
    await page.goto(shell.url)
    await page.locator('table.documents tbody tr[aria-rowindex]').first().waitFor()
    const drawn = performance.now() - started
    // Only the scrolling's tasks count: the launch's are forgotten.
    await page.evaluate(() => ((globalThis as unknown as { longest: number }).longest = 0))
    await page.locator('.documents-frame').hover()
    for (let step = 0; step < WHEEL_STEPS; step += 1) {
      await page.mouse.wheel(0, 700)
      await page.waitForTimeout(16)
    }
    await page.locator('.documents-frame').evaluate((element) => element.scrollTo({ top: element.scrollHeight }))
    await page.getByRole('button', { name: 'Case 1', exact: true }).waitFor()
    // Long tasks are reported after they end: a frame later, all are in.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100))))
    const longest = await page.evaluate(() => (globalThis as unknown as { longest: number }).longest)
    return { served, drawn, longest }
  } finally {
    await context.close()
    await shell.stop()
  }
}
