import { chromium, type Browser, type Locator, type Page } from '@playwright/test'
import { Library } from '../../src/main/library/library.js'
import { FileSettingsStore } from '../../src/main/settings/fileSettingsStore.js'
import { readCatalogFile } from '../../src/main/sync/NetworkRoomCopy.js'
import { recordedStats } from '../../src/cli/recordedStats.js'
import { libraryStats } from '../../src/shared/model/libraryStats.js'
import { startProcesses, type Shell } from '../e2e/support/processes.js'
import { freePort } from '../helpers/childProcess.js'
import { chromiumLaunchOptions } from '../helpers/chromium.js'
import { casebook } from '../helpers/cli.js'
import { TempDirs } from '../helpers/tempDirs.js'
import { writeNetworkLibrary } from './networkLibrary.js'
import { figure, report } from './report.js'

const NETWORK = 'bench'

/**
 * A network's figures (issue 20) on a library of BENCH_STATS_DOCUMENTS documents of one network
 * (5,000 by default; networkLibrary.ts): `casebook stats --network` as a user runs it, the built
 * command in a child process, from its start to its exit, against `casebook list --json` on the same
 * library (what opening the library and printing it costs any command); and in process, libraryStats
 * alone over the documents and catalog in memory, and the command's work (the library opened, the
 * catalog read, the figures computed) without Node's start and the bundle's load. Each command runs
 * once unmeasured first, so that every measured run reads a library the system has cached, as a
 * user's second look does.
 *
 * Then the network's dashboard in Chromium through the browser shell (`casebook serve`), on that
 * library with the network joined but its relay out of reach (the dashboard is made from what the
 * device holds, offline; an unreachable relay keeps the sync from working meanwhile): in a page
 * launched anew each run, with the networks' screen shown and the dashboard's chunk loaded, from the
 * click on "Dashboard of bench" to its four charts in the page and painted; against, in the same
 * page, the click on "Library" to the library's rows painted.
 */
export async function statsBench(runs: number): Promise<void> {
  const size = Number(process.env['BENCH_STATS_DOCUMENTS'] ?? 5000)
  const dirs = new TempDirs('casebook-bench-stats-')
  try {
    const data = dirs.make()
    process.stderr.write(`stats: writing a library of ${size} documents\n`)
    const made = await writeNetworkLibrary(data, NETWORK, size)
    process.stderr.write(`stats: ${made.decisions} decisions, ${made.adaptations} adaptations\n`)
    const expected = await inProcess(data)
    await checkedCommand(data, expected.json)
    await casebook(['list', '--json', '--data', data])

    const command: number[] = []
    const list: number[] = []
    const work: number[] = []
    for (let run = 1; run <= runs; run += 1) {
      process.stderr.write(`stats: run ${run} of ${runs}\n`)
      command.push(await timed(() => checkedCommand(data, null)))
      list.push(await timed(() => casebook(['list', '--json', '--data', data])))
      work.push((await inProcess(data)).ms)
    }
    const computed = await computeRuns(data, runs)
    const dashboard = await dashboardRuns(data, runs)
    const at = size === 5000 ? '' : ' at 5,000'
    await report(`stats-${size}`, runs, [
      figure(
        `casebook stats --network (${size.toLocaleString('en-US')} documents)`,
        'ms',
        command,
        { name: 'casebook list --json', values: list },
        `≤ 1,000 ms${at}`,
      ),
      figure('  in process: library opened, catalog read, figures computed', 'ms', work),
      figure('  in process: libraryStats alone', 'ms', computed),
      figure(
        'dashboard: click to its 4 charts painted (Chromium)',
        'ms',
        dashboard.charts,
        { name: 'click on Library to its rows painted', values: dashboard.library },
        `≤ 500 ms${at}`,
      ),
    ])
  } finally {
    dirs.removeAll()
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

/** `casebook stats` in a child process; with `json`, checks that it prints what was computed in process. */
async function checkedCommand(data: string, json: string | null): Promise<void> {
  const result = await casebook(['stats', '--network', NETWORK, '--data', data, ...(json === null ? [] : ['--json'])])
  if (result.code !== 0) throw new Error(`casebook stats failed: ${result.stderr}`)
  if (json !== null && result.stdout.trim() !== json) throw new Error('casebook stats --json printed other figures than libraryStats computed in process')
}

/** What the command does once its bundle is loaded, in this process: its time, and the figures as JSON. */
async function inProcess(data: string): Promise<{ ms: number; json: string }> {
  const started = performance.now()
  const library = await Library.open(data)
  try {
    const stats = await recordedStats(data, library, NETWORK)
    return { ms: performance.now() - started, json: JSON.stringify(stats, null, 2) }
  } finally {
    await library.close()
  }
}

/** libraryStats alone, `runs` times, over the library's documents and catalog read once. */
async function computeRuns(data: string, runs: number): Promise<number[]> {
  const library = await Library.open(data)
  const catalog = await readCatalogFile(data, NETWORK)
  try {
    const documents = library.list().map(({ id, meta }) => ({ id, meta, status: meta.status }))
    const times: number[] = []
    for (let run = 0; run < runs; run += 1) times.push(await timed(async () => libraryStats(NETWORK, documents, catalog.doc, null, null)))
    return times
  } finally {
    catalog.doc.destroy()
    await library.close()
  }
}

/** The dashboard's runs, each in a page launched anew on one shell: the click to its charts, and to the library's rows. */
async function dashboardRuns(data: string, runs: number): Promise<{ charts: number[]; library: number[] }> {
  // Joined, but where no relay answers: nothing syncs while the dashboard is measured.
  const settings = new FileSettingsStore(data)
  const relayUrl = `ws://127.0.0.1:${await freePort()}`
  await settings.write({
    networks: [{ id: NETWORK, relayUrl, token: 'offline', role: 'facilitator', name: 'Bench', city: 'Lagos', joinedAt: new Date().toISOString() }],
  })
  const browser = await chromium.launch(chromiumLaunchOptions())
  const { processes, stopAll } = startProcesses()
  const times = { charts: [] as number[], library: [] as number[] }
  try {
    const shell = await processes.shell(data)
    // Once unmeasured: the browser's cache then holds the page's chunks, as the desktop app has them.
    await dashboardRun(browser, shell)
    for (let run = 1; run <= runs; run += 1) {
      process.stderr.write(`stats: dashboard, run ${run} of ${runs}\n`)
      const { charts, library } = await dashboardRun(browser, shell)
      times.charts.push(charts)
      times.library.push(library)
    }
    return times
  } finally {
    await stopAll()
    await browser.close()
  }
}

async function dashboardRun(browser: Browser, shell: Shell): Promise<{ charts: number; library: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const page = await context.newPage()
    await page.goto(shell.url)
    await page.locator('section.library [role="row"] button, section.library tr button').first().waitFor({ timeout: 60_000 })
    await page.getByRole('button', { name: 'Networks', exact: true }).click()
    const open = page.getByRole('button', { name: `Dashboard of ${NETWORK}` })
    await open.waitFor()
    // The dashboard's chunk is fetched once the networks' screen has painted, before a person clicks.
    await page.waitForLoadState('networkidle')
    const charts = await clickToPainted(page, open, 'section.dashboard .chart-image > svg', 4)
    const library = await clickToPainted(
      page,
      page.getByRole('button', { name: 'Library', exact: true }),
      'section.library [role="row"] button, section.library tr button',
      5,
    )
    return { charts, library }
  } finally {
    await context.close()
  }
}

interface PaintWatch {
  benchPainted: Promise<number>
  document: { body: unknown; querySelectorAll(selector: string): { length: number } }
  addEventListener(type: string, listener: () => void, options: object): void
  MutationObserver: new (callback: () => void) => { observe(node: unknown, options: object): void; disconnect(): void }
  requestAnimationFrame(callback: () => void): number
}

/**
 * The time from a click on `target` (its event, in the page) to `count` elements matching `selector`
 * in the page, painted: noted in a task queued from the animation frame after they are there, as
 * scalePage.ts notes what it watches.
 */
async function clickToPainted(page: Page, target: Locator, selector: string, count: number): Promise<number> {
  await page.evaluate(
    ({ selector, count }) => {
      // The page's globals, typed here: the bench compiles without the DOM's types.
      const page = globalThis as unknown as PaintWatch
      page.benchPainted = new Promise((resolve) => {
        let clicked = 0
        page.addEventListener('click', () => (clicked = performance.now()), { capture: true, once: true })
        const observer = new page.MutationObserver(() => {
          if (!clicked || page.document.querySelectorAll(selector).length < count) return
          observer.disconnect()
          page.requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - clicked)))
        })
        observer.observe(page.document.body, { childList: true, subtree: true })
      })
    },
    { selector, count },
  )
  await target.click()
  return page.evaluate(() => (globalThis as unknown as PaintWatch).benchPainted)
}
