import { cpSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import * as Y from 'yjs'
import { Library } from '../../src/main/library/library.js'
import { newDocumentContent } from '../../src/shared/model/documentBody.js'
import { startProcesses, type Processes } from '../e2e/support/processes.js'
import { chromiumLaunchOptions } from '../helpers/chromium.js'
import { body, createDocument, joinNetwork, openDocument, section, setProfile } from '../e2e/support/pages.js'
import { largeMarkdown } from '../helpers/markdownCorpus.js'
import { figure, percentile, report } from './report.js'
import { applyPatch, loadTrace, paragraphText } from './trace.js'

/**
 * The app as people meet it, in Chromium through the browser shell (`casebook serve`), as the
 * end-to-end tests drive it:
 * - launch to editable: from starting `casebook serve` on a library of one document to that
 *   document open in a new page, editable, with its text on screen;
 * - keystroke to remote paint: two people with their own shells, joined through a relay; from a key
 *   pressed in one page to the frame that shows it in the other;
 * - the automerge-paper document (259,778 edits of one text): from clicking it in the library to its
 *   text on screen in the editor, and to editable: that, plus the time from a key pressed in it to
 *   the character drawn;
 * - import 1 MB of Markdown: the Import button clicked (which readies the back end's importer) and,
 *   3 s later, as a person would take to pick it, the file given to the picker; from then to its
 *   row in the library.
 */
const LAGOS_TEXT = 'Opened in Lagos in 2008.'
const TYPED = 'Ω'
/** The first words of the automerge-paper's final text. */
const PAPER_START = '\\documentclass[10pt,journal,compsoc]{IEEEtran}'
const KEYSTROKES = 500
const KEYSTROKE_INTERVAL_MS = 40
/** largeMarkdown's title. */
const LARGE_TITLE = 'A long case study'

/** Launch to editable alone (`BENCH_ONLY=launch`): the cheap figure to compare two builds by. */
export async function launchBench(runs: number): Promise<void> {
  const browser = await chromium.launch(chromiumLaunchOptions())
  const { processes, stopAll } = startProcesses()
  try {
    await launchRuns(browser, processes, runs)
  } finally {
    await stopAll()
    await browser.close()
  }
}

export async function appBench(runs: number): Promise<void> {
  const browser = await chromium.launch(chromiumLaunchOptions())
  const { processes, stopAll } = startProcesses()
  try {
    await launchRuns(browser, processes, runs)

    process.stderr.write(`app-keystrokes: ${KEYSTROKES} keystrokes\n`)
    const latencies = await keystrokeToRemotePaint(browser, processes)
    await report('app-keystrokes', 1, [
      figure(`keystroke to remote paint p50 (${KEYSTROKES} keystrokes)`, 'ms', [percentile(latencies, 0.5)]),
      figure(`keystroke to remote paint p99 (${KEYSTROKES} keystrokes)`, 'ms', [percentile(latencies, 0.99)], undefined, '≤ 50 ms'),
    ])

    const paint: number[] = []
    const editable: number[] = []
    const dataDir = await paperLibrary(processes)
    for (let run = 1; run <= runs; run += 1) {
      process.stderr.write(`app-big-document: run ${run} of ${runs}\n`)
      const sample = await openPaper(browser, processes, dataDir)
      paint.push(sample.paint)
      editable.push(sample.editable)
    }
    await report('app-big-document', runs, [
      figure('automerge-paper document: click to first paint', 'ms', paint),
      figure('automerge-paper document: click to editable', 'ms', editable, undefined, '≤ 1000 ms'),
    ])

    const imports: number[] = []
    const markdown = Buffer.from(largeMarkdown(1 << 20))
    for (let run = 1; run <= runs; run += 1) {
      process.stderr.write(`app-import: run ${run} of ${runs}\n`)
      imports.push(await importFromPicker(browser, processes, markdown))
    }
    await report('app-import', runs, [figure('import 1 MB of Markdown: file picked to its row in the library', 'ms', imports, undefined, '≤ 1000 ms')])
  } finally {
    await stopAll()
    await browser.close()
  }
}

async function launchRuns(browser: Browser, processes: Processes, runs: number): Promise<void> {
  const launch: number[] = []
  for (let run = 1; run <= runs; run += 1) {
    process.stderr.write(`app-launch: run ${run} of ${runs}\n`)
    launch.push(await launchToEditable(browser, processes))
  }
  await report('app-launch', runs, [figure('launch to an editable document', 'ms', launch, undefined, '≤ 1500 ms')])
}

async function importFromPicker(browser: Browser, processes: Processes, markdown: Buffer): Promise<number> {
  const shell = await processes.shell(processes.tempDir())
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const page = await context.newPage()
    await page.goto(shell.url)
    const picking = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Import…' }).click()
    const chooser = await picking
    await page.waitForTimeout(3000)
    // From the picker's change event, which the page gets once Playwright has handed it the file
    // (a transfer of 1 MB a person's picker does not make), to the first animation frame with the row.
    await page.evaluate(() => {
      const page = globalThis as unknown as ImportPage
      page.document.addEventListener('change', () => (page.picked = performance.timeOrigin + performance.now()), { capture: true, once: true })
    })
    await chooser.setFiles({ name: 'large.md', mimeType: 'text/markdown', buffer: markdown })
    const listed = await page.waitForFunction(
      (title) => {
        const page = globalThis as unknown as ImportPage
        const row = page.document.querySelector('table.documents tbody tr')
        return row?.textContent?.includes(title) ? performance.timeOrigin + performance.now() - page.picked : false
      },
      LARGE_TITLE,
      { timeout: 60_000, polling: 'raf' },
    )
    return (await listed.jsonValue()) as number
  } finally {
    await context.close()
    await shell.stop()
  }
}

/** What importFromPicker uses in the page (this file is compiled without the DOM's types). */
interface ImportPage {
  picked: number
  document: {
    addEventListener(type: string, listener: () => void, options: object): void
    querySelector(selector: string): { textContent: string | null } | null
  }
}

async function launchToEditable(browser: Browser, processes: Processes): Promise<number> {
  const dataDir = processes.tempDir()
  const library = await Library.open(dataDir)
  const content = newDocumentContent(
    { kind: 'case-study', title: 'Lagos BRT' },
    { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: LAGOS_TEXT }] }] },
  )
  await library.create(content)
  await library.close()
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await watch(context, [LAGOS_TEXT])
  try {
    const start = epoch()
    const shell = await processes.shell(dataDir)
    const page = await context.newPage()
    await page.goto(shell.url)
    await page.getByRole('button', { name: 'Lagos BRT', exact: true }).click()
    const shown = await mark(page, LAGOS_TEXT)
    await shell.stop()
    return shown - start
  } finally {
    await context.close()
  }
}

/** What the measuring scripts use in the pages (this file is compiled without the DOM's types). */
interface PageGlobals {
  shown: number[]
  pressed: number[]
  MutationObserver: new (callback: () => void) => { observe(node: unknown, options: object): void }
  requestAnimationFrame(callback: () => void): number
  document: { addEventListener(type: string, listener: () => void, options: object): void }
}

async function keystrokeToRemotePaint(browser: Browser, processes: Processes): Promise<number[]> {
  const relay = await processes.relay()
  const pages: Page[] = []
  for (const [index, name] of ['Writer', 'Reader'].entries()) {
    const shell = await processes.shell()
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    await page.goto(shell.url)
    await setProfile(page, { name, city: 'Lagos' })
    await joinNetwork(page, relay.url, processes.invite(relay, { network: 'bench', role: index === 0 ? 'facilitator' : 'member', name, city: 'Lagos' }))
    await page.getByRole('status').filter({ hasText: 'You joined bench.' }).waitFor()
    pages.push(page)
  }
  const [writer, reader] = pages as [Page, Page]
  await createDocument(writer, { template: 'Case study', title: 'Latency', network: 'bench' })
  await reader.getByRole('button', { name: 'Library' }).click()
  await reader.getByRole('button', { name: 'Latency', exact: true }).waitFor({ timeout: 15_000 })
  await openDocument(reader, 'Latency')

  // The reader notes, for each length the Summary reaches, when the frame showing it has been drawn:
  // a task queued from the next animation frame runs after that frame's paint. (A change applied
  // within an animation frame is painted in that same frame, so for those this counts a frame more.)
  await section(reader, 'Summary').evaluate((paragraph) => {
    const page = globalThis as unknown as PageGlobals
    const shown: number[] = []
    page.shown = shown
    new page.MutationObserver(() => {
      const length = paragraph.textContent?.length ?? 0
      page.requestAnimationFrame(() =>
        setTimeout(() => {
          const at = performance.timeOrigin + performance.now()
          for (let index = shown.length; index < length; index += 1) shown[index] = at
        }),
      )
    }).observe(paragraph, { characterData: true, childList: true, subtree: true })
  })
  await section(writer, 'Summary').click()
  await section(writer, 'Summary').evaluate(() => {
    const page = globalThis as unknown as PageGlobals
    const pressed: number[] = []
    page.pressed = pressed
    page.document.addEventListener('keydown', () => pressed.push(performance.timeOrigin + performance.now()), { capture: true })
  })
  for (let key = 0; key < KEYSTROKES; key += 1) {
    await writer.keyboard.press(String.fromCharCode(97 + (key % 26)))
    await writer.waitForTimeout(KEYSTROKE_INTERVAL_MS)
  }
  await reader.waitForFunction((count) => (globalThis as unknown as PageGlobals).shown.length >= count, KEYSTROKES, { timeout: 30_000 })
  const pressed = await writer.evaluate(() => (globalThis as unknown as PageGlobals).pressed)
  const shown = await reader.evaluate(() => (globalThis as unknown as PageGlobals).shown)
  return pressed.map((at, index) => shown[index]! - at).sort((a, b) => a - b)
}

/** A library holding one document whose body is the automerge-paper trace, replayed edit by edit. */
async function paperLibrary(processes: Processes): Promise<string> {
  const trace = loadTrace('automerge-paper')
  const dataDir = processes.tempDir()
  const library = await Library.open(dataDir)
  const id = await library.create(newDocumentContent({ kind: 'case-study', title: 'Automerge paper' }, { type: 'doc', content: [{ type: 'paragraph' }] }))
  const stored = await library.open(id)
  const replay = new Y.Doc()
  Y.applyUpdate(replay, Y.encodeStateAsUpdate(stored.doc))
  const text = paragraphText(replay)
  for (const txn of trace.txns) for (const patch of txn.patches) replay.transact(() => applyPatch(text, patch))
  Y.applyUpdate(stored.doc, Y.encodeStateAsUpdate(replay, Y.encodeStateVector(stored.doc)))
  await library.close()
  return dataDir
}

async function openPaper(browser: Browser, processes: Processes, library: string): Promise<{ paint: number; editable: number }> {
  // Each run types into the document: each starts from a copy of the same library.
  const dataDir = processes.tempDir()
  cpSync(library, dataDir, { recursive: true })
  const shell = await processes.shell(dataDir)
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await watch(context, [PAPER_START, TYPED])
  try {
    const page = await context.newPage()
    await page.goto(shell.url)
    await page.getByRole('button', { name: 'Automerge paper', exact: true }).click()
    const clicked = await mark(page, 'click')
    const paint = (await mark(page, PAPER_START)) - clicked
    await body(page).click({ position: { x: 5, y: 5 } })
    await page.keyboard.type(TYPED)
    // Editable: shown, and a key pressed then drawn. Playwright's own time between the two is left out.
    const keystroke = (await mark(page, TYPED)) - (await mark(page, 'beforeinput'))
    return { paint, editable: paint + keystroke }
  } finally {
    await context.close()
    await shell.stop()
  }
}

/** The wall clock in milliseconds, as precise as performance.now(): the same clock in Node and in the pages. */
function epoch(): number {
  return performance.timeOrigin + performance.now()
}

/**
 * Runs in each page before its own scripts, and notes (on the wall clock) when the first click and
 * the first typing came, and when each of the given texts was first drawn in an editable document
 * body: the body is looked at once per animation frame after a change, and a task queued from that
 * frame runs after its paint.
 */
function watchPage(texts: string[]): void {
  const page = globalThis as unknown as WatchedPage
  const now = () => performance.timeOrigin + performance.now()
  const marks: Record<string, number> = {}
  const seen = new Set<string>()
  page.casebookMarks = marks
  page.addEventListener('click', () => (marks['click'] ??= now()), { capture: true })
  // Playwright types characters beyond the US keyboard as text, without key events: beforeinput
  // comes either way.
  page.addEventListener('beforeinput', () => (marks['beforeinput'] ??= now()), { capture: true })
  let scheduled = false
  const look = () => {
    scheduled = false
    const text = page.document.querySelector('.document-body[contenteditable="true"]')?.textContent ?? ''
    for (const wanted of texts) {
      if (seen.has(wanted) || !text.includes(wanted)) continue
      seen.add(wanted)
      setTimeout(() => (marks[wanted] = now()))
    }
  }
  new page.MutationObserver(() => {
    if (!scheduled) page.requestAnimationFrame(look)
    scheduled = true
  }).observe(page.document, { subtree: true, childList: true, characterData: true, attributes: true })
}

interface WatchedPage {
  casebookMarks: Record<string, number>
  addEventListener(type: string, listener: () => void, options: object): void
  document: { querySelector(selector: string): { textContent: string | null } | null }
  MutationObserver: new (callback: () => void) => { observe(node: unknown, options: object): void }
  requestAnimationFrame(callback: () => void): number
}

/**
 * Installs watchPage in every page of the context. tsx compiles this file keeping function names, by
 * wrapping functions in a helper the page does not have: the page gets a stand-in for it.
 */
export async function watch(context: BrowserContext, texts: string[]): Promise<void> {
  await context.addInitScript({ content: `var __name = (target) => target;\n(${watchPage.toString()})(${JSON.stringify(texts)})` })
}

/** Waits for a mark that watchPage notes, and returns it. */
export async function mark(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction((wanted) => (globalThis as unknown as WatchedPage).casebookMarks[wanted], name, { timeout: 60_000, polling: 50 })
  return (await handle.jsonValue()) as number
}
